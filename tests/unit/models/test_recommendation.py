"""Weighted totals, recommendations and the review rules, on the defaults of DOMAIN.md section 4."""

from __future__ import annotations

from pathlib import Path

import pytest

from hirelake.weights import WeightsError, load_weights
from models.recommendation import decide, fold_dimensions, weighted_total

WEIGHTS = load_weights(1)


def test_default_weights_match_the_product_document() -> None:
    assert WEIGHTS.for_family("clinical_physician") == {
        "knowledge": 40,
        "clinical_skill": 30,
        "professionalism": 30,
    }
    assert WEIGHTS.for_family("nurse") == {"clinical_skill": 40, "knowledge": 30, "professionalism": 30}
    assert WEIGHTS.for_family("administrative") == {"communication": 40, "teamwork": 30, "knowledge": 30}
    assert WEIGHTS.ref == "weights@1"


def test_physician_total_and_recommendation() -> None:
    decision = decide(
        {"knowledge": 90, "clinical_skill": 85, "professionalism": 88}, "clinical_physician", WEIGHTS
    )
    assert decision.total == pytest.approx(0.4 * 90 + 0.3 * 85 + 0.3 * 88)
    assert decision.recommendation == "recommend"
    assert not decision.needs_review


def test_nurse_communication_folds_into_professionalism() -> None:
    scores = {"clinical_skill": 80, "knowledge": 70, "professionalism": 90, "communication": 70}
    assert fold_dimensions(scores, {"communication": "professionalism"})["professionalism"] == 80
    decision = decide(scores, "nurse", WEIGHTS)
    assert decision.total == pytest.approx(0.4 * 80 + 0.3 * 70 + 0.3 * 80)
    assert "communication" not in decision.dimension_scores


@pytest.mark.parametrize(
    ("total", "expected", "review"),
    [(90, "recommend", False), (76, "recommend", True), (73, "hold", True), (67, "hold", False),
     (62, "hold", True), (50, "not_recommended", False)],
)  # fmt: skip
def test_thresholds_and_review_band(total: float, expected: str, review: bool) -> None:
    scores = {"knowledge": total, "clinical_skill": total, "professionalism": total}
    decision = decide(scores, "clinical_physician", WEIGHTS)
    assert decision.recommendation == expected
    assert decision.needs_review is review


def test_split_dimension_goes_to_review_even_when_the_total_is_clear() -> None:
    decision = decide({"communication": 55, "teamwork": 95, "knowledge": 95}, "administrative", WEIGHTS)
    assert decision.total == pytest.approx(0.4 * 55 + 0.3 * 95 + 0.3 * 95)
    assert decision.needs_review
    assert any("split" in reason and "communication" in reason for reason in decision.review_reasons)


def test_missing_dimension_costs_its_weight() -> None:
    assert weighted_total({"knowledge": 100}, {"knowledge": 40, "clinical_skill": 60}) == 40


def test_invalid_weights_are_refused_with_the_file_named(tmp_path: Path) -> None:
    (tmp_path / "v1.yaml").write_text(
        "version: 1\nthresholds: {recommend_at: 75, hold_at: 60, review_band: 5, dimension_pass: 60}\n"
        "role_families:\n  nurse: {clinical_skill: 50, knowledge: 30}\n"
    )
    with pytest.raises(WeightsError, match=r"(?s)v1\.yaml.*sum to 100"):
        load_weights(1, tmp_path)
    with pytest.raises(WeightsError, match="not found"):
        load_weights(7)
    with pytest.raises(WeightsError, match="no weights for"):
        WEIGHTS.for_family("surgeon")
