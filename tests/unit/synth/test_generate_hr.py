from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from hirelake.hashing import sha256_file
from hirelake.synth.hr import HrSynthConfig, HrSynthResult
from hirelake.synth.hr.contracts import max_probation_months

from .hr_validator import SMALL, Tables, declared_defects, find_defects, read_tables


def _bytes(hr_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(hr_dir.iterdir())}


def test_same_seed_gives_identical_bytes(
    small_run: HrSynthResult, run_again: Callable[[HrSynthConfig], HrSynthResult]
) -> None:
    first = _bytes(small_run.out_dir)
    second = _bytes(run_again(SMALL).out_dir)
    assert first.keys() == second.keys()
    assert {n for n in first if n.endswith(".xlsx")}, "XLSX files are part of the determinism check"
    assert [n for n in first if first[n] != second[n]] == []


def test_other_seed_changes_the_data(
    small_run: HrSynthResult, run_again: Callable[[HrSynthConfig], HrSynthResult]
) -> None:
    other = run_again(SMALL.model_copy(update={"seed": 8}))
    assert (other.out_dir / "employees.csv").read_bytes() != (
        small_run.out_dir / "employees.csv"
    ).read_bytes()


def test_candidate_tables_do_not_depend_on_the_employee_count(
    small_run: HrSynthResult, run_again: Callable[[HrSynthConfig], HrSynthResult]
) -> None:
    bigger = run_again(SMALL.model_copy(update={"employees": 90}))
    for name in ("candidates.csv", "applications.csv", "consents.csv", "positions.csv", "calendar.csv"):
        assert (bigger.out_dir / name).read_bytes() == (small_run.out_dir / name).read_bytes(), name


def test_xlsx_timestamps_are_pinned_to_the_reference_date(small_run: HrSynthResult) -> None:
    path = small_run.out_dir / "employees.xlsx"
    stamp = datetime(2026, 3, 1)  # noqa: DTZ001 - XLSX core properties are naive UTC; midnight after the period
    with zipfile.ZipFile(path) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 3, 1, 0, 0, 0)}
    workbook = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    assert workbook.properties.created == stamp
    assert workbook.properties.modified == stamp
    rows = list(workbook["employees"].iter_rows(values_only=True))
    assert rows[0][0] == "employee_id"
    assert len(rows) - 1 == small_run.row_counts["employees"]
    workbook.close()


def test_manifest_lists_every_file_with_its_hash(small_run: HrSynthResult) -> None:
    manifest = json.loads(small_run.manifest_path.read_text(encoding="utf-8"))
    assert manifest["seed"] == SMALL.seed
    assert manifest["config"]["employees"] == SMALL.employees
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.name for p in small_run.out_dir.iterdir()} - {"manifest.json", "defects.json"}
    assert set(listed) == on_disk
    for name, entry in listed.items():
        assert entry["sha256"] == sha256_file(small_run.out_dir / name)
    assert manifest["row_counts"]["employees"] == small_run.row_counts["employees"]
    assert manifest["defects"]["sha256"] == sha256_file(small_run.defects_path)


def test_large_tables_get_csv_only(run_again: Callable[[HrSynthConfig], HrSynthResult]) -> None:
    result = run_again(SMALL.model_copy(update={"xlsx_max_rows": 500, "employees": 20, "candidates": 10}))
    names = {p.name for p in result.out_dir.iterdir()}
    assert "clock_events.csv" in names
    assert "clock_events.xlsx" not in names
    assert "employees.xlsx" in names
    manifest = json.loads(result.manifest_path.read_text(encoding="utf-8"))
    assert "clock_events" in {s["table"] for s in manifest["xlsx_skipped"]}


def test_declared_defects_are_exactly_the_defects_present(
    small_run: HrSynthResult, small_tables: Tables
) -> None:
    declared = declared_defects(small_run.out_dir)
    assert {(d["table"], d["line"], d["kind"]) for d in declared} == find_defects(small_tables)
    for d in declared:
        row = small_tables[str(d["table"])][int(str(d["line"])) - 2]
        assert row[str(d["key_column"])] == d["key"]
        assert row[str(d["column"])] == str(d["value"]) or float(row[str(d["column"])]) == float(
            str(d["value"])
        )
    kinds = Counter(str(d["kind"]) for d in declared)
    expected = {
        "duplicate_id",
        "bad_date",
        "unknown_grade_code",
        "negative_hours",
        "clock_out_before_clock_in",
    }
    assert set(kinds) == expected
    total_rows = sum(small_run.row_counts.values())
    assert len(declared) < 0.03 * total_rows  # a small share, as declared


