"""Prefect deployments: the five scheduled runs, started by a Prefect worker polling the `hirelake` pool.

Each entry flow here takes JSON parameters only (a worker starts it from the API), builds `Settings` from
the environment (`HIRELAKE_*`, as the CLI does) and calls what the matching CLI command calls, so the
flows it wraps (`sync-hris`, `process-pending`, `score-interviews`, `build-marts`) show as its subflows:

| deployment | entry flow | same as | schedule |
|---|---|---|---|
| `hris-sync` | `hirelake-hris-sync` | `hirelake hris sync` | 01:00 daily |
| `process` | `hirelake-process` | `hirelake process` | hourly at :10 |
| `score` | `hirelake-score` | `hirelake score` | hourly at :40 |
| `deletion-run` | `hirelake-deletion-run` | `hirelake deletion run` | 02:00 daily |
| `marts-build` | `hirelake-marts-build` | `hirelake marts build` | 02:30 daily |

The code is never pulled from anywhere: entrypoints are module paths (`flows.deployments.<function>`)
that the worker's own Python imports, from the image or the installed working tree; deployments carry no
storage and no pull steps. `apply_deployments()` (the `hirelake deployments apply` command) creates the
process work pool and the deployments, idempotently. The flow modules are imported inside the entry
flows, so registering them or starting one loads only what that run needs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from prefect import Flow, flow
from prefect.artifacts import create_markdown_artifact

from hirelake.errors import ConfigurationError
from hirelake.settings import Settings

if TYPE_CHECKING:  # imported by the flows that need them: the lake pulls in DuckDB and Arrow
    from hirelake.deletion import DeletionRun
    from hirelake.hris.sync import SyncReport

WORK_POOL = "hirelake"
WORK_POOL_TYPE = "process"
TAGS = ("hirelake", "scheduled")


def _settings() -> Settings:
    from hirelake.logs import configure_logging

    settings = Settings()
    configure_logging(settings)
    return settings


def _sync_from(
    settings: Settings, api_url: str | None, files_dir: str | None, load_date: date | None
) -> SyncReport:
    from flows.sync_hris import run_sync_hris
    from hirelake.hris.connect import choose_source

    source = choose_source(settings, api_url, Path(files_dir) if files_dir is not None else None)
    with source if isinstance(source, AbstractContextManager) else nullcontext():  # the API's client
        return run_sync_hris(settings, source, load_date)


@flow(name="hirelake-hris-sync", timeout_seconds=3600)
def hris_sync(
    api_url: str | None = None, files_dir: str | None = None, load_date: date | None = None
) -> dict[str, Any]:
    """Sync the HRIS into raw/hris/ (`hirelake hris sync`): its API by default, or a folder of exports."""
    report = _sync_from(_settings(), api_url, files_dir, load_date)
    return {
        "accepted": report.accepted,
        "rejected": report.rejected,
        "unchanged": report.unchanged,
        "report_key": report.report_key,
    }


@flow(name="hirelake-process", timeout_seconds=3300)
def process_pending_interviews() -> dict[str, int]:
    """Process every pending interview (`hirelake process`): the stages run on the Dask cluster."""
    from flows.pipeline import run_process_pending

    return dict(Counter(outcome.status for outcome in run_process_pending(_settings())))


@flow(name="hirelake-score", timeout_seconds=1500)
def score_interviews(weights_version: int | None = None) -> dict[str, int]:
    """Score every analysed interview (`hirelake score`); reads silver, never the media."""
    from flows.score import run_score_interviews

    _settings()  # logging configured as the CLI does; the scoring flow reads its settings itself
    return dict(Counter(outcome.status for outcome in run_score_interviews(weights_version)))


def deletion_markdown(run: DeletionRun) -> str:
    """Request ids and counts only: no candidate id or hold reason lands in Prefect's database, which a
    later deletion could not reach (the run report in the lake has the details)."""
    lines = [
        "# Deletion run",
        "",
        f"**completed**: {len(run.completed)}, **held**: {len(run.held)}; report: `{run.report_key or '-'}`",
        "",
        "| request | outcome | interviews | deleted objects | mart rows removed | pseudonymised objects |",
        "|---|---|---|---|---|---|",
    ]
    for outcome in run.outcomes:
        counts = outcome.counts
        lines.append(
            f"| {outcome.request_id} | {outcome.outcome} | {counts['interviews']} | "
            f"{counts['deleted_objects']} | {counts['mart_rows_removed']} | "
            f"{counts['pseudonymised_objects']} |"
        )
    return "\n".join(lines)


@flow(name="hirelake-deletion-run", timeout_seconds=3600)
def deletion_run() -> dict[str, Any]:
    """Carry out every open deletion request not under legal hold (`hirelake deletion run`)."""
    from hirelake.deletion import execute_deletion_requests
    from hirelake.lake import Lake

    run = execute_deletion_requests(Lake(_settings()))
    create_markdown_artifact(key="deletion-run", markdown=deletion_markdown(run), description="Deletion run")
    return {"completed": len(run.completed), "held": len(run.held), "report_key": run.report_key}


@flow(name="hirelake-marts-build", timeout_seconds=5400)
def marts_build(variables: dict[str, Any] | None = None) -> dict[str, int]:
    """dbt build aside, GX on every mart, swap the serving warehouse if all passed (`hirelake marts build`).

    `variables`: dbt vars, e.g. {"compliance_as_of_date": "2026-03-31"}."""
    from flows.build_marts import run_build_marts

    return dict(run_build_marts(_settings(), variables or {}).row_counts)


@dataclass(frozen=True)
class ScheduledRun:
    """One deployment: its name, the entry flow it starts, when, and why then."""

    name: str
    entry: Flow[..., Any]
    cron: str
    why: str


# Deletion before the marts build: the served marts lose deleted candidates' rows the same night.
SCHEDULED_RUNS: tuple[ScheduledRun, ...] = (
    ScheduledRun("hris-sync", hris_sync, "0 1 * * *", "nightly, before the marts"),
    ScheduledRun("process", process_pending_interviews, "10 * * * *", "hourly; stages run on Dask"),
    ScheduledRun("score", score_interviews, "40 * * * *", "hourly, after process"),
    ScheduledRun("deletion-run", deletion_run, "0 2 * * *", "daily, before the marts build"),
    ScheduledRun("marts-build", marts_build, "30 2 * * *", "daily, after the deletion run"),
)


@dataclass(frozen=True)
class AppliedDeployment:
    full_name: str  # "<flow>/<deployment>", as `prefect deployment run` takes it
    deployment_id: UUID
    cron: str
    timezone: str
    paused: bool


def _hirelake_version() -> str:
    try:
        return version("hirelake")
    except PackageNotFoundError:  # a source tree on sys.path without an install
        return "unknown"


def ensure_work_pool(name: str = WORK_POOL) -> None:
    """Create the process work pool unless it exists (a worker may have created it first)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
    from prefect.workers.process import ProcessWorker

    with get_client(sync_client=True) as client:
        try:
            pool = client.read_work_pool(name)
        except ObjectNotFound:
            template = ProcessWorker.get_default_base_job_template()
            try:
                client.create_work_pool(
                    WorkPoolCreate(name=name, type=WORK_POOL_TYPE, base_job_template=template)
                )
            except ObjectAlreadyExists:
                pool = client.read_work_pool(name)
            else:
                return
        if pool.type != WORK_POOL_TYPE:
            raise ConfigurationError(
                f"work pool {name!r} exists with type {pool.type!r}; hirelake's deployments need a "
                f"{WORK_POOL_TYPE!r} pool: delete it (`prefect work-pool delete {name}`) or name another"
            )


