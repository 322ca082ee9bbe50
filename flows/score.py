"""The `score-interviews` flow: silver evidence to competency scores, risk flags, reports and the queue.

Reads only what the media stages stored (never the media), so a new weights version re-scores every
interview in seconds. Each score set is published behind the GX gate under its score key, its report
is rendered in both languages, and the review queue picks it up: no recommendation is final without a
person (see `hirelake.decisions`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import pyarrow as pa
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows import resources
from flows.interview import IngestedInterview, ingested_interviews
from flows.score_inputs import NotAnalysedError, NotScorableError, scoring_job
from flows.score_rows import score_tables
from flows.silver_io import DataQualityError, cached_stage, publish_stage
from hirelake.i18n import LANGUAGES
from hirelake.lake import Lake
from hirelake.logs import get_logger
from hirelake.positions import PositionInfo, load_positions
from hirelake.quarantine import quarantine, release
from hirelake.reports import render_report, report_data, report_key, score_stage
from hirelake.scores import review_queue
from hirelake.settings import Settings
from hirelake.weights import WeightSet, load_weights
from models.assessment import SCORER_VERSION, ScoringPolicy, assess_interview

ScoreStatus = Literal["scored", "cached", "not_analysed", "not_scorable"]


@dataclass(frozen=True)
class ScoreOutcome:
    interview_id: str
    status: ScoreStatus
    score_key: str | None = None
    total: float | None = None
    recommendation: str | None = None
    needs_review: bool = False
    flags: tuple[str, ...] = ()
    reason: str | None = None


def configured_weights(settings: Settings, version: int | None = None) -> WeightSet:
    """The weights version asked for, else the configured one, else the newest."""
    chosen = version if version is not None else settings.assessment.weights_version
    directory = settings.assessment.weights_dir
    return load_weights(chosen) if directory is None else load_weights(chosen, directory)


def scoring_policy(settings: Settings) -> ScoringPolicy:
    return ScoringPolicy(expression_allowed=settings.expression_analysis_allowed)


def scorer_provenance(settings: Settings) -> dict[str, str | None]:
    embedder = resources.embedder(settings)
    return {"scorer": SCORER_VERSION, "embedder": f"{embedder.model_id}@{embedder.version}"}


def _publish_reports(
    lake: Lake, tables: Mapping[str, pa.Table], weight_set: WeightSet, interview_id: str, key: str
) -> None:
    rows = {name: table.to_pylist() for name, table in tables.items()}
    data = report_data(rows, weight_set.thresholds.dimension_pass)
    for language in LANGUAGES:
        html = render_report(data, language)
        lake.put_bytes(
            report_key(interview_id, key, language), html.encode("utf-8"), "text/html; charset=utf-8"
        )


def _held(lake: Lake, interview: IngestedInterview, score_key: str | None, reason: str) -> ScoreOutcome:
    """Quarantine at the score stage: a person fixes the cause, the next run scores it."""
    quarantine(lake, stage="score", item_id=interview.interview_id, reason=reason,
               input_sha256=interview.media_sha256)  # fmt: skip
    return ScoreOutcome(interview.interview_id, "not_scorable", score_key, reason=reason)


def score_one(
    settings: Settings,
    lake: Lake,
    interview: IngestedInterview,
    position: PositionInfo | None,
    weight_set: WeightSet,
) -> ScoreOutcome:
    log = get_logger(__name__, interview_id=interview.interview_id)
    policy = scoring_policy(settings)
    try:
        job = scoring_job(
            lake,
            interview,
            position=position,
            weight_set=weight_set,
            policy=policy,
            scorer_provenance=scorer_provenance(settings),
        )
    except NotAnalysedError as exc:  # held upstream with its own reason: nothing to add here
        return ScoreOutcome(interview.interview_id, "not_analysed", reason=str(exc))
    except NotScorableError as exc:
        return _held(lake, interview, None, str(exc))
    stage = score_stage(job.score_key)
    if cached_stage(lake, interview.interview_id, stage, interview.media_sha256, job.score_key):
        return ScoreOutcome(interview.interview_id, "cached", job.score_key)
    assessment = assess_interview(job.inputs, weight_set, policy, resources.embedder(settings))
    own_report = report_key(interview.interview_id, job.score_key, settings.language)
    tables = score_tables(assessment, job, weight_set, own_report, datetime.now(UTC))
    try:
        # Reports first: a score set whose record exists always has its report beside it.
        _publish_reports(lake, tables, weight_set, interview.interview_id, job.score_key)
        publish_stage(
            lake,
            interview_id=interview.interview_id,
            stage=stage,
            media_sha256=interview.media_sha256,
            stage_fingerprint=job.score_key,
            tables=tables,
        )
    except DataQualityError as exc:
        return _held(lake, interview, job.score_key, str(exc))
    release(lake, "score", interview.interview_id)
    decision = assessment.decision
    log.info("scored", total=decision.total, recommendation=decision.recommendation, score_key=job.score_key)
    return ScoreOutcome(
        interview.interview_id,
        "scored",
        job.score_key,
        decision.total,
        decision.recommendation,
        decision.needs_review,
        tuple(sorted({f.code for f in assessment.flags})),
    )


@task(
    name="score-interview",
    task_run_name="score-{interview.interview_id}",
    retries=2,
    retry_delay_seconds=[2, 10],
    cache_policy=NO_CACHE,
)
def score_interview_task(
    settings: Settings, interview: IngestedInterview, position: PositionInfo | None, weight_set: WeightSet
) -> ScoreOutcome:
    # A LakeError (the store is away) propagates: the task retries, the interview is not the problem.
    return score_one(settings, resources.lake(settings), interview, position, weight_set)


def summary_markdown(outcomes: Sequence[ScoreOutcome], weight_set: WeightSet, queued: int) -> str:
    counts = Counter(o.status for o in outcomes)
    lines = [
        "# Interview scoring",
        "",
        f"weights: **{weight_set.ref}**; " + ", ".join(f"**{s}**: {n}" for s, n in sorted(counts.items())),
        f"review queue: **{queued}** waiting for a person",
        "",
        "| interview | status | total | recommendation | needs review | flags | reason |",
        "|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        total = "" if o.total is None else f"{o.total:.1f}"
        reason = (o.reason or "").replace("|", "/").replace("\n", " ")
        lines.append(
            f"| {o.interview_id} | {o.status} | {total} | {o.recommendation or ''} | "
            f"{'yes' if o.needs_review else ''} | {', '.join(o.flags)} | {reason} |"
        )
    return "\n".join(lines)


@flow(name="score-interviews")
def score_interviews(weights_version: int | None = None) -> list[ScoreOutcome]:
    """Score every analysed interview whose score set for these versions does not exist yet."""
    settings = Settings()
    lake = resources.lake(settings)
    weight_set = configured_weights(settings, weights_version)
    positions = load_positions(lake)
    outcomes = [
        score_interview_task(settings, interview, positions.get(interview.position_id), weight_set)
        for interview in sorted(ingested_interviews(lake), key=lambda i: i.interview_id)
    ]
    queued = len(review_queue(lake))
    create_markdown_artifact(
        key="interview-scoring",
        markdown=summary_markdown(outcomes, weight_set, queued),
        description="Scoring",
    )
    return outcomes


def run_score_interviews(weights_version: int | None = None) -> list[ScoreOutcome]:
    outcomes: list[ScoreOutcome] = score_interviews(weights_version)
    return outcomes
