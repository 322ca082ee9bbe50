"""Grades and pay structures, department allowance rules and the city's social-insurance settings.

Amounts are integer cents (yuan x 100) so that no payroll sum meets a float. The figures are synthetic
but of the right order for a Chinese tier-2 city public hospital; the city is fictional on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

from hirelake.synth.hr.organisation import RoleFamily

STARTING_PERFORMANCE_COEFFICIENT = 0.8
PROBATION_PAY_RATE = 0.8  # Labour Contract Law art. 20 floor; the payroll mart applies the other floors


@dataclass(frozen=True)
class Grade:
    grade_code: str
    role_family: RoleFamily
    title_zh: str
    title_en: str
    base_salary_cents: int
    starting_performance_coefficient: float = STARTING_PERFORMANCE_COEFFICIENT


GRADES: tuple[Grade, ...] = (
    Grade("P1", "clinical_physician", "住院医师", "Resident Physician", 620_000),
    Grade("P2", "clinical_physician", "主治医师", "Attending Physician", 860_000),
    Grade("P3", "clinical_physician", "副主任医师", "Associate Chief Physician", 1_150_000),
    Grade("P4", "clinical_physician", "主任医师", "Chief Physician", 1_500_000),
    Grade("N1", "nurse", "护士", "Nurse (N1)", 480_000),
    Grade("N2", "nurse", "护师", "Senior Nurse (N2)", 580_000),
    Grade("N3", "nurse", "主管护师", "Nurse-in-Charge (N3)", 700_000),
    Grade("N4", "nurse", "副主任护师", "Associate Chief Nurse (N4)", 850_000),
    Grade("A1", "administrative", "科员", "Officer", 450_000),
    Grade("A2", "administrative", "主管", "Supervisor", 550_000),
    Grade("A3", "administrative", "副科长", "Deputy Section Head", 700_000),
    Grade("A4", "administrative", "科长", "Section Head", 900_000),
)
GRADE_CODES = frozenset(g.grade_code for g in GRADES)
# Share of each family's headcount per grade, lowest first.
GRADE_MIX: dict[RoleFamily, tuple[float, ...]] = {
    "clinical_physician": (0.35, 0.35, 0.20, 0.10),
    "nurse": (0.30, 0.35, 0.25, 0.10),
    "administrative": (0.40, 0.30, 0.20, 0.10),
}


@dataclass(frozen=True)
class AllowanceRule:
    rule_id: str
    department_id: str
    allowance_code: str
    name_zh: str
    name_en: str
    unit: str
    amount_cents: int
    applies_to_shift_codes: tuple[str, ...]


ALLOWANCE_RULES: tuple[AllowanceRule, ...] = (
    AllowanceRule(
        "AR01",
        "DEP-ED",
        "night_shift",
        "急诊夜班津贴",
        "Emergency night-shift allowance",
        "per_night_shift",
        15_000,
        ("N12",),
    ),
    AllowanceRule(
        "AR02",
        "DEP-ICU",
        "night_shift",
        "重症夜班津贴",
        "ICU night-shift allowance",
        "per_night_shift",
        12_000,
        ("N12",),
    ),
    AllowanceRule(
        "AR03",
        "*",
        "night_shift",
        "病区夜班津贴",
        "Ward night-shift allowance",
        "per_night_shift",
        6_000,
        ("N", "ND"),
    ),
)


@dataclass(frozen=True)
class CitySetting:
    city_code: str
    setting_key: str
    value: float
    unit: str
    note: str


CITY_CODE = "SAMPLE-CITY"
CITY_SETTINGS: tuple[CitySetting, ...] = (
    CitySetting(CITY_CODE, "pension_employee_rate", 0.08, "ratio", "基本养老保险 employee share"),
    CitySetting(CITY_CODE, "medical_employee_rate", 0.02, "ratio", "基本医疗保险 employee share"),
    CitySetting(CITY_CODE, "unemployment_employee_rate", 0.005, "ratio", "失业保险 employee share"),
    CitySetting(CITY_CODE, "housing_fund_employee_rate", 0.12, "ratio", "住房公积金, city allows 5%-12%"),
    CitySetting(CITY_CODE, "contribution_base_floor_cents", 480_000, "cents_per_month", "缴费基数下限"),
    CitySetting(CITY_CODE, "contribution_base_cap_cents", 2_400_000, "cents_per_month", "缴费基数上限"),
    CitySetting(CITY_CODE, "minimum_wage_cents", 250_000, "cents_per_month", "月最低工资标准"),
    CitySetting(
        CITY_CODE, "iit_monthly_basic_deduction_cents", 500_000, "cents_per_month", "个税基本减除费用"
    ),
)
