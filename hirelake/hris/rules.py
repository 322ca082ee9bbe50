"""Column rules (one value at a time) derived from the canonical schema, and the gate that applies them.

Each rule knows how to explain a bad value in words an HR data steward can act on. The same rules run
either in plain Python (`PythonColumnGate`, here) or as a Great Expectations suite
(`expectations.hris.GxColumnGate`), which reports the failing rows and lets the rule explain them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol, runtime_checkable

from hirelake.hris.schema import LIST_SEPARATOR, Column, EntitySchema

RuleKind = Literal["required", "format", "choices", "range"]
Row = Mapping[str, str | None]

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
FORMAT_PATTERNS: dict[str, str] = {
    "int": r"^-?\d+$",
    "decimal": r"^-?\d+(\.\d+)?$",
    "bool": r"^(true|false)$",
    "date": DATE_PATTERN,
    "timestamp": TIMESTAMP_PATTERN,
    "time": r"^([01]\d|2[0-3]):[0-5]\d$",
}
STRFTIME = {"date": "%Y-%m-%d", "timestamp": "%Y-%m-%d %H:%M:%S"}
_EXPECTED = {
    "int": "a whole number",
    "decimal": "a number such as 12 or 12.5",
    "bool": "true or false",
    "date": "a date as YYYY-MM-DD",
    "timestamp": "a time stamp as YYYY-MM-DD HH:MM:SS",
    "time": "a time of day as HH:MM",
}


@dataclass(frozen=True)
class Problem:
    """Why one source row cannot be accepted."""

    line: int
    column: str
    reason: str


def _bad_format(column: Column, value: str) -> str | None:
    kind = column.kind
    pattern = FORMAT_PATTERNS.get(kind)
    if pattern is None or re.match(pattern, value):
        if kind in STRFTIME:
            try:
                datetime.strptime(value, STRFTIME[kind])  # noqa: DTZ007 - wall-clock text, no zone
            except ValueError:
                # The shape is right but the day is not, e.g. 2025-12-32 or 2026-02-29.
                year, month = int(value[:4]), int(value[5:7])
                if 1 <= month <= 12:
                    return f"{column.name} '{value}' is not a real date: {_month_length(year, month)}"
                return f"{column.name} '{value}' is not a real date: there is no month {month}"
        return None
    return f"{column.name} '{value}' is not {_EXPECTED[kind]}"


def _month_length(year: int, month: int) -> str:
    following = date(year + month // 12, month % 12 + 1, 1)
    days = (following - date(year, month, 1)).days
    return f"{date(year, month, 1):%B %Y} has {days} days"


@dataclass(frozen=True)
class ColumnRule:
    column: Column
    kind: RuleKind

    def problem(self, value: str | None) -> str | None:
        """None when `value` passes this rule, else the reason it does not."""
        name = self.column.name
        if self.kind == "required":
            return f"{name} is empty but required" if value is None else None
        if value is None:
            return None  # emptiness is the `required` rule's business
        if self.kind == "format":
            return _bad_format(self.column, value)
        if self.kind == "choices":
            items = value.split(LIST_SEPARATOR) if self.column.kind == "list" else [value]
            bad = [item for item in items if item not in self.column.choices]
            if bad:
                return f"{name} '{bad[0]}' is not one of: {', '.join(self.column.choices)}"
            return None
        return self._out_of_range(value)

    def _out_of_range(self, value: str) -> str | None:
        try:
            number = float(value)
        except ValueError:
            return None  # the format rule reports it
        low, high = self.column.minimum, self.column.maximum
        if low == 0 and number < 0:
            return f"{self.column.name} is negative ({value})"
        if low is not None and number < low:
            return f"{self.column.name} {value} is below the lowest allowed value {low:g}"
        if high is not None and number > high:
            return f"{self.column.name} {value} is above the highest allowed value {high:g}"
        return None


def column_rules(schema: EntitySchema) -> tuple[ColumnRule, ...]:
    rules: list[ColumnRule] = []
    for column in schema.columns:
        if column.required:
            rules.append(ColumnRule(column, "required"))
        if column.kind in FORMAT_PATTERNS:
            rules.append(ColumnRule(column, "format"))
        if column.choices:
            rules.append(ColumnRule(column, "choices"))
        if column.minimum is not None or column.maximum is not None:
            rules.append(ColumnRule(column, "range"))
    return tuple(rules)


@runtime_checkable
class ColumnGate(Protocol):
    """Applies an entity's column rules to its rows and names every failing row."""

    @property
    def name(self) -> str: ...

    def check(self, schema: EntitySchema, rows: Sequence[Row], lines: Sequence[int]) -> list[Problem]: ...


class PythonColumnGate:
    """The column rules in plain Python: no extra dependency, the reference for the GX gate."""

    name = "python"

    def check(self, schema: EntitySchema, rows: Sequence[Row], lines: Sequence[int]) -> list[Problem]:
        problems: list[Problem] = []
        rules = column_rules(schema)
        for row, line in zip(rows, lines, strict=True):
            for rule in rules:
                reason = rule.problem(row.get(rule.column.name))
                if reason is not None:
                    problems.append(Problem(line, rule.column.name, reason))
        return problems
