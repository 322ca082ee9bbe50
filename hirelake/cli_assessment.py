"""`hirelake score | review | hire | onboarding | report`: from analysed interviews to a person's decision.

Registered on the main `hirelake` command in `hirelake.cli`. HR-facing text follows the `language`
setting (HIRELAKE_LANGUAGE=zh|en).
"""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from hirelake.errors import HirelakeError
from hirelake.i18n import text
from hirelake.logs import configure_logging
from hirelake.settings import Settings

if TYPE_CHECKING:  # the commands import their modules lazily to keep `hirelake --help` fast
    from hirelake.decisions import ScoreRef
    from hirelake.lake import Lake

review_app = typer.Typer(
    help="The review queue and reviewer decisions (append-only events).", no_args_is_help=True
)
onboarding_app = typer.Typer(help="Deliver hires to the HRIS (idempotent, retried).", no_args_is_help=True)
console = Console()


def _settings() -> Settings:
    settings = Settings()
    configure_logging(settings)
    return settings


def score_command(
    weights_version: Annotated[
        int | None, typer.Option(help="Weights version to score with (default: setting, else newest).")
    ] = None,
) -> None:
    """Score every analysed interview (Prefect flow `score-interviews`); reads silver, never the media."""
    from hirelake.services.prefect_server import apply_prefect_environment

    settings = _settings()
    apply_prefect_environment(settings)
    from flows.score import run_score_interviews

    language = settings.language
    table = Table(
        "interview",
        "status",
        text("report.total", language),
        text("report.recommendation", language),
        text("report.needs_review", language),
        text("report.flags", language),
        "reason",
    )
    for o in run_score_interviews(weights_version):
        table.add_row(
            o.interview_id,
            o.status,
            "" if o.total is None else f"{o.total:.1f}",
            text(f"recommendation.{o.recommendation}", language) if o.recommendation else "",
            "✓" if o.needs_review else "",
            ", ".join(text(f"flag.{f}", language) for f in o.flags),
            o.reason or "",
        )
    console.print(table)


@review_app.command("queue")
def review_queue_command() -> None:
    """Interviews waiting for a person: borderline and split cases first, then the oldest."""
    from hirelake.lake import Lake
    from hirelake.scores import review_queue

    settings = _settings()
    language = settings.language
    table = Table(
        "interview",
        "candidate",
        text("report.total", language),
        text("report.recommendation", language),
        text("report.review_reasons", language),
        "scored at",
    )
    for item in review_queue(Lake(settings, role="reader")):
        s = item.score
        table.add_row(
            s.interview_id,
            s.candidate_id,
            f"{s.total_score:.1f}",
            text(f"recommendation.{s.recommendation}", language),
            "; ".join(s.review_reasons) or text("report.no_review_needed", language),
            s.scored_at,
        )
    console.print(table)


def _current_score(settings: Settings, interview_id: str) -> tuple[Lake, ScoreRef]:
    from hirelake.decisions import DecisionError
    from hirelake.lake import Lake
    from hirelake.scores import score_for

    lake = Lake(settings)
    score = score_for(lake, interview_id)
    if score is None:
        raise DecisionError(text("review.not_scored", settings.language, interview_id=interview_id))
    return lake, score


@review_app.command("decide")
def review_decide(
    interview_id: Annotated[str, typer.Argument(help="The interview to decide on.")],
    reviewer: Annotated[str, typer.Option(help="Your user name, recorded with the decision.")],
    confirm: Annotated[bool, typer.Option("--confirm", help="Confirm the system's recommendation.")] = False,
    override_to: Annotated[
        str | None, typer.Option(help="Override to recommend | hold | not_recommended (needs --reason).")
    ] = None,
    reason: Annotated[str, typer.Option(help="Why; mandatory for an override.")] = "",
) -> None:
    """Confirm or override the current recommendation; the decision is an event, never an edit."""
    from hirelake.decisions import record_review

    if confirm == (override_to is not None):
        raise typer.BadParameter("give exactly one of --confirm or --override-to")
    settings = _settings()
    lake, score = _current_score(settings, interview_id)
    decision = record_review(
        lake,
        score,
        reviewer=reviewer,
        action="confirm" if confirm else "override",
        reason=reason,
        override_to=override_to,  # type: ignore[arg-type]
    )
    console.print(
        f"{decision.event_id}: {interview_id} -> "
        f"{text(f'recommendation.{decision.final_recommendation}', settings.language)}"
    )


