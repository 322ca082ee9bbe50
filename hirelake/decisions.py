"""Reviewer and hire decisions as append-only events in the lake.

A decision is never an edit: each is one write-once JSON object at
`raw/decisions/<kind>/decided_date=YYYY-MM-DD/<event_id>.json`; the current state of an interview is
its latest event. No recommendation is final without a person: hiring needs a reviewer decision on the
interview's current scores first, and an override needs a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from hirelake import events
from hirelake.errors import HirelakeError
from hirelake.i18n import both
from hirelake.labour_law import max_probation_months
from hirelake.lake import Lake

PREFIX = "raw/decisions"
MIN_REASON_CHARS = 5  # "同上" or "ok" is not a reason a dispute can stand on
EventKind = Literal["review_decision", "hire_decision", "onboarding"]
ReviewAction = Literal["confirm", "override"]
Recommendation = Literal["recommend", "hold", "not_recommended"]
HireOutcome = Literal["hire", "reject"]
RECOMMENDATIONS: tuple[Recommendation, ...] = ("recommend", "hold", "not_recommended")


class DecisionError(HirelakeError):
    """A decision that the rules refuse; the message is bilingual and says what to do instead."""


@dataclass(frozen=True)
class ScoreRef:
    """The scores a decision is about: one row of `silver/interview_scores`."""

    interview_id: str
    score_key: str
    candidate_id: str
    position_id: str | None
    recommendation: str
    total_score: float
    needs_review: bool
    scored_at: str
    review_reasons: tuple[str, ...] = ()
    dimension_scores: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewDecision:
    event_id: str
    interview_id: str
    score_key: str
    reviewer: str
    action: ReviewAction
    system_recommendation: str
    final_recommendation: str
    reason: str
    decided_at: str


@dataclass(frozen=True)
class HireDecision:
    event_id: str
    interview_id: str
    candidate_id: str
    position_id: str | None
    score_key: str
    review_event_id: str
    decision: HireOutcome
    decided_by: str
    decided_at: str
    reason: str
    start_date: str | None
    contract_term_months: int | None
    probation_months: int | None
    grade_code: str | None
    # The hire's competency scores: the reference the probation assessment is measured against.
    reference_scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class OnboardingEvent:
    event_id: str
    hire_event_id: str
    interview_id: str
    idempotency_key: str
    status: Literal["sent", "failed"]
    detail: str
    decided_at: str  # when the attempt happened; named like the other events for one partition rule


def new_event_id(kind: EventKind, now: datetime) -> str:
    """Sortable by time, unique across machines."""
    return events.new_event_id(kind.split("_")[0], now)


def event_key(kind: EventKind, event_id: str, decided_at: str) -> str:
    return f"{PREFIX}/{kind}/decided_date={decided_at[:10]}/{event_id}.json"


def write_event(lake: Lake, kind: EventKind, event: ReviewDecision | HireDecision | OnboardingEvent) -> str:
    key = event_key(kind, event.event_id, event.decided_at)
    events.append_event(lake, key, asdict(event), DecisionError)
    return key


def _events(lake: Lake, kind: EventKind) -> list[dict[str, Any]]:
    documents = events.read_events(lake, f"{PREFIX}/{kind}/")
    return sorted(documents, key=lambda d: (str(d["decided_at"]), str(d["event_id"])))


def review_decisions(lake: Lake) -> list[ReviewDecision]:
    return [ReviewDecision(**d) for d in _events(lake, "review_decision")]


def hire_decisions(lake: Lake) -> list[HireDecision]:
    return [HireDecision(**d) for d in _events(lake, "hire_decision")]


def onboarding_events(lake: Lake) -> list[OnboardingEvent]:
    return [OnboardingEvent(**d) for d in _events(lake, "onboarding")]


def latest_review(lake: Lake, interview_id: str, score_key: str) -> ReviewDecision | None:
    matching = [
        d for d in review_decisions(lake) if d.interview_id == interview_id and d.score_key == score_key
    ]
    return matching[-1] if matching else None


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def record_review(
    lake: Lake,
    score: ScoreRef,
    *,
    reviewer: str,
    action: ReviewAction,
    reason: str = "",
    override_to: Recommendation | None = None,
    now: datetime | None = None,
) -> ReviewDecision:
    """Confirm the system's recommendation, or override it with a reason; either way an event."""
    reason = reason.strip()
    if not reviewer.strip():
        raise DecisionError("a review decision needs the reviewer's user name / 审核决定需要审核人")
    if action == "override":
        if len(reason) < MIN_REASON_CHARS:
            raise DecisionError(both("review.reason_required", min_chars=MIN_REASON_CHARS))
        if override_to is None or override_to not in RECOMMENDATIONS:
            raise DecisionError(f"override_to must be one of {', '.join(RECOMMENDATIONS)}")
        if override_to == score.recommendation:
            raise DecisionError(both("review.same_as_recommendation"))
        final: str = override_to
    else:
        final = score.recommendation
    moment = _now(now)
    decision = ReviewDecision(
        event_id=new_event_id("review_decision", moment),
        interview_id=score.interview_id,
        score_key=score.score_key,
        reviewer=reviewer.strip(),
        action=action,
        system_recommendation=score.recommendation,
        final_recommendation=final,
        reason=reason,
        decided_at=moment.isoformat(timespec="microseconds"),
    )
    write_event(lake, "review_decision", decision)
    return decision


def record_hire(
    lake: Lake,
    score: ScoreRef,
    *,
    decided_by: str,
    decision: HireOutcome,
    reason: str = "",
    start_date: date | None = None,
    contract_term_months: int | None = None,
    grade_code: str | None = None,
    now: datetime | None = None,
) -> HireDecision:
    """Hire or reject after a person reviewed the current scores; a hire needs its start and term."""
    review = latest_review(lake, score.interview_id, score.score_key)
    if review is None:
        raise DecisionError(both("hire.needs_review", interview_id=score.interview_id))
    earlier = [h for h in hire_decisions(lake) if h.interview_id == score.interview_id]
    if earlier:
        raise DecisionError(
            both("hire.already_decided", interview_id=score.interview_id, decision=earlier[-1].decision)
        )
    if decision == "hire":
        if review.final_recommendation == "not_recommended":
            raise DecisionError(both("hire.not_recommended", recommendation=review.final_recommendation))
        if start_date is None:
            raise DecisionError("a hire needs a start date (--start-date) / 录用需要入职日期")
        if contract_term_months is not None and contract_term_months < 0:
            raise DecisionError("the contract term must be 0 or more months / 合同期限不能为负")
    elif len(reason.strip()) < MIN_REASON_CHARS:
        raise DecisionError(both("review.reason_required", min_chars=MIN_REASON_CHARS))
    moment = _now(now)
    hire = HireDecision(
        event_id=new_event_id("hire_decision", moment),
        interview_id=score.interview_id,
        candidate_id=score.candidate_id,
        position_id=score.position_id,
        score_key=score.score_key,
        review_event_id=review.event_id,
        decision=decision,
        decided_by=decided_by.strip(),
        decided_at=moment.isoformat(timespec="microseconds"),
        reason=reason.strip(),
        start_date=start_date.isoformat() if start_date else None,
        contract_term_months=contract_term_months,
        probation_months=max_probation_months(contract_term_months) if decision == "hire" else None,
        grade_code=grade_code,
        reference_scores=dict(score.dimension_scores),
    )
    write_event(lake, "hire_decision", hire)
    return hire
