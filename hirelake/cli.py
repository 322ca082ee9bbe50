"""The `hirelake` command: services, SQL, synth, processing, scoring and decisions, and the demo run."""

from __future__ import annotations

import csv
import errno
import io
import json
import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import pyarrow as pa
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from apps.cli import dashboards_app
from hirelake.cli_assessment import hire_command, onboarding_app, report_command, review_app, score_command
from hirelake.deletion_cli import deletion_app
from hirelake.deployments_cli import deployments_app
from hirelake.errors import HirelakeError
from hirelake.hris.cli import hris_app
from hirelake.logs import configure_logging
from hirelake.marts_cli import marts_app
from hirelake.question_banks.cli import banks_app
from hirelake.services.prefect_server import (
    apply_prefect_environment,
    local_server_url,
    prefect_process,
    start_prefect_server,
    stop_prefect_server,
)
from hirelake.services.process import ServiceState
from hirelake.services.seaweedfs import seaweedfs_process, start_seaweedfs, stop_seaweedfs
from hirelake.settings import Settings

app = typer.Typer(
    help="hirelake: interview evidence, attendance, payroll and compliance marts.", no_args_is_help=True
)
services_app = typer.Typer(help="Start, stop and inspect the embedded services.", no_args_is_help=True)
app.add_typer(services_app, name="services")
quarantine_app = typer.Typer(
    help="What was quarantined, why, and releasing it for a re-run.", no_args_is_help=True
)
app.add_typer(quarantine_app, name="quarantine")
console = Console()
err_console = Console(stderr=True)


def load_settings() -> Settings:
    settings = Settings()
    configure_logging(settings)
    return settings


def _print_state(state: ServiceState, url: str) -> None:
    mark = "[green]up[/green]" if state.running else "[red]down[/red]"
    detail = f"pid {state.pid} {'alive' if state.pid_alive else 'not running'}, " if state.pid else ""
    port = "answers" if state.port_answers else "no answer"
    console.print(f"{state.name:<16} {mark:<20} {url}  ({detail}port {state.port} {port})")


@services_app.command("up")
def services_up(
    prefect_server: Annotated[
        bool, typer.Option("--prefect-server", help="Also start a local Prefect server with its UI.")
    ] = False,
) -> None:
    """Start the embedded object store (and optionally a Prefect server); idempotent."""
    settings = load_settings()
    if settings.store.embedded:
        with console.status("Starting SeaweedFS object store..."):
            state = start_seaweedfs(settings)
        _print_state(state, settings.store.url)
    else:
        console.print(f"object store: external at {settings.store.url} (not managed here)")
    if prefect_server:
        with console.status("Starting Prefect server (first start can take a minute)..."):
            state = start_prefect_server(settings)
        _print_state(state, local_server_url(settings).removesuffix("/api"))
    else:
        console.print("prefect: ephemeral API per run (use --prefect-server for the UI)")


@services_app.command("down")
def services_down() -> None:
    """Stop what `services up` started, by PID."""
    settings = load_settings()
    for name, stop in (("prefect-server", stop_prefect_server), ("seaweedfs", stop_seaweedfs)):
        console.print(f"{name:<16} {'stopped' if stop(settings) else 'was not running'}")


@services_app.command("status")
def services_status() -> None:
    """Report each service: up only if its PID is alive and its port answers (exit 1: store down)."""
    settings = load_settings()
    store = seaweedfs_process(settings).state()
    if settings.store.embedded:
        _print_state(store, settings.store.url)
    prefect = prefect_process(settings).state()
    _print_state(prefect, local_server_url(settings).removesuffix("/api"))
    if settings.store.embedded and not store.running:
        raise typer.Exit(code=1)


@services_app.command("encrypt-existing")
def services_encrypt_existing() -> None:
    """Encrypt at rest every object stored before encryption was on (copied onto itself, SSE-S3)."""
    from hirelake.encryption import encrypt_in_place
    from hirelake.lake import Lake

    done = encrypt_in_place(Lake(load_settings()))
    console.print(f"encrypted {len(done)} objects that were stored in plaintext")


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _render(result: pa.Table, output: OutputFormat) -> str:
    rows = result.to_pylist()
    if output is OutputFormat.json:
        return json.dumps(rows, ensure_ascii=False, default=str, indent=2)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=result.column_names)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@app.command("sql")
