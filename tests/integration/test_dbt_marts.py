"""The dbt marts (issue 6) built by `hirelake.marts.build_marts` from a generated hospital in the real store.

In a bucket and data directory of this module's own: a small hospital (200 employees, two months, the
generator's declared defects included) lands in raw/hris/, dbt builds the marts into a new DuckDB file,
swaps it in and exports the marts to marts/ in the lake. That first build sees a fresh lake (no scores,
decisions or events yet). Then interview scores and events are written the way the platform writes them
(tests/integration/marts_fixtures.py) and the `build-marts` flow rebuilds with its Great Expectations
gate; a build whose mart breaks a suite is refused and the previous warehouse keeps serving.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from hirelake.lake import Lake
from hirelake.marts import DBT_PROJECT_DIR, EXPORTED_MARTS, MartsBuild, MartsBuildError, build_marts
from hirelake.raw_zone import land_csv
from hirelake.settings import Settings
from hirelake.synth.hr import HrSynthConfig, HrSynthResult, generate_hr
from hirelake.warehouse import run_read_only_query
from tests.integration.marts_fixtures import (
    AS_OF,
    CANDIDATES,
    HIRED,
    REJECTED,
    WAITING,
    WrittenFixtures,
    write_interview_fixtures,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BUCKET = "dbt-marts-it"
LOAD_DATE = date(2026, 3, 1)
OLD_LOAD_DATE = date(2026, 2, 1)

CONTRACT_COLUMNS = {
    "attendance.dim_employment": [
        "employee_id", "department_id", "grade_code", "hire_date", "contract_term_months",
        "probation_months", "probation_end_date",
    ],
    "attendance.fct_attendance_daily": [
        "employee_id", "work_date", "day_type", "shift_code", "is_night_shift", "scheduled_minutes",
        "worked_minutes", "late_minutes", "is_absent", "overtime_minutes",
    ],
    "payroll.fct_payslips": [
        "employee_id", "pay_month", "department_id", "grade_code", "is_probation", "contract_base_yuan",
        "base_pay_yuan", "performance_coefficient", "night_shift_count", "night_allowance_yuan",
        "overtime_pay_yuan", "gross_pay_yuan", "social_insurance_yuan", "housing_fund_yuan",
        "special_deduction_yuan", "ytd_taxable_income_yuan", "ytd_tax_yuan", "income_tax_yuan",
        "net_pay_yuan",
    ],
    "compliance.fct_licence_status": [
        "employee_id", "licence_type", "licence_number", "expires_on", "status",
    ],
    "compliance.fct_bias_audit": [
        "audit_date", "category_type", "category", "applicants", "selected", "selection_rate",
        "selection_impact_ratio", "scoring_rate", "scoring_impact_ratio", "is_below_four_fifths",
        "is_excluded", "exclusion_reason",
    ],
    "recruiting.fct_interview_reports": [
        "interview_id", "candidate_id", "position_id", "interviewed_at", "language", "total_score",
        "recommendation", "needs_review", "flags", "weights_version", "bank_version", "final_decision",
        "decided_by", "decided_at",
    ],
    "compliance.fct_archive_index": [
        "candidate_id", "employee_id", "interview_id", "media_uri", "report_uri", "consent_status",
        "retention_until", "legal_hold", "deleted_at",
    ],
    "compliance.fct_deletion_requests": [
        "request_id", "candidate_id", "requested_at", "due_at", "completed_at", "is_overdue",
    ],
}  # fmt: skip
REQUIRED_UNIT_TESTS = {
    "income_tax_cumulative_withholding_tax_authority_example",
    "night_shift_crossing_midnight_belongs_to_its_start_date",
    "probation_months_follow_the_contract_term",
    "probation_pay_floor",
    "overtime_pay_multipliers_by_day_type",
    "social_insurance_on_the_clamped_base",
    "bias_audit_regulator_example",
    "bias_audit_scoring_rate_is_the_share_above_the_median",
    "deletion_due_in_thirty_days_overdue_and_blocked_by_legal_hold",
    "archive_retention_two_years_for_candidates_not_hired",
    "archive_retention_follows_the_jurisdiction",
    "performance_coefficient_after_probation_and_training_gate",
    "candidate_scores_prefer_the_hire_decisions_score_set",
    "interview_report_takes_the_current_set_and_its_latest_review",
}


@pytest.fixture(scope="module")
def marts_settings(store_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The session's store with a bucket and a data directory (warehouse, dbt target) of this module's own."""
    data_dir = tmp_path_factory.mktemp("dbt-marts-data")
    shutil.copytree(store_settings.secrets_dir, data_dir / "secrets")  # the store's keys, modes kept
    settings = store_settings.model_copy(
        update={"data_dir": data_dir, "store": store_settings.store.model_copy(update={"bucket": BUCKET})}
    )
    lake = Lake(settings)
    if not lake.client.bucket_exists(BUCKET):
        lake.client.make_bucket(BUCKET)
    return settings


