"""Find and load bank versions from `banks/<bank_id>/v<version>.yaml`.

Files are read on each call (they are small); a caller that loads often caches the result itself.
Every failure names the file and the field to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hirelake.errors import HirelakeError
from hirelake.question_banks.schema import QuestionBank, RoleFamily
from hirelake.question_banks.yaml_files import load_yaml_model

BANKS_DIR = Path(__file__).parent / "banks"
_VERSION_FILE = re.compile(r"^v(\d+)\.ya?ml$")


class BankError(HirelakeError):
    """A question bank is missing or does not validate."""


@dataclass(frozen=True)
class BankRef:
    """Where a bank version lives, without parsing its questions."""

    bank_id: str
    version: int
    path: Path


def _versions(banks_dir: Path) -> list[BankRef]:
    if not banks_dir.is_dir():
        raise BankError(f"Question bank folder {banks_dir} does not exist; pass banks_dir= or reinstall.")
    refs: list[BankRef] = []
    for bank_dir in sorted(p for p in banks_dir.iterdir() if p.is_dir()):
        for file in sorted(bank_dir.iterdir()):
            match = _VERSION_FILE.match(file.name)
            if match:
                refs.append(BankRef(bank_dir.name, int(match.group(1)), file))
    return sorted(refs, key=lambda r: (r.bank_id, r.version))


def list_banks(banks_dir: Path = BANKS_DIR) -> tuple[BankRef, ...]:
    """Every bank version on disk, sorted by bank id then version."""
    return tuple(_versions(banks_dir))


def load_bank_file(path: Path) -> QuestionBank:
    """Parse and validate one YAML file; the file name must agree with its bank_id and version."""
    bank = load_yaml_model(
        path, QuestionBank, what="Question bank", error=BankError, expected_keys="bank_id, version, questions"
    )
    match = _VERSION_FILE.match(path.name)
    if path.parent.name != bank.bank_id or match is None or int(match.group(1)) != bank.version:
        raise BankError(
            f"Question bank {path} declares {bank.bank_id} v{bank.version}; "
            f"store it as {bank.bank_id}/v{bank.version}.yaml or correct bank_id/version."
        )
    return bank


def load_bank(bank_id: str, version: int | None = None, banks_dir: Path = BANKS_DIR) -> QuestionBank:
    """Load one bank version; `version=None` means the newest one."""
    refs = [r for r in _versions(banks_dir) if r.bank_id == bank_id]
    if not refs:
        known = sorted({r.bank_id for r in _versions(banks_dir)})
        raise BankError(f"No question bank {bank_id!r} in {banks_dir}; known banks: {', '.join(known)}.")
    if version is None:
        return load_bank_file(refs[-1].path)
    for ref in refs:
        if ref.version == version:
            return load_bank_file(ref.path)
    versions = ", ".join(str(r.version) for r in refs)
    raise BankError(f"Question bank {bank_id!r} has no version {version}; available: {versions}.")


def department_code(department: str) -> str:
    """`DEP-ED` (the HRIS department id) and `ED` name the same department in a bank."""
    return department.strip().upper().removeprefix("DEP-")


def find_bank(role_family: RoleFamily, department: str, banks_dir: Path = BANKS_DIR) -> QuestionBank:
    """The newest bank for a role family that serves `department`, else the family's general bank.

    A general bank has no departments; if a family has none, its first bank (by id) stands in,
    so an unusual department still gets an interview rather than an error.
    """
    code = department_code(department)
    latest: dict[str, QuestionBank] = {}
    for ref in _versions(banks_dir):
        latest[ref.bank_id] = load_bank_file(ref.path)  # sorted: the last version wins
    family = [b for b in sorted(latest.values(), key=lambda b: b.bank_id) if b.role_family == role_family]
    if not family:
        raise BankError(f"No question bank for role family {role_family!r} in {banks_dir}; add one.")
    for bank in family:
        if code in {department_code(d) for d in bank.departments}:
            return bank
    general = [b for b in family if not b.departments]
    return general[0] if general else family[0]