def apply_deployments(
    *,
    work_pool: str = WORK_POOL,
    timezone: str = "UTC",
    paused: bool = False,
    runs: Sequence[ScheduledRun] = SCHEDULED_RUNS,
) -> list[AppliedDeployment]:
    """Create or update the work pool and every deployment on the Prefect API the environment names.

    Idempotent: a deployment is found by name and updated in place, its schedule replaced, never doubled.
    `paused`: registered without scheduling runs (a manual run still starts), e.g. on a staging server.
    """
    from prefect._internal.versioning import VersionType  # private, but what Flow.to_deployment takes
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.deployments.runner import RunnerDeployment
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    ensure_work_pool(work_pool)
    applied: list[AppliedDeployment] = []
    for run in runs:
        deployment = RunnerDeployment.from_flow(
            run.entry,
            name=run.name,
            schedules=[Cron(run.cron, timezone=timezone)],
            paused=paused,
            # One run at a time; a run due while the last one still runs is cancelled, not queued.
            concurrency_limit=ConcurrencyLimitConfig(
                limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
            ),
            description=f"{run.entry.description or run.entry.name} Schedule: {run.why}.",
            tags=list(TAGS),
            version=_hirelake_version(),
            version_type=VersionType.SIMPLE,  # no git or CI probing for a version
            work_pool_name=work_pool,
            entrypoint_type=EntrypointType.MODULE_PATH,  # imported by the worker, never downloaded
        )
        deployment_id = deployment.apply()
        if not isinstance(deployment_id, UUID):  # Prefect hands back a coroutine inside an event loop
            deployment_id.close()
            raise TypeError("apply_deployments() is synchronous: call it outside an event loop")
        applied.append(
            AppliedDeployment(f"{run.entry.name}/{run.name}", deployment_id, run.cron, timezone, paused)
        )
    return applied
