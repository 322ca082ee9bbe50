"""`hirelake banks ...`: list, show and diff question bank versions; apply a policy file.

Registered by the main CLI with `app.add_typer(banks_app, name="banks")`. Errors are `BankError`s
(a `HirelakeError`), which the main entry point prints as one line.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hirelake.i18n import text
from hirelake.question_banks.diff import BankDiff, diff_banks
from hirelake.question_banks.loader import BANKS_DIR, list_banks, load_bank, load_bank_file
from hirelake.question_banks.policy import PolicyError, apply_policy, load_policy, write_bank
from hirelake.question_banks.schema import Language, QuestionBank

banks_app = typer.Typer(
    help="Interview question banks: versions, contents, differences, policy updates.", no_args_is_help=True
)


def _console() -> Console:
    # made per command, not at import, so it measures the terminal the command actually runs in
    return Console()


class LanguageChoice(StrEnum):
    zh = "zh"
    en = "en"


class DiffLanguage(StrEnum):
    zh = "zh"
    en = "en"
    both = "both"


BanksDirOption = Annotated[
    Path,
    typer.Option("--banks-dir", help="Folder of <bank_id>/v<N>.yaml files (default: the shipped banks)."),
]
_LANGUAGES: dict[str, Language] = {"zh": "zh", "en": "en"}
_HEADERS: dict[Language, tuple[str, ...]] = {
    "zh": ("题目", "变更", "内容"),
    "en": ("question", "change", "detail"),
}


@banks_app.command("list")
def list_command(banks_dir: BanksDirOption = BANKS_DIR) -> None:
    """Every bank with its versions; the newest version's title, departments and policies."""
    refs = list_banks(banks_dir)
    if not refs:
        _console().print(f"No question banks in {banks_dir}.")
        return
    table = Table("bank", "versions", "role family", "departments", "title", "effective from", "policies")
    for bank_id in sorted({r.bank_id for r in refs}):
        versions = [r for r in refs if r.bank_id == bank_id]
        newest = load_bank_file(versions[-1].path)
        table.add_row(
            bank_id,
            ", ".join(f"v{r.version}" for r in versions),
            newest.role_family,
            ", ".join(newest.departments) or "(any)",
            f"{newest.title_zh} / {newest.title_en}",
            newest.effective_from.isoformat(),
            ", ".join(newest.applied_policies()) or "-",
        )
    _console().print(table)


@banks_app.command("show")
def show_command(
    bank_id: Annotated[str, typer.Argument(help="Bank id, e.g. nurse_emergency.")],
    version: Annotated[
        int | None, typer.Option("--version", help="Version number; default the newest.")
    ] = None,
    language: Annotated[
        LanguageChoice, typer.Option("--language", help="Text language.")
    ] = LanguageChoice.zh,
    banks_dir: BanksDirOption = BANKS_DIR,
) -> None:
    """The questions of one bank version with their rubrics."""
    bank = load_bank(bank_id, version, banks_dir)
    _print_bank(bank, _LANGUAGES[language.value])


def _print_bank(bank: QuestionBank, language: Language) -> None:
    title = bank.title_zh if language == "zh" else bank.title_en
    _console().print(
        f"[bold]{bank.ref}[/bold]  {title}  ({bank.role_family}; effective {bank.effective_from})"
    )
    for note in bank.policy_notes:
        _console().print(f"  - {note.in_language(language)}")
    for change in bank.changes:
        _console().print(
            f"  v{change.from_version} -> v{change.to_version} {change.policy_id}: "
            f"{change.summary.in_language(language)}"
        )
    table = Table("id", "category", "competency", "prompt", "key points", "red flags", show_lines=True)
    for q in bank.questions:
        table.add_row(
            q.question_id,
            q.category,
            q.competency,
            q.prompt(language),
            "\n".join(f"{k.id}: {k.text(language)}" for k in q.rubric.key_points),
            "\n".join(f"{r.id}: {r.text(language)}" for r in q.rubric.red_flags) or "-",
        )
    _console().print(table)


def _diff_table(diff: BankDiff, language: DiffLanguage) -> Table:
    languages: tuple[Language, ...] = (
        ("zh", "en") if language == DiffLanguage.both else (_LANGUAGES[language.value],)
    )
    head = _HEADERS[languages[0]]
    detail = [_HEADERS[lang][2] + (f" ({lang})" if len(languages) > 1 else "") for lang in languages]
    table = Table(
        head[0], head[1], *detail, title=f"{diff.bank_id}: v{diff.old_version} -> v{diff.new_version}"
    )
    for entry in diff.entries():
        change = (
            f"{text(f'bank.{entry.action}', languages[0])} {text(f'bank.part.{entry.part}', languages[0])}"
        )
        table.add_row(entry.question_id, change, *(entry.text.in_language(lang) for lang in languages))
    return table


@banks_app.command("diff")
def diff_command(
    bank_id: Annotated[str, typer.Argument(help="Bank id.")],
    old: Annotated[int, typer.Argument(help="Old version number.")],
    new: Annotated[int, typer.Argument(help="New version number.")],
    language: Annotated[DiffLanguage, typer.Option("--language", help="zh, en or both.")] = DiffLanguage.both,
    banks_dir: BanksDirOption = BANKS_DIR,
) -> None:
    """Questions added and removed, and rubric changes, between two versions of a bank."""
    diff = diff_banks(load_bank(bank_id, old, banks_dir), load_bank(bank_id, new, banks_dir))
    if diff.is_empty:
        _console().print(f"{bank_id}: v{old} and v{new} ask the same questions with the same rubrics.")
        return
    _console().print(_diff_table(diff, language))


@banks_app.command("apply-policy")
def apply_policy_command(
    policy_file: Annotated[
        Path, typer.Argument(help="A policy YAML (see hirelake/question_banks/policies/).")
    ],
    banks_dir: BanksDirOption = BANKS_DIR,
    language: Annotated[DiffLanguage, typer.Option("--language", help="zh, en or both.")] = DiffLanguage.both,
) -> None:
    """Write the next version of every bank the policy applies to, and print what changed.

    Banks whose newest version already contains the policy are skipped; the old versions are kept.
    """
    policy = load_policy(policy_file)
    newest: dict[str, QuestionBank] = {}
    for ref in list_banks(banks_dir):
        newest[ref.bank_id] = load_bank_file(ref.path)  # sorted by version: the last one wins
    targets = [b for b in newest.values() if policy.applies(b)]
    if not targets:
        raise PolicyError(
            f"Policy {policy.policy_id} applies to no bank in {banks_dir} (see its applies_to)."
        )
    written = 0
    for bank in sorted(targets, key=lambda b: b.bank_id):
        if policy.policy_id in bank.applied_policies():
            _console().print(f"{bank.ref}: already contains {policy.policy_id}; skipped.")
            continue
        new_bank, _ = apply_policy(bank, policy)
        path = write_bank(new_bank, banks_dir)
        written += 1
        _console().print(f"{bank.ref} -> {new_bank.ref}: wrote {path}")
        _console().print(_diff_table(diff_banks(bank, new_bank), language))
    if written == 0:
        _console().print(f"Nothing to do: every bank {policy.policy_id} applies to already has it.")
