"""Great Expectations suites on every contract mart, and the gate `hirelake.marts.build_marts` runs them as.

One `MartRules` per mart says its key, the amounts that must not be negative, ratios in [0, 1], status
columns and their sets; `mart_suite()` turns them into a GX suite. Payslips add the identity net =
gross - social insurance - housing fund - income tax, checked to the cent on integer cents computed
exactly from the Decimal amounts (GX has no arithmetic expectation; a derived column is the GX way).
`GxMartsGate` validates each mart of a freshly built warehouse file with `expectations.validate`
before the build may replace the serving one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from expectations.validate import ValidationReport, validate
from hirelake.marts import GateCheck

RECOMMENDATIONS = ("recommend", "hold", "not_recommended")
NET_PAY_CENTS = "_net_pay_cents"
NET_FROM_COMPONENTS_CENTS = "_net_from_components_cents"
_NET_COMPONENTS = ("gross_pay_yuan", "social_insurance_yuan", "housing_fund_yuan", "income_tax_yuan")


@dataclass(frozen=True)
class MartRules:
    key: tuple[str, ...]
    not_null: tuple[str, ...] = ()
    non_negative: tuple[str, ...] = ()
    ratios: tuple[str, ...] = ()  # shares and impact ratios: within [0, 1]
    value_sets: tuple[tuple[str, tuple[object, ...]], ...] = ()
    ranges: tuple[tuple[str, float, float], ...] = ()
    net_pay_identity: bool = False


MART_RULES: dict[str, MartRules] = {
    "recruiting.fct_interview_reports": MartRules(
        key=("interview_id",),
        not_null=("candidate_id", "total_score", "recommendation", "needs_review"),
        ranges=(("total_score", 0, 100),),
        value_sets=(("recommendation", RECOMMENDATIONS), ("final_decision", RECOMMENDATIONS)),
    ),
    "recruiting.fct_review_overrides": MartRules(
        key=("event_id",),
        not_null=("interview_id", "review_reason"),
        value_sets=(("final_recommendation", RECOMMENDATIONS),),
    ),
    "attendance.dim_employment": MartRules(
        key=("employee_id",),
        non_negative=("contract_term_months",),
        ranges=(("probation_months", 0, 6),),
    ),
    "attendance.fct_attendance_daily": MartRules(
        key=("employee_id", "work_date"),
        non_negative=("scheduled_minutes", "worked_minutes", "late_minutes", "overtime_minutes"),
        value_sets=(("day_type", ("workday", "rest_day", "holiday")),),
    ),
    "payroll.fct_payslips": MartRules(
        key=("employee_id", "pay_month"),
        not_null=("department_id", "gross_pay_yuan", "net_pay_yuan"),
        non_negative=(
            "contract_base_yuan",
            "base_pay_yuan",
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
        ),
        ranges=(("performance_coefficient", 0, 3),),
        net_pay_identity=True,
    ),
    "payroll.fct_department_pay_costs_by_scenario": MartRules(
        key=("scenario_id", "department_id", "pay_month"),
        non_negative=(
            "headcount",
            "base_pay_yuan",
            "night_allowance_yuan",
            "overtime_pay_yuan",
            "gross_pay_yuan",
        ),
    ),
    "payroll.fct_training_plans": MartRules(
        key=("candidate_id", "course_code"),
        value_sets=(("plan_status", ("open", "passed")),),
    ),
    "compliance.fct_licence_status": MartRules(
        key=("employee_id", "licence_type"),
        not_null=("expires_on",),
        value_sets=(("status", ("valid", "expiring", "expired")),),
    ),
    "compliance.fct_bias_audit": MartRules(
        key=("audit_date", "category_type", "category"),
        non_negative=("applicants", "selected"),
        ratios=("selection_rate", "selection_impact_ratio", "scoring_rate", "scoring_impact_ratio"),
        value_sets=(("category_type", ("sex", "race_ethnicity", "intersectional")),),
        not_null=("is_below_four_fifths", "is_excluded"),
    ),
    "compliance.fct_archive_index": MartRules(
        key=("interview_id",),
        not_null=("candidate_id", "legal_hold"),
        value_sets=(("consent_status", ("granted", "refused", "missing")),),
    ),
    "compliance.fct_deletion_requests": MartRules(
        key=("request_id",),
        not_null=("candidate_id", "requested_at", "due_at", "is_overdue"),
        value_sets=(("request_status", ("open", "overdue", "blocked", "completed")),),
    ),
    "compliance.fct_access_log": MartRules(key=("event_id",), not_null=("accessed_at", "accessed_by")),
    "compliance.fct_consent_coverage": MartRules(
        key=("consent_purpose",),
        non_negative=("candidates", "granted_candidates", "scored_interviews", "scored_without_consent"),
        ratios=("consent_coverage_rate",),
    ),
    "compliance.fct_ai_event_log_retention": MartRules(
        key=("log_name",), non_negative=("event_count",), not_null=("is_retention_met",)
    ),
}


def mart_suite(mart: str, rules: MartRules) -> Any:
    """The GX suite of one mart (keys unique and not null, amounts, ratios, statuses, net pay identity)."""
    import great_expectations as gx

    from expectations.validate import gx_context

    gx_context()  # suites can only be built once a context exists
    e = gx.expectations
    suite = gx.ExpectationSuite(name=f"mart_{mart.replace('.', '__')}")
    if len(rules.key) == 1:
        suite.add_expectation(e.ExpectColumnValuesToBeUnique(column=rules.key[0]))
    else:
        suite.add_expectation(e.ExpectCompoundColumnsToBeUnique(column_list=list(rules.key)))
    for column in (*rules.key, *rules.not_null):
        suite.add_expectation(e.ExpectColumnValuesToNotBeNull(column=column))
    for column in rules.non_negative:
        suite.add_expectation(e.ExpectColumnValuesToBeBetween(column=column, min_value=0))
    for column in rules.ratios:
        suite.add_expectation(e.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=1))
    for column, low, high in rules.ranges:
        suite.add_expectation(e.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high))
    for column, values in rules.value_sets:
        suite.add_expectation(e.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)))
    if rules.net_pay_identity:
        suite.add_expectation(
            e.ExpectColumnPairValuesToBeEqual(column_A=NET_PAY_CENTS, column_B=NET_FROM_COMPONENTS_CENTS)
        )
    return suite


def _cents(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return int((Decimal(str(value)) * 100).to_integral_value())


def mart_frame(frame: pd.DataFrame, rules: MartRules) -> pd.DataFrame:
    """The mart as GX sees it: Decimal amounts as floats for ranges, exact cents for the net identity."""
    prepared = frame.copy()
    if rules.net_pay_identity:
        net = [_cents(v) for v in frame["net_pay_yuan"]]
        parts = zip(*(frame[c] for c in _NET_COMPONENTS), strict=True)
        expected = [
            None if any(p is None for p in row) else _cents(row[0] - row[1] - row[2] - row[3])
            for row in parts
        ]
        prepared[NET_PAY_CENTS] = pd.Series(net, dtype="Int64", index=frame.index)
        prepared[NET_FROM_COMPONENTS_CENTS] = pd.Series(expected, dtype="Int64", index=frame.index)
    for column in prepared.columns:
        if prepared[column].dtype == object and any(
            isinstance(v, Decimal) for v in prepared[column].head(20)
        ):
            prepared[column] = pd.to_numeric(prepared[column], errors="coerce").astype(float)
    return prepared


def validate_mart(mart: str, frame: pd.DataFrame) -> ValidationReport:
    rules = MART_RULES[mart]
    return validate(mart_frame(frame, rules), mart_suite(mart, rules), rules.key)


class GxMartsGate:
    """The gate `build_marts` runs on the new warehouse file: every mart with rules must pass its suite."""

    name = "great_expectations.marts"

    def __call__(self, warehouse_path: Path, marts: Sequence[str]) -> list[GateCheck]:
        import duckdb

        checks: list[GateCheck] = []
        with duckdb.connect(str(warehouse_path), read_only=True) as connection:
            for mart in marts:
                if mart not in MART_RULES:
                    checks.append(GateCheck(mart, -1, 0, False, "no expectation suite for this mart"))
                    continue
                # Through Arrow: Decimal amounts stay exact (DuckDB's df() would turn them into floats).
                frame = connection.table(mart).to_arrow_table().to_pandas()
                report = validate_mart(mart, frame)
                checks.append(
                    GateCheck(mart, report.row_count, report.evaluated, report.success, report.describe())
                )
        return checks
