from datetime import date, timedelta

import pytest

from hirelake.synth.hr.calendar_cn import HOLIDAYS_2026, calendar_day, calendar_range


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 1), "holiday"),
        (date(2026, 1, 2), "rest_day"),
        (date(2026, 1, 4), "workday"),  # Sunday, make-up working day
        (date(2026, 2, 14), "workday"),  # Saturday, make-up working day
        (date(2026, 2, 15), "rest_day"),
        (date(2026, 2, 16), "holiday"),  # 除夕
        (date(2026, 2, 17), "holiday"),  # Spring Festival
        (date(2026, 2, 19), "holiday"),
        (date(2026, 2, 20), "rest_day"),
        (date(2026, 2, 23), "rest_day"),
        (date(2026, 2, 24), "workday"),
        (date(2026, 2, 28), "workday"),
        (date(2026, 4, 5), "holiday"),
        (date(2026, 4, 6), "rest_day"),
        (date(2026, 5, 2), "holiday"),
        (date(2026, 5, 5), "rest_day"),
        (date(2026, 5, 9), "workday"),
        (date(2026, 6, 19), "holiday"),
        (date(2026, 9, 20), "workday"),
        (date(2026, 9, 25), "holiday"),
        (date(2026, 10, 3), "holiday"),
        (date(2026, 10, 7), "rest_day"),
        (date(2026, 10, 10), "workday"),
        (date(2026, 3, 11), "workday"),  # an ordinary Wednesday
        (date(2026, 3, 14), "rest_day"),  # an ordinary Saturday
    ],
)
def test_day_types(day: date, expected: str) -> None:
    assert calendar_day(day).day_type == expected


def test_thirteen_statutory_days_and_makeup_days_on_weekends() -> None:
    year = calendar_range(date(2026, 1, 1), date(2026, 12, 31))
    assert sum(d.day_type == "holiday" for d in year) == 13
    makeup = [d for d in year if d.is_makeup_workday]
    assert [d.day for d in makeup] == sorted(d for p in HOLIDAYS_2026 for d in p.makeup_workdays)
    assert all(d.day.weekday() >= 5 and d.day_type == "workday" for d in makeup)


def test_statutory_days_lie_inside_their_days_off() -> None:
    for period in HOLIDAYS_2026:
        assert all(period.first_day_off <= d <= period.last_day_off for d in period.statutory)
        span = (period.last_day_off - period.first_day_off).days + 1
        days = [period.first_day_off + timedelta(days=i) for i in range(span)]
        assert all(calendar_day(d).day_type in ("holiday", "rest_day") for d in days)


def test_uncovered_year_is_refused_with_a_hint() -> None:
    with pytest.raises(ValueError, match=r"calendar_cn\.py"):
        calendar_day(date(2027, 1, 1))
