"""Interview plans in the lake: `raw/interview_plans/<interview_id>.json`, written once.

A plan says which questions an interview asks and from which bank version. Scores made later read
it back, so it must never change under them: saving the same plan again is a no-op, saving a
different plan for the same interview is refused.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from pydantic import ValidationError

from hirelake.errors import HirelakeError
from hirelake.question_banks.selection import InterviewPlan

PREFIX = "raw/interview_plans"
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


class PlanError(HirelakeError):
    """A stored plan conflicts with a new one, or does not parse."""


class JsonStore(Protocol):
    """The part of `hirelake.lake.Lake` the plans need (a fake in unit tests)."""

    def exists(self, key: str) -> bool: ...

    def put_json(self, key: str, document: Any) -> None: ...

    def get_json(self, key: str) -> Any: ...


def plan_key(interview_id: str) -> str:
    if not _SAFE_ID.fullmatch(interview_id):
        raise ValueError(f"interview id {interview_id!r} must be letters, digits, '_', '.', '-' (max 128)")
    return f"{PREFIX}/{interview_id}.json"


def _parse(key: str, document: Any) -> InterviewPlan:
    try:
        return InterviewPlan.model_validate(document)
    except ValidationError as exc:
        raise PlanError(f"Stored interview plan {key} does not parse: {exc}") from exc


def load_plan(lake: JsonStore, interview_id: str) -> InterviewPlan | None:
    """The interview's saved plan, or None when none was saved."""
    key = plan_key(interview_id)
    if not lake.exists(key):
        return None
    return _parse(key, lake.get_json(key))


def save_plan(lake: JsonStore, plan: InterviewPlan) -> bool:
    """Store `plan` once. True when written, False when the identical plan was already there.

    Raises PlanError when a different plan is stored for the interview: a plan never changes once
    questions may have been asked from it. (Check-then-write: two writers racing on one interview
    id are not expected; the landing step gives each interview one writer.)
    """
    key = plan_key(plan.interview_id)
    existing = load_plan(lake, plan.interview_id)
    if existing is not None:
        if existing == plan:
            return False
        raise PlanError(
            f"Interview {plan.interview_id} already has a different plan at {key} "
            f"(stored: {existing.bank_ref} {list(existing.question_ids)}; new: {plan.bank_ref} "
            f"{list(plan.question_ids)}). Plans are written once; "
            "use a new interview id to ask other questions."
        )
    lake.put_json(key, plan.model_dump(mode="json"))
    return True
