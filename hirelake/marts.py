"""Build the recruiting, attendance, payroll and compliance marts with dbt, gate, swap, export to the lake.

`build_marts(settings)` runs `dbt build` (models, seeds, data tests, unit tests) in-process through dbt's
`dbtRunner` into a new DuckDB file beside the serving one (`Settings.warehouse_path`), then the optional
`gate` (the flow passes the Great Expectations suites of `expectations.marts`; this core module never
imports them) on that new file. Only when every node and every gate check passed is the new file moved
over the serving one (one atomic rename: DuckDB allows one writer or
many readers, so dashboards keep reading the previous file until then); each mart is then exported as
Parquet to `marts/<domain>/<model>.parquet` in the lake. A failed build raises `MartsBuildError` naming
every failing model or test and leaves the serving file as it was.

dbt reads the store's endpoint and keys from environment variables that this module sets for the run
only (`DBT_ENV_SECRET_*`, which dbt scrubs from its logs) and removes afterwards; they are never logged.
dbt's target/ and logs/ go under `<data_dir>/dbt/`, outside the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from hirelake.credentials import store_credentials
from hirelake.errors import HirelakeError
from hirelake.lake import Lake
from hirelake.logs import SCRUBBER, get_logger
from hirelake.settings import Settings

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt"
# The marts other readers get as Parquet, by schema (= lake folder under marts/).
EXPORTED_MARTS: Mapping[str, tuple[str, ...]] = {
    "recruiting": ("fct_interview_reports", "fct_review_overrides"),
    "attendance": ("dim_employment", "fct_attendance_daily"),
    "payroll": ("fct_payslips", "fct_department_pay_costs_by_scenario", "fct_training_plans"),
    "compliance": (
        "fct_licence_status",
        "fct_bias_audit",
        "fct_archive_index",
        "fct_deletion_requests",
        "fct_access_log",
        "fct_consent_coverage",
        "fct_ai_event_log_retention",
    ),
}
_FAILED = frozenset({"error", "fail", "runtime error"})
_ENV_LOCK = threading.Lock()  # os.environ is process-wide: one dbt run at a time
log = get_logger(__name__)


class MartsBuildError(HirelakeError):
    """dbt build or the gate failed; `failures` names each failing node or mart (`model.hirelake.x: message`,
    `gate.<schema>.<model>: detail`). `results` / `checks` hold what ran, for the run's summary."""

    def __init__(
        self,
        message: str,
        failures: tuple[str, ...],
        results: tuple[NodeResult, ...] = (),
        checks: tuple[GateCheck, ...] = (),
    ) -> None:
        super().__init__(message)
        self.failures = failures
        self.results = results
        self.checks = checks


@dataclass(frozen=True)
class NodeResult:
    """One dbt node's outcome (model, seed, data test or unit test)."""

    unique_id: str
    resource_type: str
    status: str
    seconds: float
    message: str


@dataclass(frozen=True)
class GateCheck:
    """One mart's data-quality verdict from the gate (e.g. a Great Expectations suite)."""

    mart: str  # "<schema>.<model>"
    rows: int
    evaluated: int  # expectations (or checks) evaluated
    passed: bool
    detail: str


class MartsGate(Protocol):
    """Checks the freshly built warehouse file before it may replace the serving one."""

    name: str

    def __call__(self, warehouse_path: Path, marts: Sequence[str]) -> Sequence[GateCheck]: ...


@dataclass(frozen=True)
class MartsBuild:
    run_id: str
    warehouse_path: Path
    exported: Mapping[str, str]  # "<domain>.<model>" -> s3 URI of its Parquet export
    nodes: int  # dbt nodes that ran (models, seeds, data tests, unit tests)
    warnings: tuple[str, ...]  # tests configured to warn that found rows
    seconds: float
    row_counts: Mapping[str, int] = field(default_factory=dict)  # "<domain>.<model>" -> rows
    results: tuple[NodeResult, ...] = ()
    checks: tuple[GateCheck, ...] = ()
    gate: str | None = None


def exported_mart_names() -> tuple[str, ...]:
    return tuple(f"{domain}.{model}" for domain, models in EXPORTED_MARTS.items() for model in models)


