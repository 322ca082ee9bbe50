"""Rules across rows and tables: duplicate keys, references within the sync, clock-event order.

References are checked against every key the sync received, accepted or not: a contract of an employee
whose own row was rejected for a bad hire date still points at a real employee.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hirelake.hris.rules import TIMESTAMP_PATTERN, Problem, Row
from hirelake.hris.schema import ENTITIES, LIST_SEPARATOR, Column, EntitySchema


@dataclass(frozen=True)
class ReferenceIndex:
    """Every value of every referenced column in this sync: `entity.column` -> values."""

    values: Mapping[str, frozenset[str]]

    @classmethod
    def build(cls, tables: Mapping[str, Sequence[Row]]) -> ReferenceIndex:
        targets = {c.references for s in ENTITIES.values() for c in s.columns if c.references is not None}
        values: dict[str, frozenset[str]] = {}
        for target in sorted(targets):
            entity, column = target.split(".", 1)
            if entity in tables:
                values[target] = frozenset(v for row in tables[entity] if (v := row.get(column)) is not None)
        return cls(values)


def duplicate_keys(schema: EntitySchema, rows: Sequence[Row], lines: Sequence[int]) -> list[Problem]:
    """The first row with a key wins; each later one is an export of the same record again."""
    first: dict[str, int] = {}
    problems: list[Problem] = []
    for row, line in zip(rows, lines, strict=True):
        key = row.get(schema.key)
        if key is None:
            continue
        if key in first:
            problems.append(
                Problem(
                    line,
                    schema.key,
                    f"{schema.key} {key} appears twice (first on row {first[key]}): the record was "
                    "exported again",
                )
            )
        else:
            first[key] = line
    return problems


def _unknown_reference(column: Column, value: str) -> str:
    entity, target = (column.references or ".").split(".", 1)
    if column.name == "grade_code" or target == "grade_code":
        return f"grade code '{value}' is not in the grades table"
    return f"{column.name} '{value}' is not a known {target} in {entity} of this sync"


def unknown_references(
    schema: EntitySchema, rows: Sequence[Row], lines: Sequence[int], index: ReferenceIndex
) -> list[Problem]:
    problems: list[Problem] = []
    for column in schema.columns:
        known = index.values.get(column.references or "")
        if known is None:
            continue  # the referenced table is not part of this sync: nothing to check against
        for row, line in zip(rows, lines, strict=True):
            value = row.get(column.name)
            if value is None or value == column.wildcard:
                continue
            items = value.split(LIST_SEPARATOR) if column.kind == "list" else [value]
            missing = [item for item in items if item not in known]
            if missing:
                problems.append(Problem(line, column.name, _unknown_reference(column, missing[0])))
    return problems


def clock_order(rows: Sequence[Row], lines: Sequence[int]) -> list[Problem]:
    """A clock-out stamped before its shift's first clock-in would pay negative hours."""
    stamp = re.compile(TIMESTAMP_PATTERN)

    def usable(row: Row) -> tuple[str, str, str] | None:
        shift, at, direction = row.get("shift_id"), row.get("event_at"), row.get("direction")
        if shift is None or at is None or direction is None or not stamp.match(at):
            return None
        return shift, at, direction

    first_in: dict[str, str] = {}
    for row in rows:
        event = usable(row)
        if event is not None and event[2] == "in":
            shift, at, _ = event
            first_in[shift] = min(first_in.get(shift, at), at)
    problems: list[Problem] = []
    for row, line in zip(rows, lines, strict=True):
        event = usable(row)
        if event is None or event[2] != "out":
            continue
        shift, at, _ = event
        clock_in = first_in.get(shift)
        if clock_in is not None and at < clock_in:
            problems.append(
                Problem(
                    line,
                    "event_at",
                    f"clock-out at {at} is before the clock-in at {clock_in} of shift {shift} "
                    "(negative worked hours)",
                )
            )
    return problems


def cross_row_problems(
    schema: EntitySchema, rows: Sequence[Row], lines: Sequence[int], index: ReferenceIndex
) -> list[Problem]:
    problems = duplicate_keys(schema, rows, lines) + unknown_references(schema, rows, lines, index)
    if schema.name == "clock_events":
        problems += clock_order(rows, lines)
    return problems