def test_no_defects_when_the_rate_is_zero(run_again: Callable[[HrSynthConfig], HrSynthResult]) -> None:
    result = run_again(SMALL.model_copy(update={"defect_rate": 0.0}))
    assert declared_defects(result.out_dir) == []
    assert find_defects(read_tables(result.out_dir)) == set()


def _clean(tables: Tables, defect_lines: set[tuple[str, int]], table: str) -> list[dict[str, str]]:
    return [row for i, row in enumerate(tables[table]) if (table, i + 2) not in defect_lines]


def test_referential_integrity_of_clean_rows(small_run: HrSynthResult, small_tables: Tables) -> None:
    bad = {(str(d["table"]), int(str(d["line"]))) for d in declared_defects(small_run.out_dir)}
    t = small_tables
    units = {r["org_unit_id"]: r for r in t["org_units"]}
    positions = {r["position_id"] for r in t["positions"]}
    employees = {r["employee_id"]: r for r in _clean(t, bad, "employees")}
    all_employee_ids = {r["employee_id"] for r in t["employees"]}
    candidates = {r["candidate_id"] for r in t["candidates"]}
    shifts = {r["shift_id"]: r for r in t["shifts"]}
    assert all(r["parent_id"] in units for r in t["org_units"] if r["parent_id"])
    for row in employees.values():
        assert row["position_id"] in positions
        assert units[row["department_id"]]["level"] == "department"
        assert not row["ward_id"] or units[row["ward_id"]]["parent_id"] == row["department_id"]
    for table in ("contracts", "licences", "training_records", "tax_deductions", "leave_records", "shifts"):
        assert all(r["employee_id"] in all_employee_ids for r in _clean(t, bad, table)), table
    for row in _clean(t, bad, "clock_events"):
        assert shifts[row["shift_id"]]["employee_id"] == row["employee_id"]
    for table in ("applications", "consents", "candidate_demographics"):
        assert all(r["candidate_id"] in candidates for r in _clean(t, bad, table)), table
    assert all(r["position_id"] in positions for r in t["applications"])


def test_hired_candidates_become_employees(small_run: HrSynthResult, small_tables: Tables) -> None:
    hired = {r["candidate_id"]: r for r in small_tables["applications"] if r["outcome"] == "hired"}
    linked = {r["candidate_id"]: r for r in small_tables["employees"] if r["candidate_id"]}
    assert hired and set(hired) == set(linked)
    for candidate_id, employee in linked.items():
        assert employee["hire_date"] == hired[candidate_id]["hire_date"]
        assert employee["position_id"] == hired[candidate_id]["position_id"]
    records = {c.candidate_id: c for c in small_run.candidates}
    assert {c.candidate_id for c in small_run.candidates if c.employee_id} == set(hired)
    assert all(records[c].employee_id == linked[c]["employee_id"] for c in linked)
    assert any(not c.consent_biometric for c in small_run.candidates)
    assert all(type(c.outcome) is str and type(c.sex) is str for c in small_run.candidates)


def test_contracts_respect_probation_law(small_tables: Tables) -> None:
    for row in small_tables["contracts"]:
        term = int(row["term_months"]) if row["term_months"] else None
        assert int(row["probation_months"]) <= max_probation_months(term)
        assert (row["contract_type"] == "open_ended") == (term is None)


def test_position_dna_for_the_emergency_nurse(small_run: HrSynthResult) -> None:
    nurse = next(p for p in small_run.positions if p.department_id == "DEP-ED" and p.role_family == "nurse")
    assert nurse.title_zh == "急诊科护士"
    assert nurse.department_name_zh == "急诊科"
    assert nurse.competencies == ("emergency_response", "night_shift_fitness", "patient_communication")
    assert nurse.required_licences == ("nurse_practising_certificate",)


