"""`hirelake deployments`: register the scheduled runs as Prefect deployments for a Prefect worker.

`apply` creates the process work pool `hirelake` and the five deployments (`flows/deployments.py`) on the
Prefect server that `HIRELAKE_PREFECT__API_URL` names, idempotently; a worker started with
`prefect worker start --pool hirelake --type process` then runs them on their schedules.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hirelake.errors import HirelakeError
from hirelake.settings import Settings

deployments_app = typer.Typer(
    help="The scheduled runs as Prefect deployments, run by a Prefect worker.", no_args_is_help=True
)
console = Console()
err_console = Console(stderr=True)


@deployments_app.callback()
def deployments() -> None:
    """The scheduled runs as Prefect deployments, run by a Prefect worker."""


@deployments_app.command("apply")
def apply(
    pool: Annotated[str, typer.Option(help="The process work pool the worker polls.")] = "hirelake",
    timezone: Annotated[
        str, typer.Option(help="Time zone of the cron schedules (IANA name, e.g. Asia/Shanghai).")
    ] = "UTC",
    paused: Annotated[
        bool, typer.Option("--paused", help="Register without scheduling runs (manual runs still start).")
    ] = False,
) -> None:
    """Create or update the work pool and the five deployments with their schedules; idempotent."""
    from hirelake.logs import configure_logging
    from hirelake.services.prefect_server import apply_prefect_environment

    settings = Settings()
    configure_logging(settings)
    apply_prefect_environment(settings)  # before Prefect is imported: it reads its settings once
    from flows.deployments import apply_deployments

    try:
        applied = apply_deployments(work_pool=pool, timezone=timezone, paused=paused)
    except HirelakeError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    table = Table("deployment", "schedule", "time zone", "state", "id", title=f"work pool {pool}")
    for item in applied:
        table.add_row(
            item.full_name,
            item.cron,
            item.timezone,
            "paused" if item.paused else "active",
            str(item.deployment_id),
        )
    console.print(table)