def dbt_environment(settings: Settings, warehouse_path: Path) -> dict[str, str]:
    """The variables profiles.yml and the sources read; secrets only in DBT_ENV_SECRET_* names."""
    keys = store_credentials(settings).admin
    access, secret = keys.access_key.get_secret_value(), keys.secret_key.get_secret_value()
    SCRUBBER.register([access, secret])
    return {
        "HIRELAKE_DBT_WAREHOUSE_PATH": str(warehouse_path),
        "HIRELAKE_DBT_S3_ENDPOINT_URL": settings.store.url,
        "HIRELAKE_DBT_S3_REGION": settings.store.region,
        "HIRELAKE_DBT_LAKE_BUCKET": settings.store.bucket,
        "DBT_ENV_SECRET_HIRELAKE_S3_ACCESS_KEY": access,
        "DBT_ENV_SECRET_HIRELAKE_S3_SECRET_KEY": secret,
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    with _ENV_LOCK:
        saved = {name: os.environ.get(name) for name in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for name, old in saved.items():
                if old is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = old


def _close_dbt_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB connection in a class attribute after the run; close it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = getattr(DuckDBConnectionManager, "_ENV", None)
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()  # type: ignore[no-untyped-call]


def _close_dbt_log_files() -> None:
    """dbt replaces its log file handler on the next invocation without closing it; close it now."""
    import logging

    from dbt_common.events.event_manager_client import get_event_manager

    for event_logger in getattr(get_event_manager(), "loggers", ()):
        python_logger = getattr(event_logger, "_python_logger", None)
        for handler in getattr(python_logger, "handlers", ()):
            if isinstance(handler, logging.FileHandler):
                handler.close()


def _node_outcomes(result: Any) -> tuple[list[NodeResult], list[str], list[str]]:
    """(node results, failures, warnings) from a dbtRunnerResult."""
    run_results = getattr(getattr(result, "result", None), "results", None) or []
    nodes, failures, warnings = [], [], []
    for item in run_results:
        status = str(item.status).lower()
        message = (item.message or status).strip()
        line = f"{item.node.unique_id}: {message}"
        nodes.append(
            NodeResult(
                unique_id=item.node.unique_id,
                resource_type=str(item.node.resource_type),
                status=status,
                seconds=float(item.execution_time or 0.0),
                message=message,
            )
        )
        if status in _FAILED:
            failures.append(line)
        elif status == "warn":
            warnings.append(line)
    return nodes, failures, warnings


def _dbt_args(project_dir: Path, work_dir: Path, variables: Mapping[str, object] | None) -> list[str]:
    args = [
        "build",
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        "--no-use-colors",
        "--quiet",
    ]
    if variables:
        args += ["--vars", json.dumps(dict(variables))]
    return args


def run_dbt_build(
    settings: Settings,
    warehouse_path: Path,
    *,
    project_dir: Path = DBT_PROJECT_DIR,
    variables: Mapping[str, object] | None = None,
) -> tuple[tuple[NodeResult, ...], tuple[str, ...]]:
    """`dbt build` into `warehouse_path`; returns (node results, warnings) or raises MartsBuildError."""
    from dbt.cli.main import dbtRunner

    work_dir = settings.data_dir / "dbt"
    work_dir.mkdir(parents=True, exist_ok=True)
    with _environment(dbt_environment(settings, warehouse_path)):
        try:
            result = dbtRunner().invoke(_dbt_args(project_dir, work_dir, variables))
        finally:
            _close_dbt_duckdb()
            _close_dbt_log_files()
    nodes, failures, warnings = _node_outcomes(result)
    if result.exception is not None:
        failures.append(f"dbt: {type(result.exception).__name__}: {result.exception}")
    if failures or not result.success:
        detail = "\n  ".join(failures) or "dbt reported failure without a failing node"
        raise MartsBuildError(
            f"dbt build failed ({len(failures)} failing node(s)); the serving warehouse is unchanged. "
            f"Fix the data or the model and rerun; dbt's log: {work_dir / 'logs' / 'dbt.log'}\n  {detail}",
            tuple(failures),
            tuple(nodes),
        )
    return tuple(nodes), tuple(warnings)


def _swap_in(built: Path, serving: Path) -> None:
    """Checkpoint the new file and rename it over the serving one (readers keep the old inode)."""
    import duckdb

    with duckdb.connect(str(built)) as connection:
        connection.execute("CHECKPOINT")
    stale_wal = serving.with_name(serving.name + ".wal")
    if stale_wal.exists():
        raise HirelakeError(
            f"{stale_wal} exists: another process is writing the serving warehouse; stop it and rerun."
        )
    serving.parent.mkdir(parents=True, exist_ok=True)
    built.replace(serving)


def export_marts(settings: Settings, warehouse_path: Path | None = None) -> dict[str, str]:
    """Write each exported mart to `marts/<domain>/<model>.parquet`; returns model -> s3 URI."""
    lake = Lake(settings)
    connection = lake.duckdb(warehouse_path or settings.warehouse_path, read_only=True)
    exported: dict[str, str] = {}
    try:
        for domain, models in EXPORTED_MARTS.items():
            for model in models:
                table = connection.table(f"{domain}.{model}").to_arrow_table()
                exported[f"{domain}.{model}"] = lake.write_parquet(f"marts/{domain}/{model}.parquet", table)
    finally:
        connection.close()
    return exported


def mart_row_counts(warehouse_path: Path) -> dict[str, int]:
    """Rows per exported mart the warehouse file holds (tables only: no lake access needed)."""
    import duckdb

    counts: dict[str, int] = {}
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        present = {
            f"{schema}.{table}"
            for schema, table in connection.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        for name in exported_mart_names():
            if name in present:  # an older warehouse may predate a mart
                row = connection.execute(f"select count(*) from {name}").fetchone()  # noqa: S608 - our names
                counts[name] = int(row[0]) if row else 0
    return counts


def _run_gate(gate: MartsGate, built: Path, results: tuple[NodeResult, ...]) -> tuple[GateCheck, ...]:
    checks = tuple(gate(built, exported_mart_names()))
    failed = [c for c in checks if not c.passed]
    if failed:
        detail = "\n  ".join(f"gate.{c.mart}: {c.detail}" for c in failed)
        raise MartsBuildError(
            f"data-quality gate {gate.name} refused {len(failed)} mart(s); the serving warehouse is "
            f"unchanged. Fix the model or its input and rerun.\n  {detail}",
            tuple(f"gate.{c.mart}: {c.detail}" for c in failed),
            results,
            checks,
        )
    return checks


def build_marts(
    settings: Settings,
    *,
    project_dir: Path = DBT_PROJECT_DIR,
    variables: Mapping[str, object] | None = None,
    gate: MartsGate | None = None,
) -> MartsBuild:
    """Build every mart aside, gate the new file, swap it in only after both passed, export as Parquet.

    The archive's retention rule follows `settings.jurisdiction` unless `variables` name one.
    """
    started = time.monotonic()
    run_id = uuid.uuid4().hex[:12]
    serving = settings.warehouse_path
    # Same file name as the serving copy: DuckDB names the catalog after it, and views refer to it.
    build_dir = serving.parent / f".build-{run_id}"
    built = build_dir / serving.name
    build_dir.mkdir(parents=True)
    dbt_vars = {"archive_jurisdiction": settings.jurisdiction.upper(), **dict(variables or {})}
    log.info("marts_build_started", run_id=run_id, project_dir=str(project_dir))
    try:
        results, warnings = run_dbt_build(settings, built, project_dir=project_dir, variables=dbt_vars)
        checks = _run_gate(gate, built, results) if gate is not None else ()
        row_counts = mart_row_counts(built)
        _swap_in(built, serving)
    except HirelakeError as exc:
        # Failures are the message itself; no traceback for an expected outcome.
        log.warning("marts_build_failed", run_id=run_id, failures=list(getattr(exc, "failures", ())))
        raise
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)
    exported = export_marts(settings)
    seconds = time.monotonic() - started
    log.info(
        "marts_built", run_id=run_id, nodes=len(results), warnings=len(warnings), seconds=round(seconds, 1)
    )
    return MartsBuild(
        run_id,
        serving,
        exported,
        len(results),
        warnings,
        seconds,
        row_counts=row_counts,
        results=results,
        checks=checks,
        gate=gate.name if gate is not None else None,
    )
