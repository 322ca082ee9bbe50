"""On hire: the report and an onboarding approval record go to the HRIS, once, whatever the retries.

The hire event's id is the idempotency key, so a re-run after a crash or a timeout sends the same key
and the HRIS answers with what it stored the first time instead of creating a second employee. Every
attempt is an `onboarding` event in the lake; a hire without a `sent` event is retried on the next run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from hirelake.decisions import (
    HireDecision,
    OnboardingEvent,
    hire_decisions,
    new_event_id,
    onboarding_events,
    write_event,
)
from hirelake.errors import HirelakeError
from hirelake.labour_law import PROBATION_PAY_SHARE
from hirelake.lake import Lake
from hirelake.logs import get_logger
from hirelake.reports import report_key

RECORD_VERSION = 1


class OnboardingTarget(Protocol):
    """Where onboarding records go: the HRIS API connector in production, a fake in unit tests."""

    def post_onboarding(self, record: Mapping[str, object], idempotency_key: str) -> Mapping[str, Any]: ...


def onboarding_record(hire: HireDecision, report_html: str, report_uri: str) -> dict[str, object]:
    """The approval record the HRIS creates the employee from: no field needs re-typing."""
    return {
        "record_version": RECORD_VERSION,
        "approval_id": hire.event_id,
        "candidate_id": hire.candidate_id,
        "position_id": hire.position_id,
        "interview_id": hire.interview_id,
        "start_date": hire.start_date,
        "contract_term_months": hire.contract_term_months,
        "probation_months": hire.probation_months,
        "probation_pay_share": PROBATION_PAY_SHARE,
        "grade_code": hire.grade_code,
        "approved_by": hire.decided_by,
        "approved_at": hire.decided_at,
        "probation_reference_scores": hire.reference_scores,
        "score_key": hire.score_key,
        "report_uri": report_uri,
        "report_html": report_html,
    }


@dataclass(frozen=True)
class OnboardingRun:
    sent: tuple[str, ...]  # hire event ids delivered in this run
    failed: tuple[tuple[str, str], ...]  # (hire event id, reason)
    already_sent: int


def pending_hires(lake: Lake, hires: list[HireDecision] | None = None) -> list[HireDecision]:
    """Hires without a `sent` onboarding event (`hires`: the hire events, when already read)."""
    delivered = {e.hire_event_id for e in onboarding_events(lake) if e.status == "sent"}
    every = hire_decisions(lake) if hires is None else hires
    return [h for h in every if h.decision == "hire" and h.event_id not in delivered]


def push_onboarding(lake: Lake, target: OnboardingTarget, language: str = "zh") -> OnboardingRun:
    """Send every hire not yet delivered; one failure is recorded and does not stop the others."""
    log = get_logger(__name__)
    hires = [h for h in hire_decisions(lake) if h.decision == "hire"]
    pending = pending_hires(lake, hires)
    sent: list[str] = []
    failed: list[tuple[str, str]] = []
    for hire in pending:
        key = report_key(hire.interview_id, hire.score_key, language)
        try:
            html = lake.get_bytes(key).decode("utf-8")
            target.post_onboarding(
                onboarding_record(hire, html, lake.uri(key)), idempotency_key=hire.event_id
            )
        except HirelakeError as exc:
            failed.append((hire.event_id, str(exc)))
            status, detail = "failed", str(exc)
            log.warning("onboarding_failed", interview_id=hire.interview_id, reason=detail)
        else:
            sent.append(hire.event_id)
            status, detail = "sent", "accepted by the HRIS"
            log.info("onboarding_sent", interview_id=hire.interview_id)
        moment = datetime.now(UTC)
        write_event(
            lake,
            "onboarding",
            OnboardingEvent(
                event_id=new_event_id("onboarding", moment),
                hire_event_id=hire.event_id,
                interview_id=hire.interview_id,
                idempotency_key=hire.event_id,
                status=status,  # type: ignore[arg-type]
                detail=detail,
                decided_at=moment.isoformat(timespec="microseconds"),
            ),
        )
    return OnboardingRun(tuple(sent), tuple(failed), len(hires) - len(pending))
