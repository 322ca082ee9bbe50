"""Policy updates as data: a policy file turns bank version N into version N+1.

A policy (`policies/<policy_id>.yaml`) names the banks or role families it applies to, the questions
it adds (full definitions) and the rubric changes it makes to existing questions (add or replace key
points and red flags, add or remove domain terms). `apply_policy` builds the next version and records
the policy id and a bilingual summary of the change in it; the old version is never touched, so
scores made against it keep pointing at what was actually asked (DOMAIN.md section 2).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hirelake.question_banks.diff import BankDiff, diff_banks
from hirelake.question_banks.loader import BANKS_DIR, BankError, load_bank_file
from hirelake.question_banks.schema import (
    BankChange,
    BilingualText,
    Category,
    KeyPoint,
    Question,
    QuestionBank,
    RedFlag,
    RoleFamily,
)
from hirelake.question_banks.yaml_files import load_yaml_model

POLICIES_DIR = Path(__file__).parent / "policies"
_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"


class PolicyError(BankError):
    """A policy file is invalid, or cannot be applied to a bank as written."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class AppliesTo(_Frozen):
    """Which banks a policy changes: named banks, every bank of a role family, or both."""

    banks: tuple[str, ...] = ()
    role_families: tuple[RoleFamily, ...] = ()

    @model_validator(mode="after")
    def _something(self) -> AppliesTo:
        if not self.banks and not self.role_families:
            raise ValueError("applies_to needs banks or role_families")
        return self

    def matches(self, bank: QuestionBank) -> bool:
        return bank.bank_id in self.banks or bank.role_family in self.role_families


class RubricChange(_Frozen):
    """Changes to the rubric of one question (`question_id`) or of every question of a `category`.

    Target by category when a policy spans banks whose question ids differ. Domain terms come in
    zh/en pairs: the i-th zh term translates the i-th en term.
    """

    question_id: str | None = None
    category: Category | None = None
    add_key_points: tuple[KeyPoint, ...] = ()
    replace_key_points: tuple[KeyPoint, ...] = Field(default=(), description="Matched by id.")
    add_red_flags: tuple[RedFlag, ...] = ()
    replace_red_flags: tuple[RedFlag, ...] = Field(default=(), description="Matched by id.")
    add_domain_terms_zh: tuple[str, ...] = ()
    add_domain_terms_en: tuple[str, ...] = ()
    remove_domain_terms_zh: tuple[str, ...] = ()
    remove_domain_terms_en: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _well_formed(self) -> RubricChange:
        if (self.question_id is None) == (self.category is None):
            raise ValueError("a rubric change targets exactly one of question_id or category")
        if len(self.add_domain_terms_zh) != len(self.add_domain_terms_en):
            raise ValueError("add_domain_terms_zh and add_domain_terms_en must pair up (same length)")
        if len(self.remove_domain_terms_zh) != len(self.remove_domain_terms_en):
            raise ValueError("remove_domain_terms_zh and remove_domain_terms_en must pair up (same length)")
        edits = (self.add_key_points, self.replace_key_points, self.add_red_flags, self.replace_red_flags,
                 self.add_domain_terms_zh, self.remove_domain_terms_zh)  # fmt: skip
        if not any(edits):
            raise ValueError("a rubric change must change something")
        return self

    @property
    def target(self) -> str:
        return self.question_id or f"category {self.category}"

    def selects(self, question: Question) -> bool:
        return question.question_id == self.question_id or question.category == self.category


class Policy(_Frozen):
    """One policy update, as the compliance office writes it."""

    policy_id: str = Field(pattern=_ID_PATTERN)
    effective_from: date = Field(description="The date the new bank versions take effect.")
    title: BilingualText
    summary: BilingualText = Field(description="What the rule says; added to each bank's policy notes.")
    applies_to: AppliesTo
    add_questions: tuple[Question, ...] = ()
    rubric_changes: tuple[RubricChange, ...] = ()

    @model_validator(mode="after")
    def _changes_something(self) -> Policy:
        if not self.add_questions and not self.rubric_changes:
            raise ValueError("a policy must add questions or change rubrics")
        ids = [q.question_id for q in self.add_questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"add_questions repeats question ids: {duplicates}")
        return self

    def applies(self, bank: QuestionBank) -> bool:
        return self.applies_to.matches(bank)


