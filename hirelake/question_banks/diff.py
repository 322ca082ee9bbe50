"""What changed between two versions of a bank, readable in Chinese and English.

The diff lists added and removed questions and, per kept question, what changed in its rubric (key
points, red flags, domain terms, empathy phrases) and in the question itself (prompt, competency...).
A recruiter reads `lines("zh")`; an auditor reads `lines("en")`; the bank records `summary(...)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hirelake.question_banks.schema import BilingualText, Category, Language, Question, QuestionBank, Rubric

Part = Literal["question", "key_point", "red_flag", "domain_term", "empathy_phrase"]
Action = Literal["added", "removed", "changed"]

CATEGORY_LABELS: dict[Category, BilingualText] = {
    "knowledge": BilingualText(zh="专业知识", en="professional knowledge"),
    "operational_skill": BilingualText(zh="操作技能/情景模拟", en="operational skill / role play"),
    "professionalism": BilingualText(zh="职业素养", en="professionalism"),
    "compliance_scenario": BilingualText(zh="合规情景", en="compliance scenario"),
}
PART_LABELS: dict[Part, BilingualText] = {
    "question": BilingualText(zh="题目", en="question"),
    "key_point": BilingualText(zh="评分要点", en="key point"),
    "red_flag": BilingualText(zh="红线表述", en="red flag"),
    "domain_term": BilingualText(zh="专业术语", en="domain term"),
    "empathy_phrase": BilingualText(zh="共情用语", en="empathy phrase"),
}
ACTION_LABELS: dict[Action, BilingualText] = {
    "added": BilingualText(zh="新增", en="added"),
    "removed": BilingualText(zh="删除", en="removed"),
    "changed": BilingualText(zh="修改", en="changed"),
}
_LANGUAGE_LABELS: dict[Language, BilingualText] = {
    "zh": BilingualText(zh="中文", en="Chinese"),
    "en": BilingualText(zh="英文", en="English"),
}
_SEPARATOR: dict[Language, str] = {"zh": "；", "en": "; "}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ItemChange(_Frozen):
    """One change inside a kept question.

    `item` is the key point / red flag id, the question field name (prompt, competency, ...), or the
    term itself; `language` is set for terms and phrases, which each language lists on its own.
    """

    part: Part
    action: Action
    item: str
    language: Language | None = None
    old: BilingualText | None = None
    new: BilingualText | None = None

    def describe(self, language: Language) -> str:
        action = ACTION_LABELS[self.action].in_language(language)
        part = PART_LABELS[self.part].in_language(language)
        if self.language is not None:
            which = _LANGUAGE_LABELS[self.language].in_language(language)
            if language == "zh":
                return f"{action}{part}（{which}）：{self.item}"
            return f"{part} ({which}) {action}: {self.item}"
        old = self.old.in_language(language) if self.old else ""
        new = self.new.in_language(language) if self.new else ""
        text = f"{old} → {new}" if self.action == "changed" else (new or old)
        if language == "zh":
            return f"{action}{part} {self.item}：{text}"
        return f"{part} {self.item} {action}: {text}"

    def short(self, language: Language) -> str:
        action = ACTION_LABELS[self.action].in_language(language)
        part = PART_LABELS[self.part].in_language(language)
        return f"{action}{part} {self.item}" if language == "zh" else f"{action} {part} {self.item}"


class QuestionDiff(_Frozen):
    question_id: str
    changes: tuple[ItemChange, ...]


class DiffEntry(_Frozen):
    """One row of a diff table: the question it concerns and the change, in both languages."""

    question_id: str
    action: Action
    part: Part
    text: BilingualText


class BankDiff(_Frozen):
    bank_id: str
    old_version: int
    new_version: int
    added: tuple[Question, ...] = ()
    removed: tuple[Question, ...] = ()
    changed: tuple[QuestionDiff, ...] = ()
    notes_added: tuple[BilingualText, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.notes_added)

    def entries(self) -> tuple[DiffEntry, ...]:
        rows: list[DiffEntry] = []
        sides: tuple[tuple[Action, tuple[Question, ...]], ...] = (
            ("added", self.added),
            ("removed", self.removed),
        )
        for action, questions in sides:
            rows += [DiffEntry(question_id=q.question_id, action=action, part="question",
                               text=_question_text(q, action)) for q in questions]  # fmt: skip
        for question in self.changed:
            for change in question.changes:
                text = BilingualText(zh=change.describe("zh"), en=change.describe("en"))
                rows.append(DiffEntry(question_id=question.question_id, action=change.action,
                                      part=change.part, text=text))  # fmt: skip
        for note in self.notes_added:
            text = BilingualText(zh=f"新增政策说明：{note.zh}", en=f"policy note added: {note.en}")
            rows.append(DiffEntry(question_id="-", action="added", part="question", text=text))
        return tuple(rows)

    def lines(self, language: Language) -> list[str]:
        """One line per change, for a person to read."""
        head = (f"题库 {self.bank_id}：v{self.old_version} → v{self.new_version}" if language == "zh"
                else f"Bank {self.bank_id}: v{self.old_version} -> v{self.new_version}")  # fmt: skip
        if self.is_empty:
            return [head, "无变化" if language == "zh" else "No change"]
        body = [
            e.text.in_language(language) if e.question_id == "-" else
            f"{e.question_id}{'：' if language == 'zh' else ': '}{e.text.in_language(language)}"
            for e in self.entries()
        ]  # fmt: skip
        return [head, *body]

    def summary(self, language: Language) -> str:
        """One sentence: added/removed question ids and, per changed question, what changed."""
        parts: list[str] = []
        added, removed = ACTION_LABELS["added"], ACTION_LABELS["removed"]
        for label, questions in ((added, self.added), (removed, self.removed)):
            if questions:
                ids = ", ".join(q.question_id for q in questions)
                question = PART_LABELS["question"].in_language(language)
                parts.append(
                    f"{label.in_language(language)}{'' if language == 'zh' else ' '}{question} {ids}"
                )
        for question_diff in self.changed:
            parts.append(_question_summary(question_diff, language))
        if not parts:
            return "无变化" if language == "zh" else "No change"
        text = _SEPARATOR[language].join(parts)
        return text[0].upper() + text[1:] if language == "en" else text


def _question_text(question: Question, action: Action) -> BilingualText:
    category = CATEGORY_LABELS[question.category]
    verb = ACTION_LABELS[action]
    return BilingualText(
        zh=f"{verb.zh}题目（{category.zh}）：{question.prompt_zh}",
        en=f"question {verb.en} ({category.en}): {question.prompt_en}",
    )


def _question_summary(question_diff: QuestionDiff, language: Language) -> str:
    pieces: list[str] = []
    counted: dict[tuple[Action, Part], set[str]] = {}
    for change in question_diff.changes:
        if change.language is None:
            pieces.append(change.short(language))
        else:
            counted.setdefault((change.action, change.part), set()).add(f"{change.language}:{change.item}")
    for (action, part), items in counted.items():
        # zh and en each list their terms: a pair of translations counts once
        by_language = [sum(i.startswith(f"{lang}:") for i in items) for lang in ("zh", "en")]
        n = max(by_language)
        act, what = ACTION_LABELS[action].in_language(language), PART_LABELS[part].in_language(language)
        pieces.append(
            f"{act}{what} {n} 个" if language == "zh" else f"{act} {n} {what}{'s' if n > 1 else ''}"
        )
    joined = "，".join(pieces) if language == "zh" else ", ".join(pieces)
    return f"{question_diff.question_id}{'：' if language == 'zh' else ': '}{joined}"


def _by_id(items: Sequence[BaseModel], attribute: str = "id") -> dict[str, BaseModel]:
    return {str(getattr(item, attribute)): item for item in items}


def _bilingual_of(item: BaseModel) -> BilingualText:
    return BilingualText(zh=str(getattr(item, "zh")), en=str(getattr(item, "en")))  # noqa: B009


def _identified(part: Part, old: Sequence[BaseModel], new: Sequence[BaseModel]) -> list[ItemChange]:
    """Key points or red flags, matched by id."""
    before, after = _by_id(old), _by_id(new)
    changes = [ItemChange(part=part, action="added", item=i, new=_bilingual_of(after[i]))
               for i in after if i not in before]  # fmt: skip
    changes += [ItemChange(part=part, action="removed", item=i, old=_bilingual_of(before[i]))
                for i in before if i not in after]  # fmt: skip
    changes += [
        ItemChange(
            part=part, action="changed", item=i, old=_bilingual_of(before[i]), new=_bilingual_of(after[i])
        )
        for i in after
        if i in before and before[i] != after[i]
    ]
    return changes


def _terms(part: Part, language: Language, old: Sequence[str], new: Sequence[str]) -> list[ItemChange]:
    changes = [ItemChange(part=part, action="added", item=t, language=language) for t in new if t not in old]
    changes += [
        ItemChange(part=part, action="removed", item=t, language=language) for t in old if t not in new
    ]
    return changes


def _rubric_changes(old: Rubric, new: Rubric) -> list[ItemChange]:
    changes = _identified("key_point", old.key_points, new.key_points)
    changes += _identified("red_flag", old.red_flags, new.red_flags)
    languages: tuple[Language, ...] = ("zh", "en")
    for lang in languages:
        changes += _terms("domain_term", lang, old.domain_terms(lang), new.domain_terms(lang))
        changes += _terms("empathy_phrase", lang, old.empathy_phrases(lang), new.empathy_phrases(lang))
    return changes


def _field_changes(old: Question, new: Question) -> list[ItemChange]:
    changes: list[ItemChange] = []
    if (old.prompt_zh, old.prompt_en) != (new.prompt_zh, new.prompt_en):
        changes.append(ItemChange(part="question", action="changed", item="prompt",
                                  old=BilingualText(zh=old.prompt_zh, en=old.prompt_en),
                                  new=BilingualText(zh=new.prompt_zh, en=new.prompt_en)))  # fmt: skip
    for field in ("category", "competency", "dimension", "tags"):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            shown = [", ".join(v) if isinstance(v, tuple) else str(v) for v in (before, after)]
            changes.append(ItemChange(part="question", action="changed", item=field,
                                      old=BilingualText(zh=shown[0] or "-", en=shown[0] or "-"),
                                      new=BilingualText(zh=shown[1] or "-", en=shown[1] or "-")))  # fmt: skip
    return changes


def diff_banks(old: QuestionBank, new: QuestionBank) -> BankDiff:
    """Questions added and removed (by id), and per kept question what changed, in `new`'s order."""
    if old.bank_id != new.bank_id:
        raise ValueError(f"diff two versions of one bank, not {old.ref} and {new.ref}")
    before = {q.question_id: q for q in old.questions}
    after_ids = {q.question_id for q in new.questions}
    changed: list[QuestionDiff] = []
    for question in new.questions:
        previous = before.get(question.question_id)
        if previous is None or previous == question:
            continue
        items = _field_changes(previous, question) + _rubric_changes(previous.rubric, question.rubric)
        changed.append(QuestionDiff(question_id=question.question_id, changes=tuple(items)))
    return BankDiff(
        bank_id=new.bank_id,
        old_version=old.version,
        new_version=new.version,
        added=tuple(q for q in new.questions if q.question_id not in before),
        removed=tuple(q for q in old.questions if q.question_id not in after_ids),
        changed=tuple(changed),
        notes_added=tuple(n for n in new.policy_notes if n not in old.policy_notes),
    )
