"""Shift rotas, leave, and the clock events a hospital's time clocks record, with the mess of real ones.

Rotas (one cell per employee and day, vectorised over the whole period):
- emergency and intensive care, physicians and nurses: 12-hour white-night-off-off (D12, N12, -, -);
- ward nurses: three 8-hour shifts, N N - D D E E - (the night shift starts at 00:00);
- ward physicians: regular days on working days, a night duty every 7th day, the next day off;
- administration: office days on working days (make-up weekends included).
A shift that crosses midnight (N12 20:00-08:00, ND 17:00-08:00, E ends 24:00) belongs to its start date;
so the first day's 00:00 night shift may be punched in on the evening before the period, and the last
day's night shifts punched out on the morning after it.

Clock events: one row per punch. Some punches are missing, some doubled by a second swipe, arrivals
are sometimes late, departures sometimes hours late (overtime); rota staff work rest days and statutory
holidays by design, and office staff now and then come in on a rest day. None of that is a defect:
it is what the attendance marts must cope with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from hirelake.synth.hr.calendar_cn import CalendarDay
from hirelake.synth.hr.organisation import DEPARTMENTS


@dataclass(frozen=True)
class ShiftType:
    code: str
    name_zh: str
    name_en: str
    start_minute: int
    duration_minutes: int
    paid_hours: float


# Index 0 is "no shift"; the codes' positions are the values in the rota matrix.
SHIFT_TYPES: tuple[ShiftType, ...] = (
    ShiftType("D", "白班", "Day", 8 * 60, 480, 8.0),
    ShiftType("E", "小夜班", "Evening", 16 * 60, 480, 8.0),
    ShiftType("N", "大夜班", "Night", 0, 480, 8.0),
    ShiftType("D12", "白班(12小时)", "Day (12 h)", 8 * 60, 720, 11.0),
    ShiftType("N12", "夜班(12小时)", "Night (12 h)", 20 * 60, 720, 11.0),
    ShiftType("OD", "常日班", "Regular day", 8 * 60, 540, 8.0),
    ShiftType("ND", "值班", "Night duty", 17 * 60, 900, 14.0),
    ShiftType("A", "行政班", "Office day", 8 * 60 + 30, 540, 8.0),
)
_CODE = {s.code: i + 1 for i, s in enumerate(SHIFT_TYPES)}
_START = np.array([0] + [s.start_minute for s in SHIFT_TYPES], dtype=np.int64)
_DURATION = np.array([0] + [s.duration_minutes for s in SHIFT_TYPES], dtype=np.int64)
_ACUTE_CYCLE = np.array([_CODE["D12"], _CODE["N12"], 0, 0], dtype=np.int8)
_WARD_NURSE_CYCLE = np.array(
    [_CODE["N"], _CODE["N"], 0, _CODE["D"], _CODE["D"], _CODE["E"], _CODE["E"], 0], dtype=np.int8
)

_LEAVE_TYPES: tuple[tuple[str, str, float, int, int], ...] = (
    # code, zh, share, min days, max days
    ("annual", "年休假", 0.45, 1, 5),
    ("sick", "病假", 0.30, 1, 3),
    ("personal", "事假", 0.17, 1, 2),
    ("marriage", "婚假", 0.04, 3, 13),
    ("maternity", "产假", 0.04, 98, 98),
)


@dataclass(frozen=True)
class AttendanceTables:
    leave_records: pd.DataFrame
    shifts: pd.DataFrame
    clock_events: pd.DataFrame


def _groups(employees: pd.DataFrame) -> dict[str, np.ndarray]:
    acute_depts = {d.department_id for d in DEPARTMENTS if d.acute}
    family = employees["role_family"].to_numpy()
    acute = employees["department_id"].isin(acute_depts).to_numpy() & (family != "administrative")
    return {
        "acute": acute,
        "ward_nurse": ~acute & (family == "nurse"),
        "ward_physician": ~acute & (family == "clinical_physician"),
        "office": family == "administrative",
    }


def _rota(rng: np.random.Generator, employees: pd.DataFrame, workday: np.ndarray) -> np.ndarray:
    n_emp, n_days = len(employees), len(workday)
    groups = _groups(employees)
    day = np.arange(n_days)[None, :]
    offset = rng.integers(0, 8, size=n_emp)[:, None]
    night_duty = (day + offset) % 7 == 0
    post_call = np.zeros_like(night_duty)
    post_call[:, 1:] = night_duty[:, :-1]
    physician = np.where(night_duty, _CODE["ND"], np.where(workday[None, :] & ~post_call, _CODE["OD"], 0))
    rota = np.select(
        [groups["acute"][:, None], groups["ward_nurse"][:, None], groups["ward_physician"][:, None]],
        [_ACUTE_CYCLE[(day + offset) % 4], _WARD_NURSE_CYCLE[(day + offset) % 8], physician],
        np.where(workday[None, :], _CODE["A"], 0),
    ).astype(np.int8)
    # Extra shifts on days off: cover for a colleague (rota staff) or come in on a rest day (office).
    rate = np.where(groups["acute"] | groups["ward_nurse"], 0.01, 0.03)
    extra = (rota == 0) & (rng.random(rota.shape) < rate[:, None])
    extra_code = np.select(
        [groups["acute"], groups["ward_nurse"], groups["ward_physician"]],
        [_CODE["D12"], _CODE["D"], _CODE["OD"]],
        _CODE["A"],
    ).astype(np.int8)
    rota_staff = groups["acute"] | groups["ward_nurse"]
    extra &= ~workday[None, :] | rota_staff[:, None]  # day staff come in on rest days only
    after_night = np.zeros_like(extra)
    after_night[:, 1:] = np.isin(rota[:, :-1], [_CODE["N"], _CODE["N12"], _CODE["ND"]])
    extra &= ~after_night  # nobody is called in on the morning a night shift ends
    return np.where(extra, extra_code[:, None], rota).astype(np.int8)


def _leave(
    rng: np.random.Generator, employees: pd.DataFrame, first_day: np.ndarray, period_start: date, n_days: int
) -> pd.DataFrame:
    counts = rng.poisson(1.5 * n_days / 365, size=len(employees))
    emp = np.repeat(np.arange(len(employees)), counts)
    shares = np.array([t[2] for t in _LEAVE_TYPES])
    kind = rng.choice(len(_LEAVE_TYPES), size=len(emp), p=shares)
    female = employees["sex"].to_numpy()[emp] == "F"
    kind = np.where((kind == 4) & ~female, 0, kind)  # maternity only for women
    low = np.array([t[3] for t in _LEAVE_TYPES])[kind]
    high = np.array([t[4] for t in _LEAVE_TYPES])[kind]
    days = low + (rng.random(len(emp)) * (high - low + 1)).astype(np.int64)
    span = np.maximum(n_days - first_day[emp], 1)
    start = first_day[emp] + (rng.random(len(emp)) * span).astype(np.int64)
    end = np.minimum(start + days - 1, n_days - 1)
    base = np.datetime64(period_start, "D")
    order = np.lexsort((start, emp))
    emp, kind, start, end = emp[order], kind[order], start[order], end[order]
    return pd.DataFrame(
        {
            "leave_id": [f"LV{i + 1:07d}" for i in range(len(emp))],
            "employee_id": employees["employee_id"].to_numpy()[emp],
            "leave_type": [_LEAVE_TYPES[k][0] for k in kind],
            "leave_type_zh": [_LEAVE_TYPES[k][1] for k in kind],
            "start_date": (base + start).astype(str),
            "end_date": (base + end).astype(str),
            "days": end - start + 1,
            "hours": ((end - start + 1) * 8).astype(np.float64),
            "status": "approved",
        }
    )


def generate_attendance(
    shift_rng: np.random.Generator,
    clock_rng: np.random.Generator,
    leave_rng: np.random.Generator,
    employees: pd.DataFrame,
    days: list[CalendarDay],
) -> AttendanceTables:
    period_start = days[0].day
    n_days = len(days)
    workday = np.array([d.day_type == "workday" for d in days])
    hire = pd.to_datetime(employees["hire_date"]).to_numpy().astype("datetime64[D]")
    first_day = np.clip((hire - np.datetime64(period_start, "D")).astype(np.int64), 0, n_days)

    rota = _rota(shift_rng, employees, workday)
    rota[np.arange(n_days)[None, :] < first_day[:, None]] = 0
    leave = _leave(leave_rng, employees, first_day, period_start, n_days)
    base = np.datetime64(period_start, "D")
    leave_emp = pd.Index(employees["employee_id"]).get_indexer(leave["employee_id"])
    leave_start = (leave["start_date"].to_numpy().astype("datetime64[D]") - base).astype(np.int64)
    leave_end = (leave["end_date"].to_numpy().astype("datetime64[D]") - base).astype(np.int64)
    for e, s, t in zip(leave_emp, leave_start, leave_end, strict=True):
        rota[e, s : t + 1] = 0

    emp_idx, day_idx = np.nonzero(rota)
    codes = rota[emp_idx, day_idx].astype(np.int64)
    starts = (base + day_idx).astype("datetime64[s]") + (_START[codes] * 60).astype("timedelta64[s]")
    ends = starts + (_DURATION[codes] * 60).astype("timedelta64[s]")
    ids = employees["employee_id"].astype(str).tolist()
    day_codes = np.array([("workday", "rest_day", "holiday").index(d.day_type) for d in days])
    shifts = pd.DataFrame(
        {
            "shift_id": np.arange(1, len(codes) + 1, dtype=np.int64),
            "employee_id": _categorical(emp_idx, ids),
            "shift_date": _categorical(day_idx, [d.day.isoformat() for d in days]),
            "shift_code": _categorical(codes - 1, [s.code for s in SHIFT_TYPES]),
            "planned_start_at": starts,
            "planned_end_at": ends,
            "day_type": _categorical(day_codes, ["workday", "rest_day", "holiday"])[day_idx],
        }
    )
    clock = _clock_events(clock_rng, employees, emp_idx, starts, ends)
    return AttendanceTables(leave_records=leave, shifts=shifts, clock_events=clock)


def _categorical(codes: npt.NDArray[Any], categories: list[str]) -> pd.Categorical[str]:
    """Repeated labels stored once: millions of rows of employee ids cost an int each."""
    return pd.Categorical.from_codes(codes.astype(np.int64), categories=pd.Index(categories, dtype=str))


def _seconds(values: np.ndarray) -> np.ndarray:
    return values.astype(np.int64).astype("timedelta64[s]")


def _clock_events(
    rng: np.random.Generator,
    employees: pd.DataFrame,
    emp_idx: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
) -> pd.DataFrame:
    n = len(emp_idx)
    late = rng.random(n) < 0.05
    in_offset = np.where(
        late, rng.uniform(60, 45 * 60, n), np.clip(rng.normal(-12 * 60, 6 * 60, n), -45 * 60, 0)
    )
    roll = rng.random(n)
    out_offset = np.select(
        [roll < 0.10, roll < 0.11],
        [rng.uniform(30 * 60, 3 * 3600, n), -rng.uniform(5 * 60, 60 * 60, n)],  # overtime, early leave
        np.clip(rng.normal(8 * 60, 6 * 60, n), 0, 30 * 60),
    )
    missing = rng.choice(3, size=n, p=[0.015, 0.015, 0.97])  # 0: no in punch, 1: no out punch
    shift_ids = np.arange(1, n + 1, dtype=np.int64)
    keep_in, keep_out = missing != 0, missing != 1
    emp = np.concatenate([emp_idx[keep_in], emp_idx[keep_out]])
    shift = np.concatenate([shift_ids[keep_in], shift_ids[keep_out]])
    at = np.concatenate([(starts + _seconds(in_offset))[keep_in], (ends + _seconds(out_offset))[keep_out]])
    direction = np.concatenate([np.zeros(keep_in.sum(), np.int8), np.ones(keep_out.sum(), np.int8)])
    device = rng.integers(0, 2, size=len(emp)).astype(np.int8)
    # A second swipe a few seconds to a minute and a half later, same reader, same direction.
    dup = np.flatnonzero(rng.random(len(emp)) < 0.02)
    emp, shift, direction, device = (np.concatenate([a, a[dup]]) for a in (emp, shift, direction, device))
    at = np.concatenate([at, at[dup] + _seconds(rng.integers(3, 91, size=len(dup)))])
    order = np.lexsort((direction, shift, at))
    dept_codes = pd.Categorical(
        employees["department_id"], categories=[d.department_id for d in DEPARTMENTS]
    ).codes
    device_names = [
        f"CLK-{d.department_id.removeprefix('DEP-')}-{k:02d}" for d in DEPARTMENTS for k in (1, 2)
    ]
    device_codes = dept_codes[emp[order]].astype(np.int64) * 2 + device[order]
    return pd.DataFrame(
        {
            "event_id": np.arange(1, len(order) + 1, dtype=np.int64),
            "employee_id": _categorical(emp[order], employees["employee_id"].astype(str).tolist()),
            "shift_id": shift[order],
            "event_at": at[order],
            "direction": _categorical(direction[order], ["in", "out"]),
            "device_id": _categorical(device_codes, device_names),
        }
    )