@pytest.fixture(scope="module")
def hospital(tmp_path_factory: pytest.TempPathFactory) -> HrSynthResult:
    config = HrSynthConfig(seed=11, employees=200, candidates=150, months=2, xlsx_max_rows=0)
    return generate_hr(tmp_path_factory.mktemp("dbt-marts-hospital"), config)


@pytest.fixture(scope="module")
def built(
    marts_settings: Settings, hospital: HrSynthResult, tmp_path_factory: pytest.TempPathFactory
) -> MartsBuild:
    lake = Lake(marts_settings)
    for exported in hospital.files:
        land_csv(lake, source="hris", entity=exported.table, path=hospital.out_dir / exported.path,
                 load_date=LOAD_DATE)  # fmt: skip
    # An older, smaller snapshot of employees: the marts must read only the newest one.
    old = tmp_path_factory.mktemp("old-snapshot") / "employees.csv"
    lines = (hospital.out_dir / "employees.csv").read_text(encoding="utf-8").splitlines()
    old.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    land_csv(lake, source="hris", entity="employees", path=old, load_date=OLD_LOAD_DATE)
    return build_marts(marts_settings)


@pytest.fixture
def warehouse(built: MartsBuild) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(built.warehouse_path), read_only=True)
    yield connection
    connection.close()


def test_marts_have_exactly_the_contract_columns(warehouse: duckdb.DuckDBPyConnection) -> None:
    for relation, expected in CONTRACT_COLUMNS.items():
        schema, table = relation.split(".")
        columns = [
            row[0]
            for row in warehouse.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [schema, table],
            ).fetchall()
        ]
        if relation.startswith(("attendance.", "payroll.")):
            assert columns == expected, relation
        else:  # recruiting, compliance: the contract's columns first, helpful extras allowed after them
            assert columns[: len(expected)] == expected, relation


def test_dbt_build_ran_the_unit_tests_and_they_passed(built: MartsBuild, marts_settings: Settings) -> None:
    results = json.loads((marts_settings.data_dir / "dbt" / "target" / "run_results.json").read_text())
    unit_tests = {r["unique_id"].split(".")[-1]: r["status"] for r in results["results"]
                  if r["unique_id"].startswith("unit_test.")}  # fmt: skip
    assert set(unit_tests) >= REQUIRED_UNIT_TESTS
    assert set(unit_tests.values()) == {"pass"}
    statuses = {r["status"] for r in results["results"]}
    assert statuses <= {"success", "pass", "warn", "no-op"}  # no-op: the exposures
    assert built.nodes == len(results["results"])


def test_payslips_net_is_gross_minus_deductions_and_tax_to_the_cent(
    built: MartsBuild, marts_settings: Settings
) -> None:
    payslips = Lake(marts_settings).read_parquet("marts/payroll/fct_payslips.parquet").to_pylist()
    assert len(payslips) > 300  # ~200 employees x 2 months
    for row in payslips:
        net = (
            row["gross_pay_yuan"]
            - row["social_insurance_yuan"]
            - row["housing_fund_yuan"]
            - row["income_tax_yuan"]
        )
        assert row["net_pay_yuan"] == net
        assert isinstance(row["net_pay_yuan"], Decimal)
        assert row["net_pay_yuan"].as_tuple().exponent == -2
        assert row["income_tax_yuan"] >= 0
        assert row["ytd_tax_yuan"] >= row["income_tax_yuan"]
        assert row["pay_month"].day == 1
    assert {row["performance_coefficient"] for row in payslips if row["is_probation"]} == {Decimal("0.80")}
    assert sum(row["night_allowance_yuan"] for row in payslips) > 0


def test_marts_are_exported_to_the_lake(built: MartsBuild, warehouse: duckdb.DuckDBPyConnection,
                                        marts_settings: Settings) -> None:  # fmt: skip
    lake = Lake(marts_settings)
    expected = {f"{d}.{m}" for d, models in EXPORTED_MARTS.items() for m in models}
    assert set(built.exported) == expected
    for name, uri in built.exported.items():
        schema, table = name.split(".")
        key = uri.removeprefix(f"s3://{BUCKET}/")
        assert key == f"marts/{schema}/{table}.parquet"
        rows = warehouse.execute(f'select count(*) from "{schema}"."{table}"').fetchone()
        assert rows is not None
        assert lake.read_parquet(key).num_rows == rows[0]


