"""The Great Expectations gate on the marts, on small DuckDB files (no dbt, no store)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from expectations.marts import MART_RULES, GxMartsGate

PAYSLIP_COLUMNS = """
    employee_id varchar, pay_month date, department_id varchar, contract_base_yuan decimal(14,2),
    base_pay_yuan decimal(14,2), performance_coefficient decimal(4,2), night_shift_count integer,
    night_allowance_yuan decimal(14,2), overtime_pay_yuan decimal(14,2), gross_pay_yuan decimal(14,2),
    social_insurance_yuan decimal(14,2), housing_fund_yuan decimal(14,2),
    special_deduction_yuan decimal(14,2),
    ytd_taxable_income_yuan decimal(14,2), ytd_tax_yuan decimal(14,2), income_tax_yuan decimal(14,2),
    net_pay_yuan decimal(14,2)
"""


def _warehouse(path: Path, net: str, impact_ratio: str) -> Path:
    with duckdb.connect(str(path)) as c:
        c.execute("create schema payroll; create schema compliance")
        c.execute(f"create table payroll.fct_payslips ({PAYSLIP_COLUMNS})")
        c.execute(
            "insert into payroll.fct_payslips values ('E1', date '2026-01-01', 'D1', 30000, 30000, 0.8, 2,"
            f" 200, 0, 30000.10, 3300, 1200, 2000, 18500, 555, 555, {net})"
        )
        c.execute(
            "create table compliance.fct_bias_audit as select date '2026-03-31' as audit_date, 'sex' as"
            " category_type, 'F' as category, 80 as applicants, 48 as selected, 0.6 as selection_rate,"
            f" {impact_ratio} as selection_impact_ratio, null::decimal(7,4) as scoring_rate,"
            " null::decimal(7,4) as scoring_impact_ratio, false as is_below_four_fifths, false as is_excluded"
        )
    return path


MARTS = ["payroll.fct_payslips", "compliance.fct_bias_audit"]


def test_correct_marts_pass(tmp_path: Path) -> None:
    checks = GxMartsGate()(_warehouse(tmp_path / "w.duckdb", "24945.10", "1.0"), MARTS)
    assert [c.passed for c in checks] == [True, True], [c.detail for c in checks]
    assert checks[0].rows == 1
    assert checks[0].evaluated > 10


@pytest.mark.parametrize(
    ("net", "ratio", "failing", "expectation"),
    [
        ("24945.11", "1.0", "payroll.fct_payslips", "expect_column_pair_values_to_be_equal"),
        ("24945.10", "1.5", "compliance.fct_bias_audit", "expect_column_values_to_be_between"),
    ],
)
def test_a_cent_off_or_a_ratio_above_one_fails(
    tmp_path: Path, net: str, ratio: str, failing: str, expectation: str
) -> None:
    checks = {c.mart: c for c in GxMartsGate()(_warehouse(tmp_path / "w.duckdb", net, ratio), MARTS)}
    assert not checks[failing].passed
    assert expectation in checks[failing].detail
    assert all(c.passed for name, c in checks.items() if name != failing)


def test_every_exported_mart_has_rules_and_unknown_marts_fail_closed(tmp_path: Path) -> None:
    from hirelake.marts import exported_mart_names

    assert set(exported_mart_names()) <= set(MART_RULES)
    (check,) = GxMartsGate()(_warehouse(tmp_path / "w.duckdb", "24945.10", "1.0"), ["payroll.nope"])
    assert not check.passed


def test_empty_mart_passes(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as c:
        c.execute("create schema payroll")
        c.execute(f"create table payroll.fct_payslips ({PAYSLIP_COLUMNS})")
    (check,) = GxMartsGate()(path, ["payroll.fct_payslips"])
    assert check.passed, check.detail
    assert check.rows == 0
