"""One `validate()` for every table that enters or leaves the lake, on DataFrames (never GX's SQL path).

GX runs in an ephemeral context (nothing written to disk, analytics off, no progress bars); results come
back as a typed report whose failures name the expectation, the column and the offending rows' keys,
so a flow can quarantine exactly what is wrong with a reason a person can read.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

# Names of batch and validation definitions must be unique in the context: `id(frame)` is not (the same
# frame validated twice, or a new frame at a freed address, collided with "Store already has the key").
_RUN_NUMBERS = itertools.count()


@dataclass(frozen=True)
class ExpectationFailure:
    expectation: str
    column: str | None
    unexpected_count: int
    sample_keys: tuple[dict[str, Any], ...]
    # Every offending row's keys (COMPLETE result format), for quarantining row by row.
    unexpected_keys: tuple[dict[str, Any], ...] = ()

    def describe(self) -> str:
        where = f" on column {self.column}" if self.column else ""
        keys = f"; e.g. {list(self.sample_keys[:3])}" if self.sample_keys else ""
        return f"{self.expectation}{where}: {self.unexpected_count} rows{keys}"


@dataclass(frozen=True)
class ValidationReport:
    suite: str
    row_count: int
    evaluated: int
    failures: tuple[ExpectationFailure, ...]

    @property
    def success(self) -> bool:
        return not self.failures

    def describe(self) -> str:
        if self.success:
            return f"{self.suite}: {self.evaluated} expectations passed on {self.row_count} rows"
        lines = "; ".join(failure.describe() for failure in self.failures)
        return f"{self.suite}: {len(self.failures)} of {self.evaluated} expectations failed: {lines}"


@cache
def gx_context() -> Any:
    """The process-wide ephemeral GX context (suites can only be built once one exists)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.data_sources.add_pandas("hirelake")
    return context


def validate(frame: pd.DataFrame, suite: Any, key_columns: Sequence[str]) -> ValidationReport:
    """Validate `frame` against a GX `ExpectationSuite`; failures carry the keys of offending rows."""
    import great_expectations as gx

    context = gx_context()
    source = context.data_sources.get("hirelake")
    name = suite.name
    try:
        asset = source.get_asset(name)
    except LookupError:
        asset = source.add_dataframe_asset(name=name)
    run_name = f"{name}-{next(_RUN_NUMBERS)}"
    batch = asset.add_batch_definition_whole_dataframe(run_name)
    suite = context.suites.add_or_update(suite)
    definition = gx.ValidationDefinition(name=run_name, data=batch, suite=suite)
    result = definition.run(
        batch_parameters={"dataframe": frame},
        result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": list(key_columns),
            "partial_unexpected_count": 5,
        },
    )
    context.validation_definitions.delete(run_name)
    asset.delete_batch_definition(batch.name)
    failures = tuple(_failure(r, key_columns) for r in result.results if not r.success)
    return ValidationReport(name, len(frame), len(result.results), failures)


def _failure(result: Any, key_columns: Sequence[str]) -> ExpectationFailure:
    config = result.expectation_config
    details = result.result or {}
    if result.exception_info and result.exception_info.get("raised_exception"):
        message = result.exception_info.get("exception_message", "error")
        return ExpectationFailure(f"{config.type} raised: {message}", config.kwargs.get("column"), 0, ())
    keys = tuple(
        {k: _plain(row.get(k)) for k in key_columns}
        for row in (details.get("unexpected_index_list") or [])
        if isinstance(row, dict)
    )
    return ExpectationFailure(
        config.type,
        config.kwargs.get("column") or config.kwargs.get("column_A"),
        int(details.get("unexpected_count") or 0),
        keys[:5],
        keys,
    )


def _plain(value: Any) -> Any:
    """numpy scalars to Python values, so failures print and serialise cleanly."""
    return value.item() if hasattr(value, "item") else value
