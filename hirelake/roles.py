"""Who may see what in the dashboards: pages per role, department scope, masked columns.

Pure rules without Streamlit, so the role matrix is tested on its own. The dashboards ask these
functions before they render a page, filter rows or show a column; nothing else decides access.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

Role = Literal["hr_lead", "reviewer", "compliance", "data_engineer", "admin"]
PageId = Literal["pipeline", "report", "review", "weights", "pay", "compliance", "data_engineering"]
ROLES: tuple[Role, ...] = get_args(Role)
PAGES: tuple[PageId, ...] = get_args(PageId)
ALL_DEPARTMENTS = "*"

ROLE_PAGES: dict[Role, tuple[PageId, ...]] = {
    "hr_lead": ("pipeline", "report", "weights", "pay"),
    "reviewer": ("review", "report"),
    "compliance": ("compliance",),
    "data_engineer": ("data_engineering",),
    "admin": PAGES,
}

# Money columns carry their unit in the name (`_yuan`, `_cents`: CONVENTIONS.md), so the rule follows
# new marts without a list to maintain. Identity numbers are named explicitly.
_MONEY_SUFFIXES = ("_yuan", "_cents")
_ID_NUMBER_COLUMNS = frozenset({"licence_number", "licence_no", "id_number", "national_id", "id_card_number"})
# Who needs the raw values: pay belongs to HR leads (their departments), licence numbers to compliance.
_SEES_SALARIES: frozenset[Role] = frozenset({"hr_lead", "admin"})
_SEES_ID_NUMBERS: frozenset[Role] = frozenset({"compliance", "admin"})
MASK = "●●●●"


def is_role(value: str) -> bool:
    return value in ROLES


def pages_for(role: Role) -> tuple[PageId, ...]:
    return ROLE_PAGES[role]


def can_open(role: Role, page: PageId) -> bool:
    return page in ROLE_PAGES[role]


def is_salary_column(column: str) -> bool:
    return column.endswith(_MONEY_SUFFIXES)


def is_id_number_column(column: str) -> bool:
    return column in _ID_NUMBER_COLUMNS


def masked_columns(role: Role, columns: Iterable[str]) -> list[str]:
    """The columns whose values `role` sees masked."""
    hidden = []
    for column in columns:
        if (is_salary_column(column) and role not in _SEES_SALARIES) or (
            is_id_number_column(column) and role not in _SEES_ID_NUMBERS
        ):
            hidden.append(column)
    return hidden


def mask_value(value: object) -> str:
    """Keep the shape recognisable (first and last two characters of an identifier), never the value."""
    if value is None:
        return ""
    text = str(value)
    if len(text) <= 6 or isinstance(value, int | float):
        return MASK
    return f"{text[:2]}{'●' * (len(text) - 4)}{text[-2:]}"


def department_scope(role: Role, departments: Iterable[str]) -> frozenset[str] | None:
    """The departments whose rows a user sees; None means every department.

    Only `hr_lead` is scoped (to the departments it leads, or `*` explicitly for an HR director); an HR
    lead without departments sees none, never all: a missing assignment must not widen access.
    """
    chosen = frozenset(d.strip() for d in departments if d.strip())
    if role != "hr_lead" or ALL_DEPARTMENTS in chosen:
        return None
    return chosen


def in_scope(scope: frozenset[str] | None, department_id: str | None) -> bool:
    if scope is None:
        return True
    return department_id is not None and department_id in scope
