"""Deliberate defects: a small, declared share of rows written as a messy HRIS would write them.

Each table has its own defect kinds. The rows to spoil are drawn without overlap, so every bad row
carries exactly one defect, and every defect is declared with the CSV line it lands on (header = line 1;
the same number is the row in the XLSX sheet). Realistic mess (a missing punch, a second swipe, a late
arrival) is not a defect and is never declared: the validator must not find it either.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

DefectKind = Literal[
    "duplicate_id", "bad_date", "unknown_grade_code", "negative_hours", "clock_out_before_clock_in"
]


@dataclass(frozen=True)
class Defect:
    table: str
    line: int
    key_column: str
    key: str
    column: str
    kind: DefectKind
    value: str
    reason: str


@dataclass(frozen=True)
class DefectSpec:
    """Which defects a table receives: (kind, column); `duplicate_id` uses the key column."""

    key_column: str
    kinds: tuple[tuple[DefectKind, str], ...]


DEFECT_SPECS: dict[str, DefectSpec] = {
    "employees": DefectSpec(
        "employee_id",
        (("duplicate_id", "employee_id"), ("unknown_grade_code", "grade_code"), ("bad_date", "hire_date")),
    ),
    "contracts": DefectSpec("contract_id", (("bad_date", "start_date"),)),
    "licences": DefectSpec("licence_id", (("bad_date", "expiry_date"),)),
    "leave_records": DefectSpec("leave_id", (("negative_hours", "hours"), ("bad_date", "start_date"))),
    "training_records": DefectSpec("training_id", (("negative_hours", "hours"),)),
    "candidates": DefectSpec("candidate_id", (("duplicate_id", "candidate_id"),)),
    "applications": DefectSpec("application_id", (("bad_date", "applied_date"),)),
    "clock_events": DefectSpec(
        "event_id", (("duplicate_id", "event_id"), ("clock_out_before_clock_in", "event_at"))
    ),
}
_UNKNOWN_GRADES = ("P5", "N9", "A0", "X1", "ZC3")


def defect_count(rows: int, rate: float, kinds: int) -> int:
    """How many rows of a table to spoil: the declared rate, at least one per kind, never all rows."""
    if rate <= 0 or rows == 0:
        return 0
    return min(max(kinds, round(rate * rows)), rows // 2)


def _bad_date(value: str, variant: int) -> tuple[str, str]:
    day = date.fromisoformat(value)
    if variant == 0:
        last = calendar.monthrange(day.year, day.month)[1]
        bad = f"{day.year}-{day.month:02d}-{last + 1:02d}"
        return bad, f"{bad} does not exist: {calendar.month_name[day.month]} {day.year} has {last} days"
    formats = (
        (f"{day.year}/{day.month:02d}/{day.day:02d}", "slashes instead of ISO dashes"),
        (f"{day.day:02d}/{day.month:02d}/{day.year}", "day-first DD/MM/YYYY instead of ISO YYYY-MM-DD"),
        (f"{day.year}{day.month:02d}{day.day:02d}", "compact YYYYMMDD without separators"),
        (f"{day.year}年{day.month}月{day.day}日", "Chinese long-form date instead of ISO YYYY-MM-DD"),
    )
    bad, why = formats[(variant - 1) % len(formats)]
    return bad, f"wrong date format '{bad}': {why}"


def _split(total: int, kinds: int) -> list[int]:
    return [total // kinds + (1 if k < total % kinds else 0) for k in range(kinds)]


def inject_defects(
    table: str, frame: pd.DataFrame, rng: np.random.Generator, rate: float
) -> tuple[pd.DataFrame, list[Defect]]:
    """A copy of `frame` with this table's defects applied, and the declared list (lines are final)."""
    spec = DEFECT_SPECS.get(table)
    if spec is None:
        return frame, []
    total = defect_count(len(frame), rate, len(spec.kinds))
    if total == 0:
        return frame, []
    if table == "clock_events":
        return _inject_clock(frame, rng, total)
    frame = frame.copy()
    rows = rng.choice(len(frame), size=total, replace=False)
    pending: list[tuple[int, DefectKind, str, str, str]] = []  # original row, kind, column, value, reason
    duplicate_sources: list[int] = []
    cursor = 0
    for (kind, column), count in zip(spec.kinds, _split(total, len(spec.kinds)), strict=True):
        chosen = np.sort(rows[cursor : cursor + count])
        cursor += count
        if kind == "duplicate_id":
            duplicate_sources.extend(int(r) for r in chosen)
            continue
        cells = frame[column].to_numpy(dtype=object, copy=True)
        for variant, row in enumerate(chosen):
            value, reason = _spoil(kind, column, cells[row], variant)
            cells[row] = value
            pending.append((int(row), kind, column, str(value), reason))
        frame[column] = pd.Series(cells, index=frame.index, dtype=frame[column].dtype)
    return _insert_duplicates(table, frame, spec.key_column, duplicate_sources, pending)


