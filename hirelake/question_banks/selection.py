"""Which questions an interview asks, chosen from a bank by what the position requires.

The position's competency model picks the questions that measure it; the department adds its tags
(an emergency-department opening triggers the emergency-procedure questions and a stress scenario,
DOMAIN.md section 1); every interview asks at least one compliance scenario, so the report can
always say whether the candidate's understanding of confidentiality matches policy.

The choice is deterministic: the same bank, position, count and seed (or generator state) give the
same questions, and the plan records the bank version they came from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import numpy as np
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from hirelake.question_banks.loader import BankError, department_code
from hirelake.question_banks.schema import CATEGORIES, Language, Question, QuestionBank, RoleFamily
from hirelake.weights import load_weights

# Tags a department's positions ask for, with their weight in the ranking. Every tag listed here is
# also guaranteed one question when the bank has one and the count allows (stress scenario first).
DEPARTMENT_TAGS: Mapping[str, Mapping[str, int]] = {"ED": {"stress_scenario": 5, "emergency_procedure": 2}}
_COMPETENCY_WEIGHT = 2
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


class SelectionError(BankError):
    """A bank cannot serve a position's interview (wrong role family, no compliance question)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class PositionRequirements(_Frozen):
    """What a position asks of an interview: the HRIS "position DNA" the selection reads.

    `department` is a code such as ED or the HRIS id DEP-ED (both work); `competencies` are the
    position's competency-model ids (e.g. emergency_response, night_shift_fitness).
    """

    position_id: str = Field(min_length=1)
    role_family: RoleFamily
    department: str = ""
    competencies: tuple[str, ...] = ()

    @property
    def department_code(self) -> str:
        return department_code(self.department)

    def department_tags(self) -> dict[str, int]:
        """Tags this position's department asks for, with their ranking weight."""
        return dict(DEPARTMENT_TAGS.get(self.department_code, {}))


