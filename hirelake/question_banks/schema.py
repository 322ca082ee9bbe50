"""The typed shape of a versioned interview question bank.

A bank is data, not code: YAML under `banks/<bank_id>/v<version>.yaml`, validated into these frozen
models. Every text a candidate hears or a scorer matches exists in Mandarin and English, so an
interview can run in either language against the same rubric. Selection and scoring live in
`models/`; they read these objects and record `bank_id` + `version` with every score.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

RoleFamily = Literal["clinical_physician", "nurse", "administrative"]
Category = Literal["knowledge", "operational_skill", "professionalism", "compliance_scenario"]
# Scoring dimensions of the report (DOMAIN.md section 4); each question feeds exactly one.
Dimension = Literal["knowledge", "clinical_skill", "professionalism", "communication", "teamwork"]
Language = Literal["zh", "en"]

CATEGORIES: tuple[Category, ...] = (
    "knowledge",
    "operational_skill",
    "professionalism",
    "compliance_scenario",
)
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_QUESTION_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")


class _Frozen(BaseModel):
    # extra="forbid": a misspelt YAML key (e.g. `synonym_zh`) must fail loudly, not vanish.
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _non_blank(values: tuple[str, ...], what: str) -> tuple[str, ...]:
    if any(not v for v in values):
        raise ValueError(f"{what} contains an empty entry; remove it or fill it in")
    return values


class BilingualText(_Frozen):
    """One statement in both interview languages."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def in_language(self, language: Language) -> str:
        return self.zh if language == "zh" else self.en


class KeyPoint(_Frozen):
    """A point a good answer makes; synonyms are other wordings a matcher should accept."""

    id: str = Field(pattern=_ID.pattern)
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    synonyms_zh: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()
    weight: float = Field(default=1.0, gt=0, le=5)

    def text(self, language: Language) -> str:
        return self.zh if language == "zh" else self.en

    def synonyms(self, language: Language) -> tuple[str, ...]:
        return self.synonyms_zh if language == "zh" else self.synonyms_en


class RedFlag(_Frozen):
    """A statement that deviates from policy (e.g. disclosing a record to a relative) and why it does."""

    id: str = Field(pattern=_ID.pattern)
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    reason: str = Field(min_length=1, description="The rule it breaks, for the report's risk flag.")

    def text(self, language: Language) -> str:
        return self.zh if language == "zh" else self.en


class Rubric(_Frozen):
    key_points: tuple[KeyPoint, ...] = Field(min_length=2)
    domain_terms_zh: tuple[str, ...] = ()
    domain_terms_en: tuple[str, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    empathy_phrases_zh: tuple[str, ...] = ()
    empathy_phrases_en: tuple[str, ...] = ()

    @field_validator("domain_terms_zh", "domain_terms_en", "empathy_phrases_zh", "empathy_phrases_en")
    @classmethod
    def _no_blank_terms(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _non_blank(values, "a term list")

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        ids = [k.id for k in self.key_points] + [r.id for r in self.red_flags]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"key point / red flag ids must be unique within a question: {duplicates}")
        if bool(self.domain_terms_zh) != bool(self.domain_terms_en):
            raise ValueError("domain terms must be given in both zh and en, or in neither")
        if bool(self.empathy_phrases_zh) != bool(self.empathy_phrases_en):
            raise ValueError("empathy phrases must be given in both zh and en, or in neither")
        return self

    def domain_terms(self, language: Language) -> tuple[str, ...]:
        return self.domain_terms_zh if language == "zh" else self.domain_terms_en

    def empathy_phrases(self, language: Language) -> tuple[str, ...]:
        return self.empathy_phrases_zh if language == "zh" else self.empathy_phrases_en


class Question(_Frozen):
    question_id: str = Field(pattern=_QUESTION_ID.pattern)
    category: Category
    competency: str = Field(pattern=_ID.pattern, description="Competency-model id it measures.")
    dimension: Dimension
    prompt_zh: str = Field(min_length=1)
    prompt_en: str = Field(min_length=1)
    tags: tuple[str, ...] = Field(default=(), description="e.g. stress_scenario, emergency_procedure")
    rubric: Rubric

    def prompt(self, language: Language) -> str:
        return self.prompt_zh if language == "zh" else self.prompt_en

    @model_validator(mode="after")
    def _compliance_has_red_flags(self) -> Question:
        # A compliance question without red flags cannot raise the policy-deviation risk flag.
        if self.category == "compliance_scenario" and not self.rubric.red_flags:
            raise ValueError("a compliance_scenario question needs at least one red flag")
        return self


class BankChange(_Frozen):
    """How a bank version came about: the policy applied to the previous version, and what it changed.

    A bank keeps the whole list, oldest first, so any version tells its own history.
    """

    policy_id: str = Field(pattern=_ID.pattern)
    title: BilingualText
    effective_from: date
    from_version: int = Field(ge=1)
    to_version: int = Field(ge=2)
    summary: BilingualText

    @model_validator(mode="after")
    def _next_version(self) -> BankChange:
        if self.to_version != self.from_version + 1:
            raise ValueError("a change goes from one version to the next (to_version = from_version + 1)")
        return self


class QuestionBank(_Frozen):
    """One version of one bank. A policy change is a new version, never an edit of an old one."""

    bank_id: str = Field(pattern=_ID.pattern)
    version: int = Field(ge=1)
    title_zh: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    role_family: RoleFamily
    departments: tuple[str, ...] = Field(
        default=(), description="Department codes it serves (e.g. ED); empty = any department."
    )
    languages: tuple[Language, ...] = ("zh", "en")
    effective_from: date
    policy_notes: tuple[BilingualText, ...] = ()
    # Empty for a hand-written first version; one entry per policy applied since (see policy.py).
    changes: tuple[BankChange, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=1)

    @field_validator("languages")
    @classmethod
    def _both_languages(cls, values: tuple[Language, ...]) -> tuple[Language, ...]:
        if set(values) != {"zh", "en"}:
            raise ValueError("banks must cover both interview languages: languages: [zh, en]")
        return values

    @model_validator(mode="after")
    def _unique_question_ids(self) -> QuestionBank:
        ids = [q.question_id for q in self.questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"question_id must be unique within a bank: {duplicates}")
        if self.changes and self.changes[-1].to_version != self.version:
            raise ValueError(
                f"the last change leads to version {self.changes[-1].to_version}, but this is version "
                f"{self.version}; a bank's changes end at its own version"
            )
        return self

    def applied_policies(self) -> tuple[str, ...]:
        """Ids of the policies already built into this version."""
        return tuple(change.policy_id for change in self.changes)

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.question_id == question_id:
                return q
        raise KeyError(f"{question_id} is not in bank {self.bank_id} v{self.version}")

    def by_category(self, category: Category) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.category == category)

    @property
    def ref(self) -> str:
        """`bank_id@version`, the string every score records."""
        return f"{self.bank_id}@{self.version}"
