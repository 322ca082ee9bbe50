"""`payroll.fct_payslips` in plain pandas: the same rows and the same rules as the dbt chain, from the CSVs.

The bench (`bench/bench_marts.py`) runs this beside `dbt build` and reconciles the two to the cent. Each
function below mirrors one dbt model and names it; read them side by side with dbt/models/.

What has to match exactly, and how it is done here:
- Inputs are read as text (an empty cell is null, as the raw zone lands it) and parsed as the staging
  models parse them: strict ISO dates and timestamps (anything else is null), cents as integers,
  `decimal(4,2)` rates and coefficients as whole hundredths, city settings as doubles. Duplicated ids
  keep one row.
- Amounts are whole cents held in float64 (exact below 2**53; NaN where SQL has a null). Where DuckDB
  computes in DECIMAL (probation pay, performance pay, tax) the arithmetic is on whole units and rounds
  half away from zero; where it computes in DOUBLE (a DECIMAL divided by anything: proration, overtime;
  DECIMAL x DOUBLE rate: social insurance, housing fund) the same double operations run in the same
  order and `round()` is C's `round()` (half away from zero), not numpy's (half to even).
- The configuration is dbt's own: the holiday seed, the baseline pay scenario seed and the project vars
  (standard-hours shift codes, overtime block).

One rule is not reproduced: the performance-coefficient raise after probation (seed
performance_coefficient_rules, gated by training plans) needs the hire's interview scores, which live in
the lake's silver tables, not in the HRIS extract. The bench lands the extract only, so dbt finds no
scores and pays the contract's coefficient, as this module does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = ROOT / "dbt"
SEEDS = DBT_DIR / "seeds"

PAYSLIP_COLUMNS = [
    "employee_id",
    "pay_month",
    "department_id",
    "grade_code",
    "is_probation",
    "contract_base_yuan",
    "base_pay_yuan",
    "performance_coefficient",
    "night_shift_count",
    "night_allowance_yuan",
    "overtime_pay_yuan",
    "gross_pay_yuan",
    "social_insurance_yuan",
    "housing_fund_yuan",
    "special_deduction_yuan",
    "ytd_taxable_income_yuan",
    "ytd_tax_yuan",
    "income_tax_yuan",
    "net_pay_yuan",
]
# Individual income tax, cumulative withholding (macro iit_annual_brackets): lower and upper bound of
# the year-to-date taxable income in yuan, rate in hundredths, quick deduction in yuan.
TAX_BRACKETS = [
    (0, 36_000, 3, 0),
    (36_000, 144_000, 10, 2_520),
    (144_000, 300_000, 20, 16_920),
    (300_000, 420_000, 25, 31_920),
    (420_000, 660_000, 30, 52_920),
    (660_000, 960_000, 35, 85_920),
    (960_000, None, 45, 181_920),
]
OVERTIME_MULTIPLIERS_TENTHS = {"workday": 15, "rest_day": 20, "holiday": 30}  # Labour Law art. 44
PROBATION_RATE_FLOOR_HUNDREDTHS = 80  # Labour Contract Law art. 20


# --- parsing, as the staging models do -------------------------------------------------------------


def read_text(hr: Path, table: str, columns: list[str], key: str | None = None) -> pd.DataFrame:
    """A CSV with every column as text, empty cells null; one row per `key` (stg_*: qualify ... = 1)."""
    frame = pd.read_csv(
        hr / f"{table}.csv",
        usecols=columns,
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        engine="pyarrow",
    )
    return frame.drop_duplicates(key) if key else frame


def iso_date(text: pd.Series) -> pd.Series:
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


def iso_timestamp(text: pd.Series) -> pd.Series:
    return pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S", errors="coerce")


def number(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text, errors="coerce").astype("float64")


def hundredths(text: pd.Series) -> pd.Series:
    """try_cast(... as decimal(4, 2)) as whole hundredths (0.8 -> 80)."""
    return pd.Series(round_half_away(number(text) * 100), index=text.index)


def round_half_away(values: Any) -> Any:
    """DuckDB's round() of a DOUBLE or DECIMAL to whole units: half away from zero (numpy rounds to even)."""
    whole = np.trunc(values)
    return whole + np.where(np.abs(values - whole) >= 0.5, np.sign(values), 0.0)


