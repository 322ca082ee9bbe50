"""Employees and what the HRIS keeps per person: contracts, practising licences, training, tax deductions.

Employees hired before the generated period come first (E000001...), then the candidates hired through
the platform, in hire-date order, each linked back by `candidate_id`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from hirelake.synth.hr.candidates import Candidate
from hirelake.synth.hr.contracts import add_months, max_probation_months, period_end
from hirelake.synth.hr.names import draw_names
from hirelake.synth.hr.organisation import (
    DEPARTMENTS,
    GRADE_BANDS,
    LICENCE_FOR_FAMILY,
    LICENCE_NAMES_ZH,
    Position,
    RoleFamily,
    ward_id,
)
from hirelake.synth.hr.pay import GRADE_MIX, GRADES, PROBATION_PAY_RATE, STARTING_PERFORMANCE_COEFFICIENT
from hirelake.synth.hr.rng import stream

_TERMS: tuple[int | None, ...] = (None, 60, 36, 24, 12, 6, 2)
_TERM_SHARES = (0.20, 0.15, 0.30, 0.15, 0.10, 0.06, 0.04)
_LICENCE_VALID_YEARS = 5


@dataclass(frozen=True)
class EmployeeTables:
    employees: pd.DataFrame
    contracts: pd.DataFrame
    licences: pd.DataFrame
    training_records: pd.DataFrame
    tax_deductions: pd.DataFrame


def _legacy_assignment(
    rng: np.random.Generator, count: int, positions: list[Position]
) -> tuple[list[Position], list[str]]:
    weights = np.array([d.headcount_weight for d in DEPARTMENTS])
    dept_idx = rng.choice(len(DEPARTMENTS), size=count, p=weights / weights.sum())
    physician = rng.random(count) < 0.38
    by_key = {(p.department_id, p.role_family): p for p in positions}
    chosen: list[Position] = []
    for d, is_physician in zip(dept_idx, physician, strict=True):
        dept = DEPARTMENTS[d]
        family: RoleFamily = (
            ("clinical_physician" if is_physician else "nurse") if dept.clinical else "administrative"
        )
        chosen.append(by_key[(dept.department_id, family)])
    grades = []
    for pos in chosen:
        band = GRADE_BANDS[pos.role_family]
        grades.append(band[rng.choice(len(band), p=np.array(GRADE_MIX[pos.role_family]))])
    return chosen, grades


def _ward(rng: np.random.Generator, department_id: str) -> str | None:
    dept = next(d for d in DEPARTMENTS if d.department_id == department_id)
    if not dept.wards:
        return None
    return ward_id(department_id, int(rng.integers(1, len(dept.wards) + 1)))


def generate_employees(
    seed: int,
    count: int,
    *,
    positions: list[Position],
    hires: list[Candidate],
    period_start: date,
    as_of: date,
) -> EmployeeTables:
    rng = stream(seed, "employees")
    n_legacy = count - len(hires)
    by_id = {p.position_id: p for p in positions}
    legacy_pos, legacy_grades = _legacy_assignment(rng, n_legacy, positions)
    hires = sorted(hires, key=lambda c: (c.hire_date or period_start, c.candidate_id))
    all_pos = legacy_pos + [by_id[c.position_id] for c in hires]
    grades = legacy_grades + [GRADE_BANDS[c.role_family][int(rng.random() < 0.2)] for c in hires]
    female_share = {"clinical_physician": 0.5, "nurse": 0.9, "administrative": 0.6}
    legacy_sex = ["F" if rng.random() < female_share[p.role_family] else "M" for p in legacy_pos]
    names_zh, names_en = draw_names(rng, legacy_sex)
    sexes = legacy_sex + [c.sex for c in hires]  # as the candidate declared it, "unknown" included
    names_zh += [c.name_zh for c in hires]
    names_en += [c.name_en for c in hires]

    grade_rank = np.array([int(g[1]) for g in grades])
    age_years = 23 + (grade_rank - 1) * 7 + rng.integers(0, 9, size=count)
    birth = [period_start - timedelta(days=int(a * 365.25 + rng.integers(0, 365))) for a in age_years]
    tenure_days = [int(rng.integers(30, max(31, int((a - 22) * 365)))) for a in age_years[:n_legacy]]
    hire_dates = [period_start - timedelta(days=t) for t in tenure_days]
    hire_dates += [c.hire_date or period_start for c in hires]

    employees = pd.DataFrame(
        {
            "employee_id": [f"E{i + 1:06d}" for i in range(count)],
            "candidate_id": [None] * n_legacy + [c.candidate_id for c in hires],
            "name_zh": names_zh,
            "name_en": names_en,
            "sex": sexes,
            "birth_date": [d.isoformat() for d in birth],
            "department_id": [p.department_id for p in all_pos],
            "ward_id": [_ward(rng, p.department_id) for p in all_pos],
            "position_id": [p.position_id for p in all_pos],
            "role_family": [p.role_family for p in all_pos],
            "grade_code": grades,
            "hire_date": [d.isoformat() for d in hire_dates],
            "employment_status": "active",
        }
    )
    return EmployeeTables(
        employees=employees,
        contracts=_contracts(stream(seed, "contracts"), employees, hire_dates, period_start, n_legacy),
        licences=_licences(stream(seed, "licences"), employees, as_of),
        training_records=_training(
            stream(seed, "training_records"), employees, hire_dates, period_start, as_of
        ),
        tax_deductions=_tax_deductions(stream(seed, "tax_deductions"), employees, hire_dates, period_start),
    )


def _contracts(
    rng: np.random.Generator,
    employees: pd.DataFrame,
    hire_dates: list[date],
    period_start: date,
    n_legacy: int,
) -> pd.DataFrame:
    base = {g.grade_code: g.base_salary_cents for g in GRADES}
    term_idx = rng.choice(len(_TERMS), size=len(employees), p=np.array(_TERM_SHARES))
    rows: list[dict[str, object]] = []
    for i, (employee_id, grade, hired) in enumerate(
        zip(employees["employee_id"], employees["grade_code"], hire_dates, strict=True)
    ):
        term = _TERMS[term_idx[i]]
        start = hired
        renewed = False
        if term is not None and i < n_legacy:
            # The contract in force at the period start: the original one, or its latest renewal.
            while add_months(start, term) <= period_start:
                start, renewed = add_months(start, term), True
        # Art. 19: an employer may agree probation with the same employee only once.
        probation = 0 if renewed else max_probation_months(term)
        rows.append(
            {
                "contract_id": f"CT{i + 1:06d}",
                "employee_id": employee_id,
                "contract_type": "open_ended" if term is None else "fixed_term",
                "start_date": start.isoformat(),
                "term_months": term,
                "end_date": None if term is None else period_end(start, term).isoformat(),
                "probation_months": probation,
                "probation_end_date": period_end(start, probation).isoformat() if probation else None,
                "grade_code": grade,
                "base_salary_cents": base[grade],
                "performance_coefficient": STARTING_PERFORMANCE_COEFFICIENT,
                "probation_pay_rate": PROBATION_PAY_RATE,
            }
        )
    frame = pd.DataFrame(rows)
    frame["term_months"] = frame["term_months"].astype("Int64")
    return frame


def _licences(rng: np.random.Generator, employees: pd.DataFrame, as_of: date) -> pd.DataFrame:
    clinical = employees[employees["role_family"] != "administrative"]
    n = len(clinical)
    bucket = rng.choice(3, size=n, p=[0.03, 0.06, 0.91])  # expired, expiring within 60 days, valid
    if n >= 2:  # even a small extract shows the compliance officer both alerts
        spots = rng.choice(n, size=2, replace=False)
        bucket[spots[0]] = 0 if 0 not in bucket else bucket[spots[0]]
        bucket[spots[1]] = 1 if 1 not in bucket else bucket[spots[1]]
    offsets = np.select(
        [bucket == 0, bucket == 1],
        [-rng.integers(1, 181, size=n), rng.integers(0, 60, size=n)],
        rng.integers(60, _LICENCE_VALID_YEARS * 365, size=n),
    )
    expiry = [as_of + timedelta(days=int(o)) for o in offsets]
    families: list[RoleFamily] = list(clinical["role_family"])
    types = [LICENCE_FOR_FAMILY[f] or "" for f in families]
    numbers = rng.integers(10**14, 10**15, size=n)
    return pd.DataFrame(
        {
            "licence_id": [f"LIC{i + 1:06d}" for i in range(n)],
            "employee_id": list(clinical["employee_id"]),
            "licence_type": types,
            "licence_name_zh": [LICENCE_NAMES_ZH[t] for t in types],
            "licence_no": [str(x) for x in numbers],
            "issuing_authority": "示例市卫生健康委员会",
            "issued_date": [add_months(e, -12 * _LICENCE_VALID_YEARS).isoformat() for e in expiry],
            "expiry_date": [e.isoformat() for e in expiry],
        }
    )


_COURSES: tuple[tuple[str, str, str], ...] = (
    ("patient_communication", "医患沟通技巧", "Patient communication skills"),
    ("infection_control", "医院感染防控", "Hospital infection control"),
    ("bls", "基础生命支持(BLS)", "Basic life support (BLS)"),
    ("acls", "高级心血管生命支持(ACLS)", "Advanced cardiovascular life support (ACLS)"),
    ("medical_confidentiality", "医疗信息保密与隐私保护", "Medical confidentiality and patient privacy"),
    ("fire_safety", "消防安全", "Fire safety"),
)


def _training(
    rng: np.random.Generator, employees: pd.DataFrame, hire_dates: list[date], period_start: date, as_of: date
) -> pd.DataFrame:
    months = (as_of - period_start).days / 30.4
    counts = rng.poisson(0.4 + 0.15 * months, size=len(employees))
    emp = np.repeat(np.arange(len(employees)), counts)
    first = [max(hire_dates[i], period_start) for i in emp]
    spans = np.array([(as_of - f).days + 1 for f in first], dtype=np.int64)
    day_offsets = (rng.random(len(emp)) * spans).astype(np.int64)
    course_idx = rng.integers(0, len(_COURSES), size=len(emp))
    passed = rng.random(len(emp)) < 0.92
    scores = np.where(passed, rng.integers(60, 101, size=len(emp)), rng.integers(30, 60, size=len(emp)))
    return pd.DataFrame(
        {
            "training_id": [f"TR{i + 1:07d}" for i in range(len(emp))],
            "employee_id": employees["employee_id"].to_numpy()[emp],
            "course_code": [_COURSES[c][0] for c in course_idx],
            "course_name_zh": [_COURSES[c][1] for c in course_idx],
            "course_name_en": [_COURSES[c][2] for c in course_idx],
            "completed_date": [
                (f + timedelta(days=int(o))).isoformat() for f, o in zip(first, day_offsets, strict=True)
            ],
            "hours": rng.integers(4, 33, size=len(emp)) / 2.0,
            "result": np.where(passed, "pass", "fail"),
            "score": scores,
        }
    )


# (type, zh description, monthly yuan per unit); amounts as in force since 2023 (国发〔2023〕13号).
_DEDUCTIONS: tuple[tuple[str, str, int], ...] = (
    ("children_education", "子女教育", 2000),
    ("infant_care", "3岁以下婴幼儿照护", 2000),
    ("elderly_care", "赡养老人", 3000),
    ("housing_loan_interest", "住房贷款利息", 1000),
    ("housing_rent", "住房租金", 1500),
    ("continuing_education", "继续教育", 400),
)
_DEDUCTION_SHARE = (0.35, 0.08, 0.45, 0.25, 0.15, 0.05)


def _tax_deductions(
    rng: np.random.Generator, employees: pd.DataFrame, hire_dates: list[date], period_start: date
) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    draws = rng.random((len(employees), len(_DEDUCTIONS)))
    units = rng.integers(1, 3, size=(len(employees), len(_DEDUCTIONS)))
    shared_elderly = rng.random(len(employees)) < 0.5
    for i, employee_id in enumerate(employees["employee_id"]):
        effective = max(hire_dates[i], period_start).replace(day=1)
        chosen = [k for k in range(len(_DEDUCTIONS)) if draws[i, k] < _DEDUCTION_SHARE[k]]
        if 3 in chosen and 4 in chosen:  # loan interest and rent cannot be claimed together
            chosen.remove(4)
        for k in chosen:
            kind, description, yuan = _DEDUCTIONS[k]
            amount = yuan * (int(units[i, k]) if kind in ("children_education", "infant_care") else 1)
            if kind == "elderly_care" and shared_elderly[i]:
                amount = 1500  # siblings share the 3,000 yuan
            rows.append(
                {
                    "deduction_id": f"TD{len(rows) + 1:07d}",
                    "employee_id": employee_id,
                    "deduction_type": kind,
                    "description_zh": description,
                    "monthly_amount_cents": amount * 100,
                    "effective_from": effective.isoformat(),
                    "tax_year": period_start.year,
                }
            )
    columns = [
        "deduction_id",
        "employee_id",
        "deduction_type",
        "description_zh",
        "monthly_amount_cents",
        "effective_from",
        "tax_year",
    ]
    return pd.DataFrame(rows, columns=columns)
