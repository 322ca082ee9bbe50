"""`hirelake marts list` on a warehouse file, and the --var parsing of `build` (no dbt, no store)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from hirelake.marts_cli import _variables, marts_app


def test_list_shows_row_counts_of_the_served_marts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIRELAKE_DATA_DIR", str(tmp_path))
    warehouse = tmp_path / "warehouse" / "hirelake.duckdb"
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create schema payroll; create table payroll.fct_payslips as select 1 as x")
    result = CliRunner().invoke(marts_app, ["list"])
    assert result.exit_code == 0, result.output
    assert "payroll.fct_payslips" in result.output
    assert "recruiting.fct_interview_reports" not in result.output  # not in this (older) warehouse


def test_list_without_a_warehouse_says_how_to_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIRELAKE_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(marts_app, ["list"])
    assert result.exit_code == 1
    assert "hirelake marts build" in result.output


def test_vars_parse_json_or_text() -> None:
    assert _variables(["deletion_due_days=30", "compliance_as_of_date=2026-03-31", "x=null"]) == {
        "deletion_due_days": 30,
        "compliance_as_of_date": "2026-03-31",
        "x": None,
    }
    with pytest.raises(typer.BadParameter):
        _variables(["no_equals_sign"])


def test_build_prints_rows_and_gate_results_and_fails_with_the_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.build_marts
    from hirelake.marts import GateCheck, MartsBuild, MartsBuildError

    monkeypatch.setenv("HIRELAKE_DATA_DIR", str(tmp_path))
    seen: dict[str, object] = {}

    def built(settings: object, variables: dict[str, object]) -> MartsBuild:
        # The flow itself runs in the integration test; here only the command's wiring.
        seen.update(variables)
        check = GateCheck("payroll.fct_payslips", 12, 30, True, "ok")
        return MartsBuild(
            "r1", tmp_path / "w.duckdb", {}, 300, (), 12.5, {"payroll.fct_payslips": 12}, (), (check,)
        )

    monkeypatch.setattr(flows.build_marts, "run_build_marts", built)
    # os.environ is process-wide: keep the Prefect settings of this test out of the others.
    monkeypatch.setattr("hirelake.services.prefect_server.apply_prefect_environment", lambda settings: None)
    result = CliRunner().invoke(marts_app, ["build", "--var", "compliance_as_of_date=2026-03-31"])
    assert result.exit_code == 0, result.output
    assert "payroll.fct_payslips" in result.output
    assert "passed (30 expectations)" in result.output
    assert seen == {"compliance_as_of_date": "2026-03-31"}

    def failed(settings: object, variables: dict[str, object]) -> MartsBuild:
        raise MartsBuildError("gate refused", ("gate.payroll.fct_payslips: net off by a cent",))

    monkeypatch.setattr(flows.build_marts, "run_build_marts", failed)
    result = CliRunner().invoke(marts_app, ["build"])
    assert result.exit_code == 1
    assert "gate refused" in result.output
