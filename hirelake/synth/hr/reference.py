"""Reference tables as frames: organisation, positions, grades, allowances, city settings, calendar."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from hirelake.synth.hr.attendance import SHIFT_TYPES
from hirelake.synth.hr.calendar_cn import CALENDAR_SOURCE, CalendarDay
from hirelake.synth.hr.organisation import OrgUnit, Position
from hirelake.synth.hr.pay import ALLOWANCE_RULES, CITY_SETTINGS, GRADES

LIST_SEPARATOR = "|"  # list-valued fields (licences, competencies) in one CSV cell


def org_units_frame(units: list[OrgUnit]) -> pd.DataFrame:
    return pd.DataFrame([asdict(u) for u in units])


def positions_frame(positions: list[Position]) -> pd.DataFrame:
    rows = []
    for p in positions:
        row = asdict(p)
        for column in ("grade_band", "required_licences", "competencies"):
            row[column] = LIST_SEPARATOR.join(row[column])
        rows.append(row)
    return pd.DataFrame(rows)


def grades_frame() -> pd.DataFrame:
    return pd.DataFrame([asdict(g) for g in GRADES])


def allowance_rules_frame() -> pd.DataFrame:
    rows = []
    for rule in ALLOWANCE_RULES:
        row = asdict(rule)
        row["applies_to_shift_codes"] = LIST_SEPARATOR.join(rule.applies_to_shift_codes)
        rows.append(row)
    return pd.DataFrame(rows)


def city_settings_frame() -> pd.DataFrame:
    return pd.DataFrame([asdict(s) for s in CITY_SETTINGS])


def calendar_frame(days: list[CalendarDay]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "calendar_date": [d.day.isoformat() for d in days],
            "weekday": [d.day.isoweekday() for d in days],
            "day_type": [d.day_type for d in days],
            "is_makeup_workday": [d.is_makeup_workday for d in days],
            "holiday_name_zh": [d.holiday_name_zh for d in days],
            "holiday_name_en": [d.holiday_name_en for d in days],
            "source": CALENDAR_SOURCE,
        }
    )


def shift_types_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "shift_code": [s.code for s in SHIFT_TYPES],
            "name_zh": [s.name_zh for s in SHIFT_TYPES],
            "name_en": [s.name_en for s in SHIFT_TYPES],
            "start_time": [f"{s.start_minute // 60:02d}:{s.start_minute % 60:02d}" for s in SHIFT_TYPES],
            "duration_minutes": [s.duration_minutes for s in SHIFT_TYPES],
            "paid_hours": [s.paid_hours for s in SHIFT_TYPES],
            "crosses_midnight": [s.start_minute + s.duration_minutes > 24 * 60 for s in SHIFT_TYPES],
        }
    )