def load_policy(path: Path) -> Policy:
    """Parse and validate one policy file; its name must be `<policy_id>.yaml`."""
    policy = load_yaml_model(
        path, Policy, what="Policy", error=PolicyError, expected_keys="policy_id, effective_from, applies_to"
    )
    if path.stem != policy.policy_id:
        raise PolicyError(
            f"Policy {path} declares {policy.policy_id!r}; store it as {policy.policy_id}.yaml."
        )
    return policy


def list_policies(policies_dir: Path = POLICIES_DIR) -> tuple[Policy, ...]:
    """Every policy file in `policies_dir`, oldest effective date first."""
    if not policies_dir.is_dir():
        raise PolicyError(f"Policy folder {policies_dir} does not exist.")
    files = sorted(p for p in policies_dir.iterdir() if p.suffix in {".yaml", ".yml"})
    return tuple(sorted((load_policy(p) for p in files), key=lambda p: (p.effective_from, p.policy_id)))


def _replace_by_id(items: tuple[Any, ...], replacements: tuple[Any, ...], what: str, where: str) -> list[Any]:
    known = {item.id for item in items}
    missing = [r.id for r in replacements if r.id not in known]
    if missing:
        raise PolicyError(f"{where}: cannot replace {what} {missing}: no such id (use add_{what}s to add).")
    by_id = {r.id: r for r in replacements}
    return [by_id.get(item.id, item) for item in items]


def _added(items: list[Any], additions: tuple[Any, ...], what: str, where: str) -> list[Any]:
    clash = sorted({a.id for a in additions} & {item.id for item in items})
    if clash:
        raise PolicyError(f"{where}: {what} {clash} already exist (use replace_{what}s to change them).")
    return items + list(additions)


def _edit_terms(
    terms: tuple[str, ...], remove: tuple[str, ...], add: tuple[str, ...], where: str
) -> list[str]:
    missing = [t for t in remove if t not in terms]
    if missing:
        raise PolicyError(f"{where}: cannot remove domain terms {missing}: the rubric does not list them.")
    kept = [t for t in terms if t not in remove]
    # a family-wide policy may add a term some questions already list: add it once
    return kept + [t for t in add if t not in kept]


def _apply_rubric_change(question: Question, change: RubricChange, where: str) -> Question:
    rubric = question.rubric
    key_points = _replace_by_id(rubric.key_points, change.replace_key_points, "key_point", where)
    key_points = _added(key_points, change.add_key_points, "key_point", where)
    red_flags = _replace_by_id(rubric.red_flags, change.replace_red_flags, "red_flag", where)
    red_flags = _added(red_flags, change.add_red_flags, "red_flag", where)
    data = question.model_dump()
    data["rubric"].update(
        key_points=[k.model_dump() for k in key_points],
        red_flags=[r.model_dump() for r in red_flags],
        domain_terms_zh=_edit_terms(rubric.domain_terms_zh, change.remove_domain_terms_zh,
                                    change.add_domain_terms_zh, where),
        domain_terms_en=_edit_terms(rubric.domain_terms_en, change.remove_domain_terms_en,
                                    change.add_domain_terms_en, where),
    )  # fmt: skip
    try:
        return Question.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(f"{where}: the changed question does not validate: {exc}") from exc


def _check_applicable(bank: QuestionBank, policy: Policy) -> None:
    if not policy.applies(bank):
        raise PolicyError(f"Policy {policy.policy_id} does not apply to {bank.ref} (see its applies_to).")
    if policy.policy_id in bank.applied_policies():
        raise PolicyError(f"Policy {policy.policy_id} is already part of {bank.ref}; nothing to apply.")
    if policy.effective_from <= bank.effective_from:
        raise PolicyError(
            f"Policy {policy.policy_id} takes effect {policy.effective_from}, not after {bank.ref} "
            f"({bank.effective_from}); a new version must take effect later than the one it replaces."
        )
    clash = sorted({q.question_id for q in policy.add_questions} & {q.question_id for q in bank.questions})
    if clash:
        raise PolicyError(f"Policy {policy.policy_id} adds {clash}, which {bank.ref} already has.")