def sql(
    query: Annotated[str, typer.Argument(help="A SELECT on the marts, or on s3:// Parquet in the lake.")],
    output: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.table
    ),
    limit: Annotated[int, typer.Option(help="Most rows shown in table format.")] = 200,
) -> None:
    """Run a read-only SQL query on the serving warehouse."""
    from hirelake.warehouse import run_read_only_query

    settings = load_settings()
    result = run_read_only_query(settings, query)
    if output is not OutputFormat.table:
        sys.stdout.write(_render(result, output))
        return
    table = Table(show_lines=False)
    for name in result.column_names:
        table.add_column(name)
    for row in result.slice(0, limit).to_pylist():
        table.add_row(*("" if value is None else str(value) for value in row.values()))
    console.print(table)
    if result.num_rows > limit:
        console.print(f"({result.num_rows} rows, first {limit} shown; use --format csv for all)")


def _languages(value: str) -> tuple[Literal["zh", "en"], ...]:
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [part for part in chosen if part not in {"zh", "en"}]
    if unknown or not chosen:
        raise typer.BadParameter(f"languages are zh and/or en, got {value!r}")
    return chosen  # type: ignore[return-value]


@app.command("synth")
def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder for the generated hospital.")] = Path(
        ".data/demo-hospital"
    ),
    seed: Annotated[int, typer.Option(help="Same seed, same bytes.")] = 7,
    employees: Annotated[int, typer.Option(min=1, max=10_000)] = 300,
    candidates: Annotated[int, typer.Option(min=1)] = 20,
    interviews: Annotated[int, typer.Option(min=0)] = 6,
    months: Annotated[int, typer.Option(min=1, max=12)] = 12,
    languages: Annotated[str, typer.Option(help="Comma-separated: zh,en")] = "zh,en",
    to_lake: Annotated[bool, typer.Option("--to-lake", help="Also load it into the lake.")] = False,
) -> None:
    """Generate a hospital: HRIS exports, interview recordings with ground truth, broken media."""
    from hirelake.synth.hospital import HospitalConfig, generate_hospital

    config = HospitalConfig(
        seed=seed,
        employees=employees,
        candidates=candidates,
        interviews=interviews,
        months=months,
        languages=_languages(languages),
    )
    settings = load_settings()
    with _progress() as progress:
        tasks: dict[str, TaskID] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=max(total, 1))
            progress.update(tasks[stage], completed=done, total=max(total, 1))

        result = generate_hospital(out, config, progress=report)
    rows = sum(result.hr.row_counts.values())
    console.print(
        f"HR exports: {len(result.hr.files)} files, {rows:,} rows, {len(result.hr.defects)} declared defects"
        f" -> {out / 'hr'}"
    )
    console.print(
        f"Interviews: {len(result.media.interviews)} recordings "
        f"({result.media.media_seconds:.0f} s of media), {len(result.media.broken)} broken files"
        f" -> {out / 'interviews'}"
    )
    if to_lake:
        from hirelake.lake import Lake
        from hirelake.synth.to_lake import load_hospital

        with console.status("Loading into the lake..."):
            summary = load_hospital(Lake(settings), result, datetime.now(UTC).date())
        console.print(
            f"Lake: {len(summary.tables)} HRIS tables in raw/hris/, {summary.submissions} recordings and "
            f"{summary.broken_submissions} broken files in landing/interviews/"
        )
        for note in summary.skipped:
            console.print(f"  skipped {note}")


@app.command("process")
def process_pending_command() -> None:
    """Process every pending interview (Prefect flow `process-pending` on a Dask cluster)."""
    settings = load_settings()
    apply_prefect_environment(settings)
    from flows.pipeline import run_process_pending

    outcomes = run_process_pending(settings)
    table = Table("interview", "status", "stage", "seconds", "reason")
    for outcome in outcomes:
        table.add_row(
            outcome.interview_id,
            outcome.status,
            outcome.stage or "",
            f"{sum(outcome.durations.values()):.1f}",
            outcome.reason or "",
        )
    console.print(table)


@app.command("analyze")
def analyze(
    media: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A recording to analyse.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSON and RTTM outputs.")],
    language: Annotated[str | None, typer.Option(help="Force a language (zh, en).")] = None,
) -> None:
    """Run every stage on one file without the lake (transcript, diarization, vision, features)."""
    from flows.analyze import analyze_file

    settings = load_settings()
    with console.status(f"Analysing {media.name}..."):
        written = analyze_file(settings, media, out, language)
    for kind, path in written.items():
        console.print(f"{kind:<12} {path}")


