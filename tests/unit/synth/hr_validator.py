"""An independent validator of the files the HR generator wrote.

It knows nothing of how the generator spoilt rows: it re-derives every defect from the CSV
files alone, so `defects.json` is checked against what a data engineer would actually find.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime
from pathlib import Path

from hirelake.synth.hr import HrSynthConfig

SMALL = HrSynthConfig(seed=7, employees=60, candidates=40, months=2)
KEYS = {"city_settings": "setting_key"}  # every other table's key is its first column
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")

Found = set[tuple[str, int, str]]
Tables = dict[str, list[dict[str, str]]]


def read_tables(hr_dir: Path) -> Tables:
    tables: Tables = {}
    for path in sorted(hr_dir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            tables[path.stem] = list(csv.DictReader(handle))
    return tables


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_timestamp(value: str) -> bool:
    if not _TIMESTAMP.match(value):
        return False
    try:
        datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007 - local wall-clock times, no zone
    except ValueError:
        return False
    return True


def _row_defects(table: str, rows: list[dict[str, str]], grades: set[str]) -> Found:
    found: Found = set()
    if not rows:
        return found
    key = KEYS.get(table, next(iter(rows[0])))
    seen: set[str] = set()
    for index, row in enumerate(rows):
        line = index + 2
        if row[key] in seen:
            found.add((table, line, "duplicate_id"))
        seen.add(row[key])
        for column, value in row.items():
            if not value:
                continue
            if (column.endswith("_date") or column == "effective_from") and not _is_date(value):
                found.add((table, line, "bad_date"))
            if column.endswith("_at") and not _is_timestamp(value):
                found.add((table, line, "bad_timestamp"))
            if column == "grade_code" and table != "grades" and value not in grades:
                found.add((table, line, "unknown_grade_code"))
            if column == "hours" and float(value) < 0:
                found.add((table, line, "negative_hours"))
    return found


def _clock_defects(rows: list[dict[str, str]]) -> Found:
    first_in: dict[str, str] = {}
    for row in rows:
        if row["direction"] == "in":
            current = first_in.get(row["shift_id"])
            first_in[row["shift_id"]] = min(current, row["event_at"]) if current else row["event_at"]
    found: Found = set()
    for index, row in enumerate(rows):
        clock_in = first_in.get(row["shift_id"])
        if row["direction"] == "out" and clock_in is not None and row["event_at"] < clock_in:
            found.add(("clock_events", index + 2, "clock_out_before_clock_in"))
    return found


def find_defects(tables: Tables) -> Found:
    grades = {row["grade_code"] for row in tables["grades"]}
    found: Found = set()
    for table, rows in tables.items():
        found |= _row_defects(table, rows, grades)
    return found | _clock_defects(tables["clock_events"])


def declared_defects(hr_dir: Path) -> list[dict[str, object]]:
    document = json.loads((hr_dir / "defects.json").read_text(encoding="utf-8"))
    defects: list[dict[str, object]] = document["defects"]
    assert document["count"] == len(defects)
    return defects
