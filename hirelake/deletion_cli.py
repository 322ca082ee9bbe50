"""`hirelake deletion`: record candidates' deletion requests and legal holds, and carry the requests out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from hirelake.errors import HirelakeError
from hirelake.settings import Settings

if TYPE_CHECKING:  # the lake pulls in DuckDB and Arrow: imported only by the commands that need it
    from hirelake.lake import Lake

deletion_app = typer.Typer(
    help="Candidates' deletion requests (every copy, within 30 days) and legal holds that override them.",
    no_args_is_help=True,
)
console = Console()
err_console = Console(stderr=True)


def _lake() -> Lake:
    from hirelake.lake import Lake
    from hirelake.logs import configure_logging

    settings = Settings()
    configure_logging(settings)
    return Lake(settings)


def _fail(exc: HirelakeError) -> typer.Exit:
    err_console.print(f"[red]{exc}[/red]")
    return typer.Exit(1)


@deletion_app.command("request")
def request(
    candidate: Annotated[str, typer.Argument(help="The candidate id whose interview data must go.")],
    by: Annotated[str, typer.Option("--by", help="Who made the request (the candidate, their agent).")],
) -> None:
    """Record a deletion request; `hirelake deletion run` carries it out."""
    from hirelake.privacy_requests import record_deletion_request

    try:
        lake = _lake()
        event = record_deletion_request(lake, candidate, by)
    except HirelakeError as exc:
        raise _fail(exc) from exc
    console.print(f"deletion request {event.request_id} recorded for {event.candidate_id}")


@deletion_app.command("hold")
def hold(
    candidate: Annotated[str, typer.Argument(help="The candidate id the hold applies to.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (the case or matter), at least 5 characters.")],
    by: Annotated[str, typer.Option("--by", help="Who places the hold.")],
    release: Annotated[bool, typer.Option("--release", help="Lift the hold instead of placing it.")] = False,
) -> None:
    """Place (or with --release lift) a legal hold: while it is on, no deletion runs for the candidate."""
    from hirelake.privacy_requests import record_legal_hold

    try:
        lake = _lake()
        event = record_legal_hold(lake, candidate, reason, by, released=release)
    except HirelakeError as exc:
        raise _fail(exc) from exc
    state = "released" if event.released else "placed"
    console.print(f"legal hold {state} on {event.candidate_id} ({event.event_id})")


@deletion_app.command("run")
def run() -> None:
    """Carry out every open request not under legal hold; print what was deleted and what was held."""
    from hirelake.deletion import execute_deletion_requests

    try:
        lake = _lake()
        result = execute_deletion_requests(lake)
    except HirelakeError as exc:
        raise _fail(exc) from exc
    if not result.outcomes:
        console.print("no open deletion requests")
        return
    table = Table(title=f"deletion run {result.run_id}")
    for column in ("request", "candidate", "outcome", "interviews", "deleted", "mart rows", "pseudonymised"):
        table.add_column(column)
    for outcome in result.outcomes:
        counts = outcome.counts
        table.add_row(
            outcome.request_id,
            outcome.candidate_id,
            outcome.outcome,
            str(counts["interviews"]),
            str(counts["deleted_objects"]),
            str(counts["mart_rows_removed"]),
            str(counts["pseudonymised_objects"]),
        )
    console.print(table)
    for outcome in result.held:
        console.print(f"[yellow]{outcome.request_id} held[/yellow]: {outcome.reason}")
    console.print(
        f"report: {result.report_key}. Rebuild the marts (`hirelake marts build`) so the serving "
        "warehouse drops the deleted rows too."
    )