def _stable_unit(*parts: str) -> float:
    """A number in [0, 1) from text, the same in every process (hash() is salted per process)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _jitter(
    bank: QuestionBank, position: PositionRequirements, seed: int | None, rng: np.random.Generator | None
) -> dict[str, float]:
    """Tie-breakers between equally ranked questions, so different interviews vary."""
    if rng is not None:
        draws = rng.random(len(bank.questions))
        return {q.question_id: float(d) for q, d in zip(bank.questions, draws, strict=True)}
    base = str(seed if seed is not None else 0)
    return {
        q.question_id: _stable_unit(base, position.position_id, bank.ref, q.question_id)
        for q in bank.questions
    }


def _check(bank: QuestionBank, position: PositionRequirements, count: int) -> None:
    if count < 1:
        raise ValueError(f"an interview asks at least one question, got count={count}")
    if bank.role_family != position.role_family:
        raise SelectionError(
            f"Bank {bank.ref} is for {bank.role_family} positions; position {position.position_id} is "
            f"{position.role_family}. Pick the bank with find_bank(role_family, department)."
        )
    if not bank.by_category("compliance_scenario"):
        raise SelectionError(
            f"Bank {bank.ref} has no compliance_scenario question; every interview asks one. "
            "Add one to a new version of the bank."
        )


def weighted_dimensions(role_family: str) -> tuple[str, ...]:
    """The dimensions the newest weights score for a role family (what a plan must measure)."""
    return tuple(load_weights().for_family(role_family))


def select_questions(
    bank: QuestionBank,
    position: PositionRequirements,
    count: int,
    *,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
    dimensions: Sequence[str] | None = None,
) -> tuple[Question, ...]:
    """Up to `count` questions for `position`, asked in category order (knowledge first, compliance last).

    Always one compliance scenario; then one question per dimension the role's weights score (a plan
    that measures no clinical skill would score every nurse 0 there); then one question per tag the
    department asks for; then the rest,
    spreading over the categories first and preferring, within a category, questions that measure the
    position's competencies or carry its department's tags. Ties break by `rng` when given (it is
    advanced by one draw per bank question), else by a hash of `seed` (default 0), position and bank.
    """
    if seed is not None and rng is not None:
        raise ValueError("pass seed or rng, not both")
    _check(bank, position, count)
    wanted_tags = position.department_tags()
    jitter = _jitter(bank, position, seed, rng)
    order = {q.question_id: i for i, q in enumerate(bank.questions)}

    def rank(question: Question) -> int:
        match = _COMPETENCY_WEIGHT if question.competency in position.competencies else 0
        return match + sum(wanted_tags.get(tag, 0) for tag in question.tags)

    chosen: list[Question] = []

    def take(pool: list[Question]) -> None:
        per_category = {c: sum(q.category == c for q in chosen) for c in CATEGORIES}
        best = max(
            pool,
            key=lambda q: (-per_category[q.category], rank(q), jitter[q.question_id], -order[q.question_id]),
        )
        chosen.append(best)

    take(list(bank.by_category("compliance_scenario")))
    for dimension in dimensions if dimensions is not None else weighted_dimensions(position.role_family):
        if len(chosen) >= count or any(q.dimension == dimension for q in chosen):
            continue
        taken = {q.question_id for q in chosen}
        pool = [q for q in bank.questions if q.dimension == dimension and q.question_id not in taken]
        if pool:
            take(pool)
    for tag in sorted(wanted_tags, key=lambda t: (-wanted_tags[t], t)):
        if len(chosen) >= count or any(tag in q.tags for q in chosen):
            continue
        taken = {q.question_id for q in chosen}
        pool = [q for q in bank.questions if tag in q.tags and q.question_id not in taken]
        if pool:
            take(pool)
    while len(chosen) < count:
        taken = {q.question_id for q in chosen}
        remaining = [q for q in bank.questions if q.question_id not in taken]
        if not remaining:
            break
        take(remaining)
    category_rank = {c: i for i, c in enumerate(CATEGORIES)}
    return tuple(sorted(chosen, key=lambda q: (category_rank[q.category], order[q.question_id])))


class InterviewPlan(_Frozen):
    """Which questions one interview asks, from which bank version, in which language.

    Saved once per interview (`hirelake.interview_plans.save_plan`), so every later score can name
    the exact bank version and questions it was made against.
    """

    interview_id: str = Field(pattern=_SAFE_ID.pattern)
    candidate_id: str = Field(min_length=1)
    position_id: str = Field(min_length=1)
    bank_id: str = Field(min_length=1)
    bank_version: int = Field(ge=1)
    language: Language
    question_ids: tuple[str, ...] = Field(min_length=1, description="In the order they are asked.")
    selected_at: AwareDatetime

    @field_validator("question_ids")
    @classmethod
    def _unique(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(values)) != len(values):
            raise ValueError(f"a question is asked once per interview: {values}")
        return values

    @property
    def bank_ref(self) -> str:
        """`bank_id@version`, the same string `QuestionBank.ref` gives."""
        return f"{self.bank_id}@{self.bank_version}"


def plan_interview(
    interview_id: str,
    candidate_id: str,
    position: PositionRequirements,
    bank: QuestionBank,
    *,
    language: Language,
    count: int,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
    selected_at: datetime | None = None,
) -> InterviewPlan:
    """Select the questions for one interview and record them with the bank version.

    `selected_at` defaults to now (UTC); pass it for a reproducible plan.
    """
    if language not in bank.languages:
        raise SelectionError(f"Bank {bank.ref} has no {language!r} texts; it covers {bank.languages}.")
    questions = select_questions(bank, position, count, seed=seed, rng=rng)
    return InterviewPlan(
        interview_id=interview_id,
        candidate_id=candidate_id,
        position_id=position.position_id,
        bank_id=bank.bank_id,
        bank_version=bank.version,
        language=language,
        question_ids=tuple(q.question_id for q in questions),
        selected_at=selected_at or datetime.now(UTC),
    )