def hire_command(
    interview_id: Annotated[str, typer.Argument(help="The interview whose candidate is decided on.")],
    decided_by: Annotated[str, typer.Option("--by", help="Your user name, recorded with the decision.")],
    decision: Annotated[str, typer.Option(help="hire or reject.")] = "hire",
    start_date: Annotated[str | None, typer.Option(help="First working day, YYYY-MM-DD (hire).")] = None,
    term_months: Annotated[
        int | None, typer.Option(help="Contract term in months; omit for open-ended.")
    ] = None,
    grade: Annotated[str | None, typer.Option(help="Grade code on hire.")] = None,
    reason: Annotated[str, typer.Option(help="Why (mandatory for a rejection).")] = "",
) -> None:
    """Record a hire decision after review; `hirelake onboarding push` then delivers it to the HRIS."""
    from hirelake.decisions import record_hire

    if decision not in ("hire", "reject"):
        raise typer.BadParameter("--decision must be hire or reject")
    settings = _settings()
    lake, score = _current_score(settings, interview_id)
    outcome: Literal["hire", "reject"] = "hire" if decision == "hire" else "reject"
    hire = record_hire(
        lake,
        score,
        decided_by=decided_by,
        decision=outcome,
        reason=reason,
        start_date=date.fromisoformat(start_date) if start_date else None,
        contract_term_months=term_months,
        grade_code=grade,
    )
    probation = f", probation {hire.probation_months} months" if hire.probation_months is not None else ""
    console.print(f"{hire.event_id}: {interview_id} {hire.decision}{probation}")


@onboarding_app.command("push")
def onboarding_push() -> None:
    """Send every hire not yet delivered to the HRIS API (HIRELAKE_HRIS__API_URL and __TOKEN)."""
    from hirelake.hris.api import HrisApiConnector
    from hirelake.lake import Lake
    from hirelake.onboarding import push_onboarding

    settings = _settings()
    with HrisApiConnector.from_settings(settings) as hris:
        run = push_onboarding(Lake(settings), hris, settings.language)
    console.print(f"sent {len(run.sent)}, failed {len(run.failed)}, delivered before {run.already_sent}")
    for event_id, reason in run.failed:
        console.print(f"[red]{event_id}[/red]: {reason}")
    if run.failed:
        raise typer.Exit(1)


def report_command(
    interview_id: Annotated[str, typer.Argument(help="The interview.")],
    out: Annotated[
        Path | None, typer.Option(help="Write the HTML here (default: print its lake key).")
    ] = None,
    language: Annotated[str | None, typer.Option(help="zh or en (default: the language setting).")] = None,
) -> None:
    """The current printable HTML report of an interview."""
    from hirelake.access_log import record_access
    from hirelake.lake import Lake
    from hirelake.reports import report_key
    from hirelake.scores import score_for

    settings = _settings()
    lake = Lake(settings, role="reader")
    score = score_for(lake, interview_id)
    if score is None:
        raise HirelakeError(text("review.not_scored", settings.language, interview_id=interview_id))
    key = report_key(interview_id, score.score_key, language or settings.language)
    if out is None:
        console.print(lake.uri(key))
        return
    # Opening a report is an access a compliance officer must be able to see, from the CLI too.
    record_access(Lake(settings), getpass.getuser(), "cli", "open_report", object_kind="report",
                  object_id=key, interview_id=interview_id)  # fmt: skip
    out.write_bytes(lake.get_bytes(key))
    console.print(f"wrote {out}")