def _spoil(kind: DefectKind, column: str, original: object, variant: int) -> tuple[object, str]:
    if kind == "bad_date":
        return _bad_date(str(original), variant)
    if kind == "unknown_grade_code":
        code = _UNKNOWN_GRADES[variant % len(_UNKNOWN_GRADES)]
        return code, f"grade code '{code}' is not in the grades table"
    if kind == "negative_hours":
        hours = -abs(float(str(original)))
        return hours, f"{column} is negative ({hours})"
    raise ValueError(f"defect kind {kind} is not applied by value")


def _insert_duplicates(
    table: str,
    frame: pd.DataFrame,
    key_column: str,
    sources: list[int],
    pending: list[tuple[int, DefectKind, str, str, str]],
) -> tuple[pd.DataFrame, list[Defect]]:
    """Insert a copy of each source row right after it (an export that wrote a record twice)."""
    src = np.array(sorted(sources), dtype=np.int64)
    order = np.insert(np.arange(len(frame)), src + 1, src)
    result = frame.iloc[order].reset_index(drop=True)

    def line_of(row: int) -> int:
        return int(row + np.searchsorted(src, row, side="left")) + 2

    keys = frame[key_column].astype(str).to_numpy()
    defects = [
        Defect(table, line_of(row), key_column, keys[row], column, kind, value, reason)
        for row, kind, column, value, reason in pending
    ]
    defects += [
        Defect(
            table,
            line_of(int(s)) + 1,
            key_column,
            keys[s],
            key_column,
            "duplicate_id",
            keys[s],
            f"{key_column} {keys[s]} appears twice: the record was exported again",
        )
        for s in src
    ]
    return result, defects


def _inject_clock(
    frame: pd.DataFrame, rng: np.random.Generator, total: int
) -> tuple[pd.DataFrame, list[Defect]]:
    """Clock out before clock in (on shifts with exactly one in and one out) and re-exported punches."""
    n_out, n_dup = _split(total, 2)[1], _split(total, 2)[0]
    shift = frame["shift_id"].to_numpy()
    is_in = (frame["direction"] == "in").to_numpy()
    per_shift = pd.DataFrame({"shift": shift, "is_in": is_in}).groupby("shift")["is_in"].agg(["sum", "count"])
    clean_shifts = per_shift.index.to_numpy()[
        (per_shift["sum"] == 1).to_numpy() & (per_shift["count"] == 2).to_numpy()
    ]
    picked = np.sort(rng.choice(clean_shifts, size=min(n_out, len(clean_shifts)), replace=False))
    out_rows = np.flatnonzero(np.isin(shift, picked) & ~is_in)
    in_rows = np.flatnonzero(np.isin(shift, picked) & is_in)
    in_at = pd.Series(frame["event_at"].to_numpy()[in_rows], index=shift[in_rows])
    event_at = frame["event_at"].to_numpy().copy()
    back = rng.integers(10 * 60, 6 * 3600, size=len(out_rows)).astype("timedelta64[s]")
    event_at[out_rows] = in_at.loc[shift[out_rows]].to_numpy() - back
    frame = frame.assign(event_at=event_at)
    eligible = np.flatnonzero(~np.isin(shift, picked))
    dup_rows = rng.choice(eligible, size=min(n_dup, len(eligible)), replace=False)
    stamp = pd.Series(event_at[out_rows]).dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy()
    pending: list[tuple[int, DefectKind, str, str, str]] = [
        (
            int(row),
            "clock_out_before_clock_in",
            "event_at",
            str(stamp[k]),
            f"clock-out at {stamp[k]} is before the clock-in of shift {shift[row]} (negative worked hours)",
        )
        for k, row in enumerate(out_rows)
    ]
    return _insert_duplicates("clock_events", frame, "event_id", [int(r) for r in dup_rows], pending)