def test_marts_read_the_newest_snapshot_only(
    warehouse: duckdb.DuckDBPyConnection, hospital: HrSynthResult
) -> None:
    employees = warehouse.execute("select count(*) from attendance.dim_employment").fetchone()
    assert employees is not None
    assert employees[0] > 190  # the newest snapshot (200 rows less its defects), not the 5-row older one
    days = warehouse.execute(
        "select day_type, count(*) from attendance.fct_attendance_daily "
        "where work_date in (date '2026-01-01', date '2026-01-04', date '2026-02-17') group by day_type"
    ).fetchall()
    assert {kind for kind, _ in days} == {"holiday", "workday"}  # 01-04 is a make-up working Sunday


def test_hirelake_sql_reads_the_served_marts_and_views(built: MartsBuild, marts_settings: Settings) -> None:
    payslips = run_read_only_query(marts_settings, "select count(*) as n from payroll.fct_payslips")
    assert payslips.column("n")[0].as_py() > 0
    staged = run_read_only_query(marts_settings, "select count(*) as n from staging.stg_hris__grades")
    assert staged.column("n")[0].as_py() == 12


def test_failing_build_names_the_node_and_keeps_the_previous_warehouse(
    built: MartsBuild, marts_settings: Settings, tmp_path: Path
) -> None:
    project = tmp_path / "dbt"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    model = project / "models" / "staging" / "hris" / "stg_hris__employees.sql"
    model.write_text(model.read_text().replace("        candidate_id,", "        no_such_column,", 1))
    before = hashlib.sha256(built.warehouse_path.read_bytes()).hexdigest()

    with pytest.raises(MartsBuildError) as failure:
        build_marts(marts_settings, project_dir=project)

    assert any(f.startswith("model.hirelake.stg_hris__employees") for f in failure.value.failures)
    assert "stg_hris__employees" in str(failure.value)
    assert hashlib.sha256(built.warehouse_path.read_bytes()).hexdigest() == before
    assert not list(built.warehouse_path.parent.glob(".build-*"))


# --- recruiting and compliance marts on scores and events written the platform's way ------------------


def test_a_fresh_lake_builds_with_empty_recruiting_marts(built: MartsBuild) -> None:
    # The first build saw only the HRIS extract: no silver scores, decisions, requests or access events.
    assert built.row_counts["recruiting.fct_interview_reports"] == 0
    assert built.row_counts["compliance.fct_deletion_requests"] == 0
    assert built.row_counts["compliance.fct_access_log"] == 0
    assert built.row_counts["compliance.fct_ai_event_log_retention"] == 6  # one row per log, zero events
    assert built.row_counts["payroll.fct_payslips"] > 300


@pytest.fixture(scope="module")
def interviews_built(
    built: MartsBuild, marts_settings: Settings, prefect_harness: None
) -> tuple[MartsBuild, WrittenFixtures]:
    from flows.build_marts import run_build_marts

    written = write_interview_fixtures(Lake(marts_settings))
    build = run_build_marts(marts_settings, {"compliance_as_of_date": AS_OF.isoformat()})
    return build, written


def _rows(settings: Settings, sql: str) -> list[dict[str, object]]:
    return run_read_only_query(settings, sql).to_pylist()


def test_build_marts_flow_gates_every_mart_and_summarises(
    interviews_built: tuple[MartsBuild, WrittenFixtures],
) -> None:
    from flows.build_marts import summary_markdown

    build, _ = interviews_built
    assert build.gate == "great_expectations.marts"
    assert {c.mart for c in build.checks} == {f"{d}.{m}" for d, ms in EXPORTED_MARTS.items() for m in ms}
    assert all(c.passed for c in build.checks), [c.detail for c in build.checks if not c.passed]
    assert build.row_counts["recruiting.fct_interview_reports"] == 3
    summary = summary_markdown(build)
    assert "| recruiting.fct_interview_reports | 3 |" in summary
    assert len(build.checks) == 14
    assert "**Great Expectations**: 14 of 14 marts passed" in summary
    assert "**dbt tests**" in summary


def test_interview_report_is_the_current_score_set_with_the_reviewers_decision(
    interviews_built: tuple[MartsBuild, WrittenFixtures], marts_settings: Settings
) -> None:
    (row,) = _rows(
        marts_settings, f"select * from recruiting.fct_interview_reports where interview_id = '{HIRED}'"
    )
    assert row["score_key"] == "k-new"  # the later of two score sets
    assert row["weights_version"] == 2
    assert row["total_score"] == Decimal("74.50")
    assert row["recommendation"] == "hold"
    assert row["final_decision"] == "recommend"  # the reviewer's override
    assert row["decided_by"] == "wang.fang"
    assert row["flags"] == "confidentiality_deviation, second_voice"
    (waiting,) = _rows(
        marts_settings, f"select * from recruiting.fct_interview_reports where interview_id = '{WAITING}'"
    )
    assert waiting["final_decision"] is None
    (override,) = _rows(marts_settings, "select * from recruiting.fct_review_overrides")
    assert override["interview_id"] == HIRED
    assert override["is_on_current_score_set"] is True
    assert "call bell" in str(override["review_reason"])


