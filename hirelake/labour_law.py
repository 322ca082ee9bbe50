"""PRC Labour Contract Law rules shared by the generator, onboarding and the payroll checks."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

PROBATION_PAY_SHARE = 0.8  # art. 20: probation pay at least 80% of the contract wage


def max_probation_months(term_months: int | None) -> int:
    """The longest probation art. 19 allows for a contract of `term_months` (None = open-ended).

    Under 3 months: none; 3 to under 12: 1; 12 to under 36: 2; 36 or more, or open-ended: 6.
    """
    if term_months is None or term_months >= 36:
        return 6
    if term_months < 0:
        raise ValueError(f"contract term must be >= 0 months, got {term_months}")
    if term_months >= 12:
        return 2
    if term_months >= 3:
        return 1
    return 0


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the target month's last day (Jan 31 + 1 -> Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(start: date, months: int) -> date:
    """Last day of `months` from `start`: a 12-month contract from 2026-03-01 ends 2027-02-28."""
    return add_months(start, months) - timedelta(days=1)
