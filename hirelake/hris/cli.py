"""`hirelake hris`: sync the HRIS into the lake, and list the rows it rejected with their reasons."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from hirelake.errors import ConfigurationError
from hirelake.hris.source import HrisSource
from hirelake.hris.store import SOURCE
from hirelake.settings import Settings

hris_app = typer.Typer(
    help="The hospital HR system: sync it into the lake, see rejected rows.", no_args_is_help=True
)
console = Console()


def _settings(mapping: Path | None, encoding: str | None) -> Settings:
    from hirelake.logs import configure_logging

    settings = Settings()
    configure_logging(settings)
    changes = {k: v for k, v in {"mapping_path": mapping, "csv_encoding": encoding}.items() if v is not None}
    if changes:
        settings = settings.model_copy(update={"hris": settings.hris.model_copy(update=changes)})
    return settings


def _source(settings: Settings, api: str | None, files: Path | None) -> HrisSource:
    from hirelake.hris.connect import choose_source

    try:
        return choose_source(settings, api, files)
    except ConfigurationError as exc:
        raise typer.BadParameter(str(exc)) from exc


@hris_app.command("sync")
def sync(
    api: Annotated[
        str | None, typer.Option("--api", help="HRIS API base URL (default HIRELAKE_HRIS__API_URL).")
    ] = None,
    files: Annotated[
        Path | None, typer.Option("--files", file_okay=False, help="A folder of CSV/XLSX exports.")
    ] = None,
    load_date: Annotated[
        datetime | None, typer.Option("--load-date", formats=["%Y-%m-%d"], help="Default: today (UTC).")
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", dir_okay=False, help="Field mapping YAML over the default.")
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Encoding of non-UTF-8 CSV exports, e.g. gbk.")] = None,
) -> None:
    """Sync every HRIS entity into raw/hris/; rejected rows go to quarantine/hris/ with their reasons."""
    from hirelake.services.prefect_server import apply_prefect_environment

    settings = _settings(mapping, encoding)
    apply_prefect_environment(settings)
    from flows.sync_hris import run_sync_hris

    day = load_date.date() if load_date else datetime.now(UTC).date()
    source = _source(settings, api, files)
    with _progress() as progress:
        tasks: dict[str, TaskID] = {}

        def report_progress(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = progress.add_task(what, total=total or None)
            progress.update(tasks[what], completed=done, total=total or None)

        report = run_sync_hris(settings, source, day, report_progress)
    table = Table("entity", "accepted", "rejected", "first reason", title=f"HRIS sync {day.isoformat()}")
    for e in report.entities:
        reason = e.first_reasons[0] if e.first_reasons else ""
        table.add_row(e.entity, str(e.accepted), f"[red]{e.rejected}[/red]" if e.rejected else "0", reason)
    console.print(table)
    console.print(f"accepted {report.accepted}, rejected {report.rejected}; report: {report.report_key}")
    if report.unchanged:
        console.print("nothing changed since the last sync of this day: no object was rewritten")
    if report.rejected:
        console.print(
            f"rejected rows and reasons: quarantine/{SOURCE}/<entity>/load_date={day.isoformat()}/"
            "rejected.parquet; list them with `hirelake hris rejected`"
        )


@hris_app.command("rejected")
def rejected(
    entity: Annotated[str | None, typer.Option(help="Only this entity (e.g. positions).")] = None,
    load_date: Annotated[
        datetime | None, typer.Option("--load-date", formats=["%Y-%m-%d"], help="Default: the latest.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most rows shown.")] = 200,
) -> None:
    """Rows the HRIS sync rejected: entity, row, key, column and the reason to fix at the source."""
    from hirelake.hris.rejects import load_rejections
    from hirelake.lake import Lake

    lake = Lake(_settings(None, None), role="reader")
    day: date | None = load_date.date() if load_date else None
    found = load_rejections(lake, entity=entity, load_date=day)
    table = Table("load date", "entity", "row", "key", "column", "reason")
    for r in found[:limit]:
        table.add_row(r.load_date, r.entity, str(r.row), r.key or "", r.column, r.reason)
    console.print(table)
    if len(found) > limit:
        console.print(f"({len(found)} rejected rows, first {limit} shown; raise --limit for more)")
    if not found:
        console.print("no rejected rows" + (f" for {entity}" if entity else ""))


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
