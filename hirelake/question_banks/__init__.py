"""Versioned interview question banks (zh + en) with rubrics: data under `banks/`, schema, loader."""

from hirelake.question_banks.loader import (
    BANKS_DIR,
    BankError,
    BankRef,
    department_code,
    find_bank,
    list_banks,
    load_bank,
    load_bank_file,
)
from hirelake.question_banks.schema import (
    CATEGORIES,
    BilingualText,
    Category,
    Dimension,
    KeyPoint,
    Language,
    Question,
    QuestionBank,
    RedFlag,
    RoleFamily,
    Rubric,
)

__all__ = [
    "BANKS_DIR",
    "CATEGORIES",
    "BankError",
    "BankRef",
    "BilingualText",
    "Category",
    "Dimension",
    "KeyPoint",
    "Language",
    "Question",
    "QuestionBank",
    "RedFlag",
    "RoleFamily",
    "Rubric",
    "department_code",
    "find_bank",
    "list_banks",
    "load_bank",
    "load_bank_file",
]
