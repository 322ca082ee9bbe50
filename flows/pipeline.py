"""The Prefect flows of the media pipeline: `process-interview` (one) and `process-pending` (all).

`process-pending` fans out one task per interview on a Dask task runner (a LocalCluster by default,
an existing scheduler by configuration); each worker keeps its models loaded between interviews.
Store errors retry with backoff; bad recordings end in quarantine; a markdown artifact sums up the run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect_dask.task_runners import DaskTaskRunner

from flows import resources
from flows.interview import IngestedInterview, InterviewOutcome, RunContext, ingested_interviews, process
from hirelake.consent import ConsentRegistry
from hirelake.lake import Lake
from hirelake.landing import Submission, scan_landing
from hirelake.logs import get_logger
from hirelake.positions import load_positions
from hirelake.quarantine import quarantine, quarantined, release
from hirelake.services.prefect_server import shared_ephemeral_api
from hirelake.settings import Settings

WorkItem = Submission | IngestedInterview
LANDING_STAGE = "landing"  # quarantine stage of submission records that cannot be trusted
log = get_logger(__name__)


@task(
    name="process-interview-task",
    task_run_name="interview-{item.interview_id}",
    retries=3,
    retry_delay_seconds=[2, 10, 30],
    cache_policy=NO_CACHE,  # the lake's stage records are the cache: they survive machines and runs
)
def process_item(settings: Settings, item: WorkItem, context: RunContext) -> InterviewOutcome:
    return process(settings, item, context)


def pending_work(settings: Settings) -> list[WorkItem]:
    """New submissions in landing, and ingested interviews (whose stale stages will re-run)."""
    lake = resources.lake(settings)
    landing: list[WorkItem] = list(valid_submissions(lake))
    waiting = {item.interview_id for item in landing}
    known: list[WorkItem] = [i for i in ingested_interviews(lake) if i.interview_id not in waiting]
    return landing + known


def valid_submissions(lake: Lake) -> list[Submission]:
    """Landing's submissions; a record that cannot be trusted (written by another system, by hand, or
    cut short) is quarantined with its reason and left in place, and the others go on. Once fixed, the
    next run takes it and forgets its quarantine record."""
    valid, invalid = scan_landing(lake)
    for bad in invalid:
        quarantine(lake, stage=LANDING_STAGE, item_id=bad.item_id, reason=bad.reason, input_sha256=None)
        log.warning("submission quarantined", folder=bad.item_id, reason=bad.reason)
    fixed = {r.item_id for r in quarantined(lake, LANDING_STAGE)} & {s.interview_id for s in valid}
    for interview_id in fixed:
        release(lake, LANDING_STAGE, interview_id)
    return valid


def run_context(settings: Settings) -> RunContext:
    lake = resources.lake(settings)
    run_id = flow_run.get_id()
    return RunContext(ConsentRegistry.from_lake(lake), load_positions(lake), str(run_id) if run_id else None)


def summary_markdown(outcomes: Sequence[InterviewOutcome]) -> str:
    counts = Counter(o.status for o in outcomes)
    lines = [
        "# Interview processing",
        "",
        ", ".join(f"**{status}**: {count}" for status, count in sorted(counts.items())) or "nothing to do",
        "",
        "| interview | status | stage | media s | ingest s | speech s | vision s | reason |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        d = o.durations
        reason = (o.reason or "").replace("|", "/").replace("\n", " ")
        lines.append(
            f"| {o.interview_id} | {o.status} | {o.stage or ''} | {o.media_seconds:.0f} | "
            f"{d.get('ingest', '')} | {d.get('speech', '')} | {d.get('vision', '')} | {reason} |"
        )
    return "\n".join(lines)


def _publish_summary(outcomes: Sequence[InterviewOutcome]) -> None:
    create_markdown_artifact(
        key="interview-processing", markdown=summary_markdown(outcomes), description="Interview processing"
    )


@flow(name="process-interview")
def process_interview(interview_id: str) -> InterviewOutcome:
    """Process one interview, from landing or again from the raw zone."""
    settings = Settings()
    matches = [item for item in pending_work(settings) if item.interview_id == interview_id]
    if not matches:
        raise ValueError(f"no submission or ingested interview {interview_id!r} in the lake")
    outcome = process_item(settings, matches[0], run_context(settings))
    _publish_summary([outcome])
    return outcome


@flow(name="process-pending")
def process_pending() -> list[InterviewOutcome]:
    """Every pending interview, fanned out on the flow's task runner."""
    settings = Settings()
    items = pending_work(settings)
    context = run_context(settings)
    futures = [
        process_item.submit(settings, item, context.for_interview(item.candidate_id, item.position_id))
        for item in items
    ]
    outcomes = [future.result() for future in futures]
    _publish_summary(outcomes)
    return outcomes


# Dask configuration for the pipeline's workers; workers started elsewhere (an existing scheduler) get
# the same through the environment: DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False. Dotted keys: the
# nanny merges this shallowly into the whole configuration, so a nested `distributed` would replace it.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def dask_runner(settings: Settings) -> DaskTaskRunner:
    address = settings.pipeline.dask_scheduler_address
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": settings.pipeline.dask_workers,
            "threads_per_worker": 1,  # one interview at a time per worker: models are not thread-safe
            "processes": True,
            # Loopback only, any free port: the scheduler's HTTP server starts even without a
            # dashboard, and a fixed 8787 collides with any other cluster on the machine.
            "host": "127.0.0.1",
            "dashboard_address": "127.0.0.1:0",
            # Passed to each worker process. Dask's statistical profiler samples the running task's
            # stack every 10 ms and keeps the last 1,000 one-second profiles: with this pipeline's
            # deep stacks (GX, pydantic, Prefect) that grew each worker by ~400 MB over the first
            # 17 minutes of a 200-interview queue (bench/bench_load.py), and costs CPU. Nothing reads it.
            "config": WORKER_CONFIG,
        }
    )


def run_process_pending(settings: Settings) -> list[InterviewOutcome]:
    # DaskTaskRunner yields PrefectDaskFutures, a subtype Prefect's signature does not spell out.
    runner = dask_runner(settings)
    with shared_ephemeral_api(settings):
        outcomes: list[InterviewOutcome] = process_pending.with_options(task_runner=runner)()  # type: ignore[arg-type]
    return outcomes
