"""Suites for the HRIS entities, built from the same column rules the connector explains rows with.

`GxColumnGate` runs an entity's suite through `validate()` and turns every failing row (by its source
row number) into a rejection whose reason comes from the rule, so GX decides and a person can read why.
Cross-row rules (duplicate keys, references between tables, clock order) stay in `hirelake.hris.checks`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

import pandas as pd

from expectations.validate import validate
from hirelake.hris.rules import FORMAT_PATTERNS, STRFTIME, ColumnRule, Problem, Row, column_rules
from hirelake.hris.schema import LIST_SEPARATOR, EntitySchema

LINE_COLUMN = "_row"
_NUMBER_SUFFIX = "__number"


def _expectations(rule: ColumnRule) -> list[Any]:
    import great_expectations as gx

    e = gx.expectations
    column = rule.column
    name = column.name
    if rule.kind == "required":
        return [e.ExpectColumnValuesToNotBeNull(column=name)]
    if rule.kind == "format":
        found: list[Any] = [e.ExpectColumnValuesToMatchRegex(column=name, regex=FORMAT_PATTERNS[column.kind])]
        if column.kind in STRFTIME:  # the shape alone lets 2025-12-32 through
            found.append(
                e.ExpectColumnValuesToMatchStrftimeFormat(column=name, strftime_format=STRFTIME[column.kind])
            )
        return found
    if rule.kind == "choices":
        if column.kind == "list":
            item = "|".join(re.escape(c) for c in column.choices)
            regex = f"^({item})({re.escape(LIST_SEPARATOR)}({item}))*$"
            return [e.ExpectColumnValuesToMatchRegex(column=name, regex=regex)]
        return [e.ExpectColumnValuesToBeInSet(column=name, value_set=list(column.choices))]
    return [
        e.ExpectColumnValuesToBeBetween(
            column=name + _NUMBER_SUFFIX, min_value=column.minimum, max_value=column.maximum
        )
    ]


def hris_suite(schema: EntitySchema) -> tuple[Any, dict[tuple[str, str], ColumnRule]]:
    """The GX suite of one entity, and which rule each (expectation type, column) stands for."""
    import great_expectations as gx

    from expectations.validate import gx_context

    gx_context()  # suites can only be built once a context exists
    suite = gx.ExpectationSuite(name=f"hris_{schema.name}")
    owners: dict[tuple[str, str], ColumnRule] = {}
    for rule in column_rules(schema):
        for expectation in _expectations(rule):
            suite.add_expectation(expectation)
            owners[(expectation.expectation_type, expectation.column)] = rule
    return suite, owners


def _frame(schema: EntitySchema, rows: Sequence[Row], lines: Sequence[int]) -> pd.DataFrame:
    data: dict[str, Any] = {LINE_COLUMN: list(lines)}
    for column in schema.columns:
        values = [row.get(column.name) for row in rows]
        data[column.name] = pd.Series(values, dtype=object)
        if column.minimum is not None or column.maximum is not None:
            # Ranges compare numbers; text that is no number is left to the format rule (NaN is skipped).
            data[column.name + _NUMBER_SUFFIX] = pd.to_numeric(
                pd.Series(values, dtype=object), errors="coerce"
            )
    return pd.DataFrame(data)


class GxColumnGate:
    """The column rules as Great Expectations suites (one per entity)."""

    name = "great_expectations"

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one GX context per process, not safe across threads

    def check(self, schema: EntitySchema, rows: Sequence[Row], lines: Sequence[int]) -> list[Problem]:
        if not rows:
            return []
        frame = _frame(schema, rows, lines)
        with self._lock:
            suite, owners = hris_suite(schema)
            report = validate(frame, suite, [LINE_COLUMN])
        by_line = dict(zip(lines, rows, strict=True))
        problems: list[Problem] = []
        for failure in report.failures:
            rule = owners.get((failure.expectation, (failure.column or "")))
            if rule is None or (failure.unexpected_count and not failure.unexpected_keys):
                raise RuntimeError(f"HRIS suite {report.suite} could not be evaluated: {failure.describe()}")
            for keys in failure.unexpected_keys:
                line = int(keys[LINE_COLUMN])
                value = by_line[line].get(rule.column.name)
                reason = rule.problem(value) or f"{rule.column.name} failed {failure.expectation}"
                problems.append(Problem(line, rule.column.name, reason))
        return problems
