"""Pure computations behind the pages (no Streamlit), unit-tested on their own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import yaml

from hirelake.decisions import DecisionError, ReviewDecision, ScoreRef
from hirelake.i18n import both
from hirelake.lake import Lake
from hirelake.reports import ReportData
from hirelake.scores import score_for
from hirelake.weights import WeightSet, weight_versions
from models.recommendation import decide


def current_score(lake: Lake, interview_id: str) -> ScoreRef:
    """The lake's current score set (never a cached frame): what a decision must be about."""
    score = score_for(lake, interview_id)
    if score is None:
        raise DecisionError(both("review.not_scored", interview_id=interview_id))
    return score


def review_queue(scores: pd.DataFrame, decisions: Iterable[ReviewDecision]) -> pd.DataFrame:
    """Current score sets without a reviewer decision: borderline/split first, then the oldest.

    The same order as `hirelake.scores.review_queue`, on the dashboards' frame.
    """
    decided = {(d.interview_id, d.score_key) for d in decisions}
    keys = zip(scores["interview_id"], scores["score_key"], strict=True)
    undecided = [(i, k) not in decided for i, k in keys]
    # a boolean Series, not a list: an empty list would select no columns rather than no rows
    waiting = scores.loc[pd.Series(undecided, index=scores.index, dtype=bool)].copy()
    waiting["priority"] = (~waiting["needs_review"].astype(bool)).astype(int)
    return waiting.sort_values(["priority", "scored_at", "interview_id"], kind="stable").reset_index(
        drop=True
    )


def flagged_moments(data: ReportData) -> list[tuple[float, str, str]]:
    """Where a reviewer should look: (seconds, "flag" | "dimension", code), flags with a time and the
    evidence of dimensions below the pass line, in time order, one per moment."""
    moments = [(f.start_seconds, "flag", f.code) for f in data.flags if f.start_seconds is not None]
    failing = {d.dimension for d in data.dimensions if d.score < data.dimension_pass}
    moments += [(e.start_seconds, "dimension", e.dimension) for e in data.evidence if e.dimension in failing]
    seen: set[float] = set()
    unique = []
    for seconds, kind, code in sorted(moments):
        if seconds not in seen:
            seen.add(seconds)
            unique.append((seconds, kind, code))
    return unique


def ranking_preview(scores: pd.DataFrame, dimensions: pd.DataFrame, new: WeightSet) -> pd.DataFrame:
    """Each current score set re-decided under `new`: totals, recommendation, rank within its position."""
    current = dimensions.merge(scores[["interview_id", "score_key"]], on=["interview_id", "score_key"])
    by_set = {
        key: dict(zip(group["dimension"], group["score"], strict=True))
        for key, group in current.groupby(["interview_id", "score_key"])
    }
    rows = []
    for row in scores.to_dict("records"):
        dims = by_set.get((row["interview_id"], row["score_key"]), {})
        family = str(row["role_family"])
        if not dims or family not in new.role_families:
            continue
        decision = decide(dims, family, new)
        rows.append(
            {
                "interview_id": row["interview_id"],
                "candidate_id": row["candidate_id"],
                "position_id": row["position_id"],
                "department_id": row.get("department_id"),
                "total_now": float(row["total_score"]),
                "recommendation_now": row["recommendation"],
                "total_new": decision.total,
                "recommendation_new": decision.recommendation,
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    group = frame.groupby("position_id")
    frame["rank_now"] = group["total_now"].rank(ascending=False, method="min").astype(int)
    frame["rank_new"] = group["total_new"].rank(ascending=False, method="min").astype(int)
    frame["rank_change"] = frame["rank_now"] - frame["rank_new"]
    frame["changed"] = frame["recommendation_now"] != frame["recommendation_new"]
    return frame.sort_values(["position_id", "rank_new"]).reset_index(drop=True)


def next_version(directory: Path) -> int:
    versions = weight_versions(directory)
    return (versions[-1] if versions else 0) + 1


def save_weight_version(weights: WeightSet, directory: Path) -> Path:
    """Write `v<N>.yaml`; never overwrites (a version once used by a score must stay as it was)."""
    path = directory / f"v{weights.version}.yaml"
    document = weights.model_dump(mode="json")
    header = "# Written by the dashboards' weights page. A change is a new version file, never an edit.\n"
    with path.open("x", encoding="utf-8") as handle:  # "x": fails if the version exists
        handle.write(header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    return path


def today() -> date:
    """The hospital's calendar day for form defaults (UTC: the server's zone must not decide)."""
    return datetime.now(UTC).date()


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"
