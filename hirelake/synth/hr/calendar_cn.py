"""The 2026 PRC public-holiday calendar, as one table, and the day type of every date.

Source: 国务院办公厅关于2026年部分节假日安排的通知 (General Office of the State Council, notice on the
2026 holiday arrangement). Statutory holidays follow the 全国年节及纪念日放假办法 as revised in 2024
(in force 2025): 13 days, Spring Festival 4 (除夕 to 初三) and Labour Day 2.

Day types drive overtime pay (PRC Labour Law art. 44): `workday` 150%, `rest_day` 200%, `holiday` 300%.
A make-up working day (调休上班) is a `workday` even though it falls on a weekend; a day off that the
arrangement adds around a holiday (e.g. 2026-02-15) is a `rest_day`, not a statutory `holiday`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

DayType = Literal["workday", "rest_day", "holiday"]

CALENDAR_SOURCE = "国务院办公厅关于2026年部分节假日安排的通知"
COVERED_YEARS = frozenset({2026})


@dataclass(frozen=True)
class HolidayPeriod:
    """One holiday of the notice: the days off in a row, which of them are statutory, and make-up days."""

    name_zh: str
    name_en: str
    first_day_off: date
    last_day_off: date
    statutory: tuple[date, ...]
    makeup_workdays: tuple[date, ...]


def _d(month: int, day: int) -> date:
    return date(2026, month, day)


HOLIDAYS_2026: tuple[HolidayPeriod, ...] = (
    HolidayPeriod("元旦", "New Year's Day", _d(1, 1), _d(1, 3), (_d(1, 1),), (_d(1, 4),)),
    HolidayPeriod(
        "春节",
        "Spring Festival",
        _d(2, 15),
        _d(2, 23),
        (_d(2, 16), _d(2, 17), _d(2, 18), _d(2, 19)),  # 除夕 to 初三
        (_d(2, 14), _d(2, 28)),
    ),
    HolidayPeriod("清明节", "Qingming Festival", _d(4, 4), _d(4, 6), (_d(4, 5),), ()),
    HolidayPeriod("劳动节", "Labour Day", _d(5, 1), _d(5, 5), (_d(5, 1), _d(5, 2)), (_d(5, 9),)),
    HolidayPeriod("端午节", "Dragon Boat Festival", _d(6, 19), _d(6, 21), (_d(6, 19),), ()),
    HolidayPeriod("中秋节", "Mid-Autumn Festival", _d(9, 25), _d(9, 27), (_d(9, 25),), ()),
    HolidayPeriod(
        "国庆节",
        "National Day",
        _d(10, 1),
        _d(10, 7),
        (_d(10, 1), _d(10, 2), _d(10, 3)),
        (_d(9, 20), _d(10, 10)),
    ),
)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    day_type: DayType
    is_makeup_workday: bool
    holiday_name_zh: str | None
    holiday_name_en: str | None


def _index() -> dict[date, CalendarDay]:
    days: dict[date, CalendarDay] = {}
    for period in HOLIDAYS_2026:
        current = period.first_day_off
        while current <= period.last_day_off:
            kind: DayType = "holiday" if current in period.statutory else "rest_day"
            days[current] = CalendarDay(current, kind, False, period.name_zh, period.name_en)
            current += timedelta(days=1)
        for makeup in period.makeup_workdays:
            days[makeup] = CalendarDay(makeup, "workday", True, period.name_zh, period.name_en)
    return days


_SPECIAL_DAYS = _index()


def calendar_day(day: date) -> CalendarDay:
    """The day type of `day`; raises for a year whose State Council notice is not in this table."""
    if day.year not in COVERED_YEARS:
        raise ValueError(
            f"no PRC holiday calendar for {day.year}: add that year's State Council notice to "
            f"hirelake/synth/hr/calendar_cn.py (covered: {sorted(COVERED_YEARS)})"
        )
    special = _SPECIAL_DAYS.get(day)
    if special is not None:
        return special
    kind: DayType = "rest_day" if day.weekday() >= 5 else "workday"
    return CalendarDay(day, kind, False, None, None)


def calendar_range(first: date, last: date) -> list[CalendarDay]:
    """Every day from `first` to `last` inclusive."""
    return [calendar_day(first + timedelta(days=i)) for i in range((last - first).days + 1)]
