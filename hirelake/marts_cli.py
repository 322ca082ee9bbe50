"""`hirelake marts`: build the marts through the `build-marts` flow, and list what the warehouse serves."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hirelake.errors import HirelakeError
from hirelake.settings import Settings

marts_app = typer.Typer(
    help="The dbt marts: build them (gated by data quality), list what is served.", no_args_is_help=True
)
console = Console()
err_console = Console(stderr=True)


def _settings() -> Settings:
    from hirelake.logs import configure_logging

    settings = Settings()
    configure_logging(settings)
    return settings


def _variables(values: list[str]) -> dict[str, object]:
    variables: dict[str, object] = {}
    for item in values:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"--var takes NAME=VALUE, got {item!r}")
        try:
            variables[name.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            variables[name.strip()] = raw  # plain text, e.g. a date
    return variables


@marts_app.command("build")
def build(
    var: Annotated[
        list[str] | None,
        typer.Option(
            "--var", help="A dbt var, NAME=VALUE (e.g. compliance_as_of_date=2026-03-31); repeatable."
        ),
    ] = None,
) -> None:
    """dbt build aside, Great Expectations on every mart, swap the serving warehouse only if all passed."""
    from flows.build_marts import run_build_marts
    from hirelake.marts import MartsBuildError
    from hirelake.services.prefect_server import apply_prefect_environment

    settings = _settings()
    apply_prefect_environment(settings)
    try:
        result = run_build_marts(settings, _variables(var or []))
    except MartsBuildError as exc:
        err_console.print(f"[red]marts build failed[/red]: {exc}")
        raise typer.Exit(1) from exc
    except HirelakeError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    table = Table(title=f"marts build {result.run_id}: {result.nodes} dbt nodes, {result.seconds:.1f} s")
    table.add_column("mart")
    table.add_column("rows", justify="right")
    table.add_column("data quality")
    checks = {c.mart: c for c in result.checks}
    for name, rows in result.row_counts.items():
        check = checks.get(name)
        verdict = "-" if check is None else f"passed ({check.evaluated} expectations)"
        table.add_row(name, str(rows), verdict)
    console.print(table)
    if result.warnings:
        console.print(f"[yellow]{len(result.warnings)} warning(s)[/yellow]:")
        for warning in result.warnings:
            console.print(f"  {warning}")


@marts_app.command("list")
def list_marts() -> None:
    """The marts the serving warehouse holds, with their row counts."""
    from hirelake.marts import mart_row_counts

    settings = _settings()
    path = settings.warehouse_path
    if not path.exists():
        err_console.print(f"No warehouse at {path} yet: run `hirelake marts build` first.")
        raise typer.Exit(1)
    table = Table(title=str(path))
    table.add_column("mart")
    table.add_column("rows", justify="right")
    for name, rows in mart_row_counts(path).items():
        table.add_row(name, str(rows))
    console.print(table)