def apply_policy(bank: QuestionBank, policy: Policy) -> tuple[QuestionBank, BankChange]:
    """Version N+1 of `bank` with the policy built in, and the change entry it records.

    `bank` itself is not modified (banks are frozen); write the result with `write_bank`.
    """
    _check_applicable(bank, policy)
    questions = list(bank.questions)
    for change in policy.rubric_changes:
        where = f"Policy {policy.policy_id} on {bank.ref}, rubric change for {change.target}"
        hits = [i for i, q in enumerate(questions) if change.selects(q)]
        if not hits:
            raise PolicyError(f"{where}: no question matches in {bank.ref}.")
        for i in hits:
            questions[i] = _apply_rubric_change(questions[i], change, f"{where} ({questions[i].question_id})")
    questions += policy.add_questions
    base = bank.model_dump()
    base.update(
        version=bank.version + 1,
        effective_from=policy.effective_from,
        policy_notes=[*base["policy_notes"], policy.summary.model_dump()],
        questions=[q.model_dump() for q in questions],
    )
    try:
        draft = QuestionBank.model_validate(base)
    except ValidationError as exc:
        raise PolicyError(f"Policy {policy.policy_id} on {bank.ref} gives an invalid bank: {exc}") from exc
    diff = diff_banks(bank, draft)
    change_entry = BankChange(
        policy_id=policy.policy_id,
        title=policy.title,
        effective_from=policy.effective_from,
        from_version=bank.version,
        to_version=draft.version,
        summary=_change_summary(diff),
    )
    new_bank = QuestionBank.model_validate(
        {**draft.model_dump(), "changes": [*base["changes"], change_entry.model_dump()]}
    )
    return new_bank, change_entry


def _change_summary(diff: BankDiff) -> BilingualText:
    return BilingualText(zh=diff.summary("zh"), en=diff.summary("en"))


class _BankDumper(yaml.SafeDumper):
    """Plain YAML for people: no anchors/aliases for repeated values, lists indented under their key."""

    def ignore_aliases(self, data: Any) -> bool:  # noqa: ARG002 - PyYAML's hook signature
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        super().increase_indent(flow, False)


def _plain(value: Any) -> Any:
    """Tuples to lists (YAML's safe dumper knows only lists); dates stay dates (unquoted in YAML)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def bank_yaml(bank: QuestionBank) -> str:
    """The YAML text of a bank version, defaults left out, loadable by `load_bank_file`."""
    header = f"# {bank.bank_id} v{bank.version}, written by hirelake.question_banks.write_bank.\n"
    if bank.changes:
        last = bank.changes[-1]
        header += (f"# Built from v{last.from_version} by policy {last.policy_id}. Never edit a version in "
                   "place: a change is a new version.\n")  # fmt: skip
    document = _plain(bank.model_dump(exclude_defaults=True))
    body = yaml.dump(document, Dumper=_BankDumper, allow_unicode=True, sort_keys=False, width=120)
    return header + body


def write_bank(bank: QuestionBank, banks_dir: Path = BANKS_DIR) -> Path:
    """Write `<banks_dir>/<bank_id>/v<version>.yaml`; an existing version is never overwritten.

    Writing the same content again is a no-op; a different bank under an existing version is refused.
    """
    path = banks_dir / bank.bank_id / f"v{bank.version}.yaml"
    if path.exists():
        if load_bank_file(path) == bank:
            return path
        raise BankError(
            f"{path} already exists with other content; bank versions never change. "
            f"Apply the change on top of v{bank.version} to make v{bank.version + 1}."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(bank_yaml(bank), encoding="utf-8")
    temporary.replace(path)  # readers never see half a file
    if load_bank_file(path) != bank:  # a dump that does not load back equal would corrupt history
        path.unlink()
        raise BankError(f"Writing {bank.ref} did not round-trip through YAML; nothing was written.")
    return path
