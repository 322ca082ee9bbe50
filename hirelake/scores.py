"""Reading scores back from `silver/`: the current score set per interview and the review queue.

An interview may hold several score sets (one per weights / bank / model version); the current one is
the latest `scored_at`. The review queue lists every current score set no person has decided on yet:
borderline and split-dimension cases first, then the oldest, because no recommendation is final
without a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hirelake.decisions import ReviewDecision, ScoreRef, review_decisions
from hirelake.lake import Lake
from hirelake.schemas import DIMENSION_SCORES, INTERVIEW_SCORES


def _has_objects(lake: Lake, prefix: str) -> bool:
    return any(True for _ in lake.list(prefix))


def _query(lake: Lake, sql: str) -> list[tuple[Any, ...]]:
    connection = lake.duckdb()
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def current_scores(lake: Lake) -> list[ScoreRef]:
    """The latest score set of every scored interview, with its dimension scores."""
    if not _has_objects(lake, f"silver/{INTERVIEW_SCORES.name}/"):
        return []
    scores = INTERVIEW_SCORES.glob(lake.bucket)
    dimensions = DIMENSION_SCORES.glob(lake.bucket)
    rows = _query(
        lake,
        f"""
        with latest as (
            select * from read_parquet('{scores}')
            qualify row_number() over (partition by interview_id order by scored_at desc, score_key) = 1
        )
        select l.interview_id, l.score_key, l.candidate_id, l.position_id, l.recommendation,
               l.total_score, l.needs_review, l.scored_at, l.review_reasons,
               list(struct_pack(dimension := d.dimension, score := d.score)
                    order by d.dimension) filter (where d.dimension is not null) as dims
        from latest l
        left join read_parquet('{dimensions}') d using (interview_id, score_key)
        group by all
        order by l.interview_id
        """,  # noqa: S608 - globs built from our own bucket name, not user input
    )
    return [
        ScoreRef(
            interview_id=str(interview_id),
            score_key=str(score_key),
            candidate_id=str(candidate_id),
            position_id=None if position_id is None else str(position_id),
            recommendation=str(recommendation),
            total_score=float(total),
            needs_review=bool(needs_review),
            scored_at=scored_at.isoformat(),
            review_reasons=tuple(reasons or ()),
            dimension_scores={d["dimension"]: float(d["score"]) for d in dims or ()},
        )
        for (
            interview_id,
            score_key,
            candidate_id,
            position_id,
            recommendation,
            total,
            needs_review,
            scored_at,
            reasons,
            dims,
        ) in rows
    ]


def score_for(lake: Lake, interview_id: str) -> ScoreRef | None:
    return next((s for s in current_scores(lake) if s.interview_id == interview_id), None)


@dataclass(frozen=True)
class QueueItem:
    score: ScoreRef
    priority: int  # 0: borderline or split case, 1: routine confirmation

    @property
    def interview_id(self) -> str:
        return self.score.interview_id


def review_queue(lake: Lake, decisions: list[ReviewDecision] | None = None) -> list[QueueItem]:
    """Current score sets without a reviewer decision, most urgent first, then oldest first."""
    decided = {
        (d.interview_id, d.score_key)
        for d in (decisions if decisions is not None else review_decisions(lake))
    }
    waiting = [s for s in current_scores(lake) if (s.interview_id, s.score_key) not in decided]
    items = [QueueItem(s, 0 if s.needs_review else 1) for s in waiting]
    return sorted(items, key=lambda i: (i.priority, i.score.scored_at, i.interview_id))