@quarantine_app.command("list")
def quarantine_list(
    stage: Annotated[
        str | None, typer.Option(help="Only this stage (ingest, consent, speech, vision).")
    ] = None,
) -> None:
    """Every quarantined item with its stage and the reason a person can act on."""
    from hirelake.lake import Lake
    from hirelake.quarantine import quarantined

    table = Table("stage", "item", "since", "reason")
    for record in quarantined(Lake(load_settings(), role="reader"), stage):
        table.add_row(record.stage, record.item_id, record.quarantined_at, record.reason)
    console.print(table)


@quarantine_app.command("release")
def quarantine_release(
    stage: Annotated[str, typer.Argument(help="The stage the item is held at.")],
    item_id: Annotated[str, typer.Argument(help="The interview id.")],
) -> None:
    """Release a held item once its cause is fixed: the next `hirelake process` retries that stage."""
    from hirelake.lake import Lake
    from hirelake.quarantine import record_for, release

    lake = Lake(load_settings())
    if record_for(lake, stage, item_id) is None:
        raise typer.BadParameter(f"nothing quarantined at stage {stage!r} for {item_id!r}")
    release(lake, stage, item_id)
    console.print(f"released {item_id} at {stage}; run `hirelake process` to retry it")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


# The assessment commands, in the order a person meets them after processing.
app.add_typer(hris_app, name="hris")
app.add_typer(banks_app, name="banks")
app.command("score")(score_command)
app.add_typer(review_app, name="review")
app.command("hire")(hire_command)
app.add_typer(onboarding_app, name="onboarding")
app.command("report")(report_command)
app.add_typer(marts_app, name="marts")
app.add_typer(dashboards_app, name="dashboards")
app.add_typer(deletion_app, name="deletion")
app.add_typer(deployments_app, name="deployments")


@app.command("demo")
def demo() -> None:
    """Run every built stage on a small demo hospital and say which stages are not built yet."""
    from hirelake.demo import DemoState, demo_stages

    settings = load_settings()
    state = DemoState()
    for stage in demo_stages():
        if stage.run is None:
            console.print(f"[yellow]- {stage.name}: not built yet[/yellow] ({stage.not_built_reason})")
            continue
        with console.status(f"{stage.name}..."):
            summary = stage.run(settings, state)
        console.print(f"[green]✓ {stage.name}[/green]: {summary}")


# Errors of the local filesystem (data directory, --out folders) a person fixes, with what to do.
_STORAGE_ADVICE = {
    errno.ENOSPC: "the disk is full: free space there, or point it at a disk with room",
    errno.EDQUOT: "the disk quota is used up: free space there, or point it at a disk with room",
    errno.EFBIG: "a file-size limit was hit (`ulimit -f` or the filesystem's): raise it, or write elsewhere",
    errno.EACCES: "this user may not write there: fix the folder's owner or permissions, or write elsewhere",
    errno.EPERM: "this user may not write there: fix the folder's owner or permissions, or write elsewhere",
    errno.EROFS: "the filesystem is read-only: remount it read-write, or write elsewhere",
    errno.ENOTDIR: "a file stands where a folder is needed: move the file away, or write elsewhere",
    errno.EISDIR: "a folder stands where a file is needed: move it away, or write elsewhere",
}


def storage_error_line(exc: OSError) -> str | None:
    """One line for a filesystem error on a named path; None for other OSErrors (network, ...)."""
    advice = _STORAGE_ADVICE.get(exc.errno or 0)
    if advice is None or exc.filename is None:
        return None
    return (
        f"cannot write {exc.filename} ({exc.strerror}); {advice} "
        "(HIRELAKE_DATA_DIR for the data directory, --out for generated files), then rerun."
    )


def main() -> None:
    """Console-script entry: errors we raise on purpose print as one clear line, not a traceback."""
    try:
        app()
    except HirelakeError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        sys.exit(2)
    except OSError as exc:
        line = storage_error_line(exc)
        if line is None:
            raise
        # Text, not markup: a path may hold brackets; soft wrap keeps it one line however long.
        err_console.print(Text.assemble(("error:", "red"), " ", line), soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
