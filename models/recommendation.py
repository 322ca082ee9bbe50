"""From dimension scores to a weighted total, a recommendation and whether a person must review it.

Pure and deterministic. No recommendation is final: `needs_review` only says whether the case goes to
the review queue first (a total near a threshold, or one dimension passing while another fails).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Literal

from hirelake.weights import WeightSet

Recommendation = Literal["recommend", "hold", "not_recommended"]


@dataclass(frozen=True)
class Decision:
    total: float
    recommendation: Recommendation
    needs_review: bool
    review_reasons: tuple[str, ...]
    dimension_scores: Mapping[str, float]  # after folding, the ones the total weighs
    weights_ref: str


def fold_dimensions(scores: Mapping[str, float], folds: Mapping[str, str]) -> dict[str, float]:
    """Merge folded dimensions into their target by averaging (nurse: communication -> professionalism)."""
    grouped: dict[str, list[float]] = {}
    for dimension, score in scores.items():
        grouped.setdefault(folds.get(dimension, dimension), []).append(score)
    return {dimension: fmean(values) for dimension, values in grouped.items()}


def weighted_total(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Weights sum to 100; a dimension with no score counts as 0 (a missing answer costs points)."""
    return round(sum(scores.get(dimension, 0.0) * weight for dimension, weight in weights.items()) / 100, 2)


def decide(scores: Mapping[str, float], role_family: str, weight_set: WeightSet) -> Decision:
    weights = weight_set.for_family(role_family)
    folded = fold_dimensions(scores, weight_set.folds.get(role_family, {}))
    total = weighted_total(folded, weights)
    limits = weight_set.thresholds
    recommendation: Recommendation = (
        "recommend"
        if total >= limits.recommend_at
        else "hold"
        if total >= limits.hold_at
        else "not_recommended"
    )
    reasons: list[str] = []
    for name, threshold in (("recommend", limits.recommend_at), ("hold", limits.hold_at)):
        if abs(total - threshold) <= limits.review_band:
            reasons.append(
                f"total {total:g} within {limits.review_band:g} of the {name} threshold {threshold:g}"
            )
    passing = sorted(d for d, s in scores.items() if s >= limits.dimension_pass)
    failing = sorted(d for d, s in scores.items() if s < limits.dimension_pass)
    if passing and failing:
        reasons.append(
            f"split: {', '.join(passing)} pass but {', '.join(failing)} below {limits.dimension_pass:g}"
        )
    return Decision(total, recommendation, bool(reasons), tuple(reasons), folded, weight_set.ref)