def yuan_double_to_cents(yuan: Any) -> Any:
    """round(<double yuan>, 2) cast to decimal(14, 2): DuckDB multiplies by 100.0 and rounds."""
    return round_half_away(yuan * 100.0)


# --- configuration -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitySettings:
    """int_city_pay_settings: rates are doubles, amounts whole cents."""

    pension_rate: float
    medical_rate: float
    unemployment_rate: float
    housing_fund_rate: float
    contribution_floor_cents: float
    contribution_cap_cents: float
    minimum_wage_cents: float
    basic_deduction_cents: float


@dataclass(frozen=True)
class PayRules:
    """The dbt project's configuration the payslip depends on."""

    standard_hours_shift_codes: tuple[str, ...]
    overtime_block_minutes: int
    scenario_probation_rate_hundredths: float  # NaN: each contract's own rate
    performance_pay_ratio_hundredths: float


def pay_rules() -> PayRules:
    variables = yaml.safe_load((DBT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    scenarios = pd.read_csv(SEEDS / "pay_scenarios.csv", dtype=str, keep_default_na=False, na_values=[""])
    (baseline,) = scenarios[scenarios["is_baseline"].str.lower() == "true"].index
    return PayRules(
        standard_hours_shift_codes=tuple(variables["standard_hours_shift_codes"]),
        overtime_block_minutes=int(variables["overtime_block_minutes"]),
        scenario_probation_rate_hundredths=float(hundredths(scenarios["probation_pay_rate"])[baseline]),
        performance_pay_ratio_hundredths=float(hundredths(scenarios["performance_pay_ratio"])[baseline]),
    )


def city_settings(hr: Path) -> CitySettings:
    rows = read_text(hr, "city_settings", ["city_code", "setting_key", "value"])
    cities = rows["city_code"].dropna().unique()
    if len(cities) != 1:  # dbt's var payroll_city_code is unset: the extract must hold one city
        raise ValueError(f"expected the settings of one city, found {list(cities)}")
    value = rows.drop_duplicates("setting_key").set_index("setting_key")["value"].astype(float)
    return CitySettings(
        pension_rate=value["pension_employee_rate"],
        medical_rate=value["medical_employee_rate"],
        unemployment_rate=value["unemployment_employee_rate"],
        housing_fund_rate=value["housing_fund_employee_rate"],
        contribution_floor_cents=round(value["contribution_base_floor_cents"]),
        contribution_cap_cents=round(value["contribution_base_cap_cents"]),
        minimum_wage_cents=round(value["minimum_wage_cents"]),
        basic_deduction_cents=round(value["iit_monthly_basic_deduction_cents"]),
    )


def calendar_days() -> pd.DataFrame:
    """int_calendar_days: every day of the seed's years; the seed's day type, else Mon-Fri workday."""
    seed = pd.read_csv(SEEDS / "prc_holiday_calendar.csv", usecols=["calendar_date", "day_type"])
    seed["calendar_date"] = pd.to_datetime(seed["calendar_date"])
    years = seed["calendar_date"].dt.year
    days = pd.DataFrame(
        {"calendar_date": pd.date_range(f"{years.min()}-01-01", f"{years.max()}-12-31", freq="D")}
    )
    days = days.merge(seed, on="calendar_date", how="left")
    weekend = days["calendar_date"].dt.dayofweek >= 5
    days["day_type"] = days["day_type"].fillna(pd.Series(np.where(weekend, "rest_day", "workday")))
    return days


# --- employments (int_employments_joined) ------------------------------------------------------------


def legal_max_probation_months(term_months: pd.Series) -> pd.Series:
    """Labour Contract Law art. 19 (macro max_probation_months); a null term is open-ended."""
    return pd.Series(
        np.select(
            [term_months.isna() | (term_months >= 36), term_months >= 12, term_months >= 3], [6, 2, 1], 0
        ),
        index=term_months.index,
    )


def probation_end_dates(start: pd.Series, months: pd.Series) -> pd.Series:
    """The last day of `months` whole months from `start` (Jan 31 + 1 month clamps to Feb 28)."""
    ends = pd.Series(pd.NaT, index=start.index, dtype="datetime64[ns]")
    for count in months[months > 0].unique():
        chosen = months == count
        ends[chosen] = start[chosen] + pd.DateOffset(months=int(count)) - pd.Timedelta(days=1)
    return ends


def contracts_in_force(hr: Path) -> pd.DataFrame:
    """Each employee's contract with the latest start date (ties: the highest contract id)."""
    contracts = read_text(
        hr,
        "contracts",
        [
            "contract_id",
            "employee_id",
            "start_date",
            "term_months",
            "probation_months",
            "grade_code",
            "base_salary_cents",
            "performance_coefficient",
            "probation_pay_rate",
        ],
        key="contract_id",
    )
    contracts["start_date"] = iso_date(contracts["start_date"])
    contracts = contracts[contracts["start_date"].notna()]
    contracts = contracts.sort_values(["start_date", "contract_id"], ascending=False)
    return contracts.drop_duplicates("employee_id").drop(columns="contract_id")


def grade_pay(hr: Path) -> pd.DataFrame:
    """Base salary (cents) and starting performance coefficient (hundredths) per grade."""
    grades = read_text(
        hr,
        "grades",
        ["grade_code", "base_salary_cents", "starting_performance_coefficient"],
        key="grade_code",
    )
    return pd.DataFrame(
        {
            "grade_code": grades["grade_code"],
            "grade_base_cents": number(grades["base_salary_cents"]),
            "starting_coefficient": hundredths(grades["starting_performance_coefficient"]),
        }
    )


def post_lowest_grade_base(hr: Path, grades: pd.DataFrame) -> pd.Series:
    """The lowest base salary among the grades of each post's grade band, in cents."""
    positions = read_text(hr, "positions", ["position_id", "grade_band"], key="position_id")
    post_grades = positions.assign(grade_code=positions["grade_band"].str.split("|")).explode("grade_code")
    lowest: pd.Series = (
        post_grades.merge(grades, on="grade_code").groupby("position_id")["grade_base_cents"].min()
    )
    return lowest.rename("lowest_grade_base_cents")


def employments(hr: Path) -> pd.DataFrame:
    """One row per employee with a hire date: the contract in force (else the grade's pay), the post's
    lowest grade, and probation (the agreed months, never above the legal maximum)."""
    employees = read_text(
        hr,
        "employees",
        ["employee_id", "department_id", "position_id", "grade_code", "hire_date"],
        key="employee_id",
    )
    employees["hire_date"] = iso_date(employees["hire_date"])
    employees = employees[employees["hire_date"].notna()]
    grades = grade_pay(hr)

    joined = employees.merge(contracts_in_force(hr), on="employee_id", how="left", suffixes=("", "_contract"))
    joined["grade_code"] = joined["grade_code_contract"].fillna(joined["grade_code"])
    joined = joined.merge(grades, on="grade_code", how="left")
    joined = joined.join(post_lowest_grade_base(hr, grades), on="position_id")

    contract_start = joined["start_date"].fillna(joined["hire_date"])
    legal_max = legal_max_probation_months(number(joined["term_months"]))
    probation_months = number(joined["probation_months"]).fillna(legal_max).clip(upper=legal_max)
    starting_coefficient = joined["starting_coefficient"].fillna(80.0)
    return pd.DataFrame(
        {
            "employee_id": joined["employee_id"],
            "department_id": joined["department_id"],
            "grade_code": joined["grade_code"],
            "hire_date": joined["hire_date"],
            "probation_end_date": probation_end_dates(contract_start, probation_months),
            "contract_base_cents": number(joined["base_salary_cents"]).fillna(joined["grade_base_cents"]),
            "probation_rate": hundredths(joined["probation_pay_rate"]).fillna(80.0),
            "starting_coefficient": starting_coefficient,
            "contract_coefficient": hundredths(joined["performance_coefficient"]).fillna(
                starting_coefficient
            ),
            "lowest_grade_base_cents": joined["lowest_grade_base_cents"],
        }
    )


# --- attendance (int_shifts_matched_to_punches, fct_attendance_daily) --------------------------------


def shifts_matched_to_punches(hr: Path, calendar: pd.DataFrame, rules: PayRules) -> pd.DataFrame:
    """One row per rostered shift with its punches, on the date it starts, and its overtime minutes."""
    shifts = read_text(
        hr,
        "shifts",
        ["shift_id", "employee_id", "shift_code", "planned_start_at", "planned_end_at"],
        key="shift_id",
    )
    shifts["shift_id"] = number(shifts["shift_id"])
    shifts["planned_start_at"] = iso_timestamp(shifts["planned_start_at"])
    shifts["planned_end_at"] = iso_timestamp(shifts["planned_end_at"])
    shifts = shifts[
        shifts["employee_id"].notna()
        & shifts["planned_start_at"].notna()
        & (shifts["planned_end_at"] > shifts["planned_start_at"])
    ]

    clock = read_text(hr, "clock_events", ["event_id", "shift_id", "event_at", "direction"], key="event_id")
    clock["shift_id"] = number(clock["shift_id"])
    clock["event_at"] = iso_timestamp(clock["event_at"])
    clock = clock[clock["shift_id"].notna() & clock["event_at"].notna()]

    matched = shifts.join(punches_per_shift(clock), on="shift_id")
    matched["work_date"] = matched["planned_start_at"].dt.normalize()
    matched = matched.merge(calendar, left_on="work_date", right_on="calendar_date", how="left")
    start, end = matched["planned_start_at"], matched["planned_end_at"]
    matched["is_night_shift"] = (start.dt.hour < 6) | (end > matched["work_date"] + pd.Timedelta(days=1))
    matched["is_absent"] = matched["punch_count"].isna()
    has_both = matched["last_out_at"] > matched["first_in_at"]  # False where a punch is missing

    scheduled = minutes_between(start, end)
    worked = np.where(has_both, minutes_between(matched["first_in_at"], matched["last_out_at"]), scheduled)
    worked = np.where(matched["is_absent"], 0, worked)
    block = rules.overtime_block_minutes
    past_end = minutes_between(end, matched["last_out_at"]) // block * block
    past_end = np.where(has_both & (matched["last_out_at"] > end), past_end, 0)
    standard_hours = matched["shift_code"].isin(rules.standard_hours_shift_codes)
    matched["overtime_minutes"] = np.select(
        [
            matched["is_absent"],
            matched["day_type"] == "holiday",
            (matched["day_type"] == "rest_day") & standard_hours,
        ],
        [0, worked, worked],
        past_end,
    )
    return matched


def punches_per_shift(clock: pd.DataFrame) -> pd.DataFrame:
    """First clock-in, last clock-out and the number of punches of each shift."""
    punches = clock.assign(
        in_at=clock["event_at"].where(clock["direction"] == "in"),
        out_at=clock["event_at"].where(clock["direction"] == "out"),
    )
    return punches.groupby("shift_id", sort=False).agg(
        first_in_at=("in_at", "min"), last_out_at=("out_at", "max"), punch_count=("event_at", "size")
    )


def minutes_between(start: pd.Series, end: pd.Series) -> Any:
    """date_diff('second', start, end) // 60 (floor; NaN where either is null)."""
    return np.floor((end - start).dt.total_seconds().to_numpy() / 60)


def attendance_daily(shifts: pd.DataFrame) -> pd.DataFrame:
    """One row per employee and work date: the earliest shift's code, any night shift, absent if all were."""
    ordered = shifts.sort_values("planned_start_at", kind="stable")
    days = ordered.groupby(["employee_id", "work_date"], sort=False).agg(
        day_type=("day_type", "first"),
        shift_code=("shift_code", "first"),
        is_night_shift=("is_night_shift", "any"),
        is_absent=("is_absent", "all"),
        overtime_minutes=("overtime_minutes", "sum"),
    )
    days = days.reset_index()
    days["pay_month"] = days["work_date"].dt.to_period("M").dt.to_timestamp()
    return days


# --- employee months (int_employee_months_prorated) --------------------------------------------------


def workdays_between(workdays: Any, first: pd.Series, last: pd.Series) -> Any:
    """How many of the sorted `workdays` fall in [first, last] (0 where a bound is null or first > last)."""
    found = np.searchsorted(workdays, last.to_numpy(), side="right") - np.searchsorted(
        workdays, first.to_numpy(), side="left"
    )
    return np.where(first.notna() & last.notna(), np.maximum(found, 0), 0)


def employee_months(
    staff: pd.DataFrame, attendance: pd.DataFrame, calendar: pd.DataFrame, city: CitySettings
) -> pd.DataFrame:
    """Every employee for every month of the attendance period from the hire month on, with its workdays."""
    pay_months = pd.DataFrame({"pay_month": np.sort(attendance["pay_month"].unique())})
    pay_months["month_end_date"] = pay_months["pay_month"] + pd.offsets.MonthEnd(0)
    months = staff.merge(pay_months, how="cross")
    months = months[months["hire_date"] <= months["month_end_date"]].reset_index(drop=True)

    workdays = np.sort(calendar.loc[calendar["day_type"] == "workday", "calendar_date"].to_numpy())
    employed_from = months[["hire_date", "pay_month"]].max(axis=1)
    probation_to = months[["probation_end_date", "month_end_date"]].min(axis=1, skipna=False)
    months["month_workdays"] = workdays_between(workdays, months["pay_month"], months["month_end_date"])
    months["employed_workdays"] = workdays_between(workdays, employed_from, months["month_end_date"])
    months["probation_workdays"] = workdays_between(workdays, employed_from, probation_to)
    months["is_probation"] = months["probation_workdays"] > 0
    months["minimum_wage_cents"] = city.minimum_wage_cents
    return months


# --- pay (int_base_pay_computed, int_performance_coefficients_assigned, allowances, overtime) ---------


def base_and_performance_pay(months: pd.DataFrame, rules: PayRules) -> pd.DataFrame:
    """Probation pay floor, proration by workdays, performance pay; amounts in cents."""
    base = months["contract_base_cents"]
    scenario_rate = pd.Series(rules.scenario_probation_rate_hundredths, index=months.index)
    rate = scenario_rate.fillna(months["probation_rate"]).clip(lower=PROBATION_RATE_FLOOR_HUNDREDTHS)
    # DECIMAL: base x rate is exact in 1/10,000 yuan; the floors are whole cents.
    probation_pay = round_half_away(
        np.fmax.reduce(
            [
                base * rate,
                months["lowest_grade_base_cents"].fillna(0) * 100,
                months["minimum_wage_cents"] * 100,
            ]
        )
        / 100
    )
    # DOUBLE: the exact cents of the month's pay, as yuan, divided by the month's workdays.
    month_pay_cents = (
        base * (months["employed_workdays"] - months["probation_workdays"])
        + probation_pay * months["probation_workdays"]
    )
    month_workdays = months["month_workdays"].where(months["month_workdays"] != 0)
    base_pay = yuan_double_to_cents(month_pay_cents / 100.0 / month_workdays)

    coefficient = np.where(
        months["is_probation"], months["starting_coefficient"], months["contract_coefficient"]
    )
    performance_pay = round_half_away(
        base_pay * coefficient * rules.performance_pay_ratio_hundredths / 10_000
    )
    return pd.DataFrame(
        {
            "base_pay_cents": base_pay,
            "performance_coefficient": coefficient / 100,
            "performance_pay_cents": performance_pay,
        },
        index=months.index,
    )


def night_allowance_rules(hr: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(department rules, every-department '*' rules): one row per shift code, amount in cents."""
    rules = read_text(
        hr,
        "allowance_rules",
        ["rule_id", "department_id", "allowance_code", "unit", "amount_cents", "applies_to_shift_codes"],
        key="rule_id",
    )
    rules = rules[(rules["allowance_code"] == "night_shift") & (rules["unit"] == "per_night_shift")]
    rules = rules[rules["department_id"].notna()]
    rules = rules.assign(
        amount_cents=number(rules["amount_cents"]), shift_code=rules["applies_to_shift_codes"].str.split("|")
    ).explode("shift_code")
    rules = rules[rules["shift_code"].notna()]
    every = rules["department_id"] == "*"
    columns = ["department_id", "shift_code", "amount_cents"]
    return rules.loc[~every, columns], rules.loc[every, ["shift_code", "amount_cents"]]


def night_allowances(attendance: pd.DataFrame, staff: pd.DataFrame, hr: Path) -> pd.DataFrame:
    """Night shifts worked per employee and month (on their start date), priced by the allowance rules."""
    department_rules, hospital_rules = night_allowance_rules(hr)
    nights = attendance.loc[
        attendance["is_night_shift"] & ~attendance["is_absent"], ["employee_id", "pay_month", "shift_code"]
    ]
    nights = nights.merge(staff[["employee_id", "department_id"]], on="employee_id")
    nights = nights.merge(department_rules, on=["department_id", "shift_code"], how="left")
    nights = nights.merge(hospital_rules, on="shift_code", how="left", suffixes=("", "_hospital"))
    nights["allowance_cents"] = nights["amount_cents"].fillna(nights["amount_cents_hospital"]).fillna(0)
    return nights.groupby(["employee_id", "pay_month"]).agg(
        night_shift_count=("allowance_cents", "size"), night_allowance_cents=("allowance_cents", "sum")
    )


def overtime_pay(attendance: pd.DataFrame, staff: pd.DataFrame) -> pd.Series:
    """Overtime minutes by day type x (contract base / 21.75 / 8 / 60) x 150% / 200% / 300%, in cents."""
    # Minutes x multiplier in tenths: whole numbers, exact as dbt's DECIMAL sum is.
    day_type = attendance["day_type"]
    tenths = sum((day_type == kind) * multiplier for kind, multiplier in OVERTIME_MULTIPLIERS_TENTHS.items())
    monthly = (
        attendance.assign(weighted_tenths=attendance["overtime_minutes"] * tenths)
        .groupby(["employee_id", "pay_month"], as_index=False)["weighted_tenths"]
        .sum()
        .merge(staff[["employee_id", "contract_base_cents"]], on="employee_id")
    )
    # DOUBLE: contract base (yuan) / 21.75 / 8 / 60 x the weighted minutes, then round to cents.
    per_minute_yuan = monthly["contract_base_cents"] / 100.0 / 21.75 / 8 / 60
    monthly["overtime_pay_cents"] = yuan_double_to_cents(
        per_minute_yuan * (monthly["weighted_tenths"] / 10.0)
    )
    pay: pd.Series = monthly.set_index(["employee_id", "pay_month"])["overtime_pay_cents"]
    return pay


# --- deductions and tax (int_payslip_deductions_computed, int_payslips_tax_withheld) -----------------


def contributions(months: pd.DataFrame, city: CitySettings) -> pd.DataFrame:
    """Social insurance and housing fund on the clamped base, due when employed on the 15th."""
    # least(greatest(base, floor), cap): DuckDB's greatest and least skip nulls, as fmax and fmin do.
    base = np.fmin(
        np.fmax(months["contract_base_cents"], city.contribution_floor_cents), city.contribution_cap_cents
    )
    base_yuan = base / 100.0

    def share(rate: float) -> Any:
        return yuan_double_to_cents(base_yuan * rate)

    contributing = months["hire_date"] <= months["pay_month"] + pd.Timedelta(days=14)
    social = share(city.pension_rate) + share(city.medical_rate) + share(city.unemployment_rate)
    return pd.DataFrame(
        {
            "social_insurance_cents": np.where(contributing, social, 0.0),
            "housing_fund_cents": np.where(contributing, share(city.housing_fund_rate), 0.0),
        },
        index=months.index,
    )


def special_deductions(months: pd.DataFrame, hr: Path) -> pd.Series:
    """Special additional deductions in effect by the month's end, within their tax year, in cents."""
    deductions = read_text(
        hr,
        "tax_deductions",
        ["deduction_id", "employee_id", "monthly_amount_cents", "effective_from", "tax_year"],
        key="deduction_id",
    )
    deductions["amount_cents"] = number(deductions["monthly_amount_cents"])
    deductions["effective_from"] = iso_date(deductions["effective_from"])
    deductions["tax_year"] = number(deductions["tax_year"])
    due = (
        months[["employee_id", "pay_month", "month_end_date"]]
        .reset_index()
        .merge(deductions, on="employee_id")
    )
    due = due[
        (due["effective_from"] <= due["month_end_date"])
        & (due["tax_year"].fillna(due["pay_month"].dt.year) == due["pay_month"].dt.year)
    ]
    summed: pd.Series = due.groupby("index")["amount_cents"].sum()
    return summed.reindex(months.index, fill_value=0.0)


def tax_due_cents(ytd_taxable_cents: pd.Series) -> Any:
    """Year-to-date tax due: taxable x rate - quick deduction of its bracket (0 when nothing is taxable)."""
    due = np.zeros(len(ytd_taxable_cents))
    taxable = ytd_taxable_cents.to_numpy()
    for lower, upper, rate, quick in TAX_BRACKETS:
        inside = taxable > lower * 100
        if upper is not None:
            inside &= taxable <= upper * 100
        # DECIMAL: cents x hundredths is exact in 1/10,000 yuan; round to cents half away from zero.
        due = np.where(inside, round_half_away((taxable * rate - quick * 10_000) / 100), due)
    return due


def withhold_income_tax(slips: pd.DataFrame) -> pd.DataFrame:
    """Cumulative withholding per employee and tax year; tax withheld to date never goes down."""
    slips = slips.sort_values(["employee_id", "pay_month"])
    tax_year = [slips["employee_id"], slips["pay_month"].dt.year]
    month_taxable = (
        slips["gross_pay_cents"]
        - slips["basic_deduction_cents"]
        - slips["social_insurance_cents"]
        - slips["housing_fund_cents"]
        - slips["special_deduction_cents"]
    )
    slips["ytd_taxable_income_cents"] = month_taxable.groupby(tax_year).cumsum().clip(lower=0)
    due = pd.Series(tax_due_cents(slips["ytd_taxable_income_cents"]), index=slips.index)
    slips["ytd_tax_cents"] = due.groupby(tax_year).cummax()
    withheld_before = slips["ytd_tax_cents"].groupby(tax_year).shift(fill_value=0)
    slips["income_tax_cents"] = slips["ytd_tax_cents"] - withheld_before
    return slips


# --- the payslip (fct_payslips) ----------------------------------------------------------------------


def pandas_payslips(hr: Path) -> pd.DataFrame:
    """payroll.fct_payslips from the HRIS CSVs in `hr`: one row per employee and month."""
    rules = pay_rules()
    city = city_settings(hr)
    calendar = calendar_days()
    staff = employments(hr)
    attendance = attendance_daily(shifts_matched_to_punches(hr, calendar, rules))

    slips = employee_months(staff, attendance, calendar, city)
    slips = slips.join(base_and_performance_pay(slips, rules))
    keys = pd.MultiIndex.from_frame(slips[["employee_id", "pay_month"]])
    nights = night_allowances(attendance, staff, hr).reindex(keys)
    slips["night_shift_count"] = nights["night_shift_count"].fillna(0).astype("int64").to_numpy()
    slips["night_allowance_cents"] = nights["night_allowance_cents"].fillna(0).to_numpy()
    slips["overtime_pay_cents"] = overtime_pay(attendance, staff).reindex(keys).fillna(0).to_numpy()
    slips["gross_pay_cents"] = (
        slips["base_pay_cents"]
        + slips["performance_pay_cents"]
        + slips["night_allowance_cents"]
        + slips["overtime_pay_cents"]
    )
    slips = slips.join(contributions(slips, city))
    slips["special_deduction_cents"] = special_deductions(slips, hr)
    slips["basic_deduction_cents"] = city.basic_deduction_cents
    slips = withhold_income_tax(slips)
    slips["net_pay_cents"] = (
        slips["gross_pay_cents"]
        - slips["social_insurance_cents"]
        - slips["housing_fund_cents"]
        - slips["income_tax_cents"]
    )

    for cents in [c for c in slips.columns if c.endswith("_cents")]:
        slips[cents.removesuffix("_cents") + "_yuan"] = slips[cents] / 100
    return slips[PAYSLIP_COLUMNS].reset_index(drop=True)