def test_attendance_has_the_mess_of_real_clocks(small_tables: Tables) -> None:
    def at(text: str) -> datetime:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007 - wall-clock times

    shifts = {r["shift_id"]: r for r in small_tables["shifts"]}
    punches: dict[str, Counter[str]] = {}
    late = overtime = 0
    for row in small_tables["clock_events"]:
        punches.setdefault(row["shift_id"], Counter())[row["direction"]] += 1
        shift = shifts[row["shift_id"]]
        minutes_late = (at(row["event_at"]) - at(shift["planned_start_at"])).total_seconds() / 60
        minutes_over = (at(row["event_at"]) - at(shift["planned_end_at"])).total_seconds() / 60
        late += row["direction"] == "in" and minutes_late > 5
        overtime += row["direction"] == "out" and minutes_over > 30
    assert any(c["in"] == 0 or c["out"] == 0 for c in punches.values()), "missing punches"
    assert any(c["in"] > 1 or c["out"] > 1 for c in punches.values()), "double swipes"
    assert late > 0 and overtime > 0
    day_types = Counter(r["day_type"] for r in small_tables["shifts"])
    assert day_types["holiday"] > 0 and day_types["rest_day"] > 0
    assert small_tables["leave_records"]
    night = [r for r in small_tables["shifts"] if r["shift_code"] == "N12"]
    assert night and all(r["planned_end_at"][:10] > r["shift_date"] for r in night)


def test_licences_expiring_and_expired(small_run: HrSynthResult, small_tables: Tables) -> None:
    as_of = small_run.period_end
    expiries = []
    for row in small_tables["licences"]:
        try:
            expiries.append(date.fromisoformat(row["expiry_date"]))
        except ValueError:
            continue  # a declared bad_date defect
    assert any(e < as_of for e in expiries), "some licences already expired"
    assert any(0 <= (e - as_of).days < 60 for e in expiries), "some licences expire within 60 days"


@pytest.mark.parametrize(
    "update",
    [{"employees": 0}, {"employees": 10_001}, {"start_month": "2025-12"}, {"months": 13}, {"languages": ()}],
)
def test_config_refuses_what_it_cannot_generate(update: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        HrSynthConfig(**update)  # type: ignore[arg-type]


def test_progress_reports_every_stage(
    run_again: Callable[[HrSynthConfig], HrSynthResult], tmp_path: Path
) -> None:
    from hirelake.synth.hr import generate_hr

    stages: list[str] = []
    generate_hr(
        tmp_path,
        SMALL.model_copy(update={"employees": 5, "candidates": 3, "months": 1}),
        progress=lambda stage, done, total: stages.append(stage),
    )
    assert stages[0] == "reference" and stages[-1] == "export"
    assert {"candidates", "employees", "attendance", "defects"} <= set(stages)


def _as_csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_every_xlsx_holds_the_same_rows_as_its_csv(small_run: HrSynthResult, small_tables: Tables) -> None:
    for path in sorted(small_run.out_dir.glob("*.xlsx")):
        workbook = load_workbook(path, read_only=True)
        rows = list(workbook[path.stem].iter_rows(values_only=True))
        workbook.close()
        csv_rows = small_tables[path.stem]
        assert list(rows[0]) == list(csv_rows[0]), path.name
        assert [[_as_csv_text(v) for v in row] for row in rows[1:]] == [list(r.values()) for r in csv_rows], (
            path.name
        )


@pytest.mark.slow
def test_output_does_not_depend_on_the_interpreter_hash_seed(
    small_run: HrSynthResult, tmp_path: Path
) -> None:
    script = (
        "import sys; from pathlib import Path; from hirelake.synth.hr import HrSynthConfig, generate_hr; "
        "generate_hr(Path(sys.argv[1]), HrSynthConfig.model_validate_json(sys.argv[2]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), SMALL.model_dump_json()], check=True, env=env
    )
    assert _bytes(tmp_path / "hr") == _bytes(small_run.out_dir)


def test_a_year_scales_in_bounded_time(run_again: Callable[[HrSynthConfig], HrSynthResult]) -> None:
    started = time.perf_counter()
    result = run_again(HrSynthConfig(seed=3, employees=300, candidates=50, months=12, xlsx_max_rows=0))
    assert time.perf_counter() - started < 15
    rows = result.row_counts
    assert 300 * 365 * 0.5 < rows["shifts"] < 300 * 365 * 0.8
    assert 1.9 * rows["shifts"] < rows["clock_events"] < 2.2 * rows["shifts"]
    assert not list(result.out_dir.glob("*.xlsx"))
