"""What every HRIS source hands the sync: named tables of rows as text, with where each row came from."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol, runtime_checkable

Progress = Callable[[str, int, int], None]  # (what, done, total); total 0 when unknown


@dataclass(frozen=True)
class CellProblem:
    """Something wrong found while reading, before any rule ran (e.g. an Excel formula)."""

    column: str
    reason: str


@dataclass(frozen=True)
class SourceRow:
    line: int  # as in the export: the header is line 1, the first record line 2
    values: Mapping[str, str | None]  # source field -> text as sent (empty cells as None)
    problems: tuple[CellProblem, ...] = ()


@dataclass(frozen=True)
class SourceTable:
    name: str  # the HRIS's table name
    columns: tuple[str, ...]
    rows: tuple[SourceRow, ...]
    origin: str  # file path or URL, never with credentials


@runtime_checkable  # Prefect builds a parameter schema of the flow, which needs an isinstance-able type
class HrisSource(Protocol):
    """An HRIS we read from: its API, or a folder of its exports."""

    @property
    def kind(self) -> str:
        """Short name of the kind of source (`api`, `files`): the sync report is filed under it."""
        ...

    def describe(self) -> str:
        """Where the data comes from, safe to print and store (no tokens)."""
        ...

    def tables(self) -> list[str]:
        """The HRIS table names this source offers."""
        ...

    def read(self, name: str, progress: Progress | None = None) -> SourceTable:
        """Every row of one table, as text."""
        ...


def _number_text(value: float) -> str | None:
    if math.isnan(value):
        return None
    # Excel and JSON have no integer type: 32.0 is the 32 a CSV export writes.
    return str(int(value)) if value.is_integer() else repr(value)


def _datetime_text(value: datetime) -> str:
    # A date-formatted Excel cell reads as midnight: keep it a date, as the export meant it.
    return value.date().isoformat() if value.time() == time() else value.strftime("%Y-%m-%d %H:%M:%S")


def cell_text(value: object) -> str | None:
    """One value as the text the raw zone keeps: how a CSV export would have written it."""
    text: str | None
    if value is None:
        text = None
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = _number_text(value)
    elif isinstance(value, datetime):
        text = _datetime_text(value)
    elif isinstance(value, time):
        text = value.strftime("%H:%M")
    elif isinstance(value, date):
        text = value.isoformat()
    else:  # int, Decimal, str and anything else print as themselves
        text = str(value)
    return text if text != "" else None