def test_archive_index_links_the_hire_and_keeps_rejected_candidates_two_years(
    interviews_built: tuple[MartsBuild, WrittenFixtures], marts_settings: Settings
) -> None:
    rows = {r["interview_id"]: r for r in _rows(marts_settings, "select * from compliance.fct_archive_index")}
    assert set(rows) == {HIRED, REJECTED, WAITING}
    hired = rows[HIRED]
    assert hired["employee_id"] == "E000170"  # the HRIS employee who carries the candidate id
    assert hired["retention_until"] is None
    assert hired["media_uri"] == f"s3://{BUCKET}/raw/media/{HIRED}/sha-{HIRED}.mp4"
    assert hired["report_uri"] == f"s3://{BUCKET}/reports/{HIRED}/k-new.zh.html"
    rejected = rows[REJECTED]
    assert rejected["retention_until"] == date(2028, 1, 20)  # rejection 2026-01-20 + 24 months
    assert rejected["deleted_at"] is not None
    assert rows[WAITING]["legal_hold"] is True
    assert {r["consent_status"] for r in rows.values()} <= {"granted", "refused", "missing"}


def test_deletion_requests_due_in_30_days_overdue_and_held(
    interviews_built: tuple[MartsBuild, WrittenFixtures], marts_settings: Settings
) -> None:
    _, written = interviews_built
    rows = {
        r["request_id"]: r for r in _rows(marts_settings, "select * from compliance.fct_deletion_requests")
    }
    overdue = rows[written.overdue_request_id]
    assert overdue["is_overdue"] is True
    assert overdue["due_at"] - overdue["requested_at"] == timedelta(days=30)
    blocked = rows[written.blocked_request_id]
    assert blocked["is_overdue"] is False
    assert blocked["is_blocked_by_legal_hold"] is True
    assert "legal hold" in str(blocked["blocked_reason"])
    done = rows[written.completed_request_id]
    assert (done["request_status"], done["is_overdue"]) == ("completed", False)


def test_training_plan_bias_scoring_access_and_log_retention(
    interviews_built: tuple[MartsBuild, WrittenFixtures], marts_settings: Settings
) -> None:
    (plan,) = _rows(marts_settings, "select * from payroll.fct_training_plans")
    assert (plan["candidate_id"], plan["course_code"], plan["plan_status"]) == (
        CANDIDATES[HIRED],
        "patient_communication",
        "open",
    )
    scored = _rows(marts_settings, "select * from compliance.fct_bias_audit where scoring_rate is not null")
    assert scored  # the scoring rate now reads the lake's interview scores
    access = _rows(marts_settings, "select * from compliance.fct_access_log order by accessed_at")
    assert [a["access_action"] for a in access] == ["open_recording", "open_report"]
    assert {a["candidate_id"] for a in access} == {CANDIDATES[HIRED]}
    logs = {
        r["log_name"]: r for r in _rows(marts_settings, "select * from compliance.fct_ai_event_log_retention")
    }
    assert logs["interview_scores"]["event_count"] == 4
    assert logs["access_log"]["is_retention_met"] is True
    exported = Lake(marts_settings).read_parquet("marts/recruiting/fct_interview_reports.parquet")
    assert exported.num_rows == 3


def test_gx_gate_refuses_a_broken_mart_and_the_previous_warehouse_keeps_serving(
    interviews_built: tuple[MartsBuild, WrittenFixtures], marts_settings: Settings, tmp_path: Path
) -> None:
    from flows.build_marts import failure_markdown, run_build_marts

    build, _ = interviews_built
    project = tmp_path / "dbt"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    model = project / "models" / "marts" / "compliance" / "fct_consent_coverage.sql"
    broken = model.read_text().replace(
        "round(counted.granted_candidates /", "round(2 * counted.granted_candidates /"
    )
    assert broken != model.read_text()
    model.write_text(broken)  # coverage rates above 1: no dbt test catches it, the GX suite must
    before = hashlib.sha256(build.warehouse_path.read_bytes()).hexdigest()

    with pytest.raises(MartsBuildError) as failure:
        run_build_marts(marts_settings, {"compliance_as_of_date": AS_OF.isoformat()}, project)

    assert failure.value.failures[0].startswith("gate.compliance.fct_consent_coverage")
    assert "expect_column_values_to_be_between" in str(failure.value)
    assert hashlib.sha256(build.warehouse_path.read_bytes()).hexdigest() == before
    assert not list(build.warehouse_path.parent.glob(".build-*"))
    assert "FAILED" in failure_markdown(failure.value)
    served = _rows(
        marts_settings, "select max(consent_coverage_rate) as rate from compliance.fct_consent_coverage"
    )
    assert served[0]["rate"] <= 1
