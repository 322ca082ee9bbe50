"""`sync_hris` on a generated hospital: the declared defects rejected, raw layout kept, re-runs idle."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from expectations.hris import GxColumnGate
from hirelake.hris import HrisFileConnector, PythonColumnGate, load_mapping, sync_hris
from hirelake.hris.steps import check_entity, entities_offered, read_entity, reference_index
from hirelake.hris.store import parquet_bytes
from hirelake.raw_zone import raw_table_key, read_csv_as_text
from hirelake.settings import Settings
from hirelake.synth.hr import HrSynthResult

from .conftest import FakeLake

DAY = date(2026, 2, 1)


def _declared(result: HrSynthResult) -> set[tuple[str, int, str]]:
    document = json.loads(result.defects_path.read_text(encoding="utf-8"))
    return {(d["table"], d["line"], d["key"]) for d in document["defects"]}


def _rejected(lake: FakeLake) -> set[tuple[str, int, str]]:
    found: set[tuple[str, int, str]] = set()
    for entry in lake.list("quarantine/hris/"):
        entity = entry.key.split("/")[2]
        for row in lake.read_parquet(entry.key).to_pylist():
            found.add((entity, row["row"], row["key"]))
    return found


@pytest.fixture(scope="module")
def synced(tiny_hr: HrSynthResult) -> tuple[FakeLake, Any]:
    lake = FakeLake()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    report = sync_hris(settings, lake, HrisFileConnector(tiny_hr.out_dir), DAY)  # type: ignore[arg-type]
    return lake, report


def test_exactly_the_declared_defects_are_rejected(
    tiny_hr: HrSynthResult, synced: tuple[FakeLake, Any]
) -> None:
    lake, report = synced
    declared = _declared(tiny_hr)
    assert len({t for t, _, _ in declared}) == 8  # every table the generator spoils is present
    assert _rejected(lake) == declared
    assert report.rejected == len(declared)
    assert report.accepted + report.rejected == sum(tiny_hr.row_counts.values())
    assert len(report.entities) == 19


def test_rejections_carry_row_key_column_reason_and_original(synced: tuple[FakeLake, Any]) -> None:
    lake, report = synced
    rows = lake.read_parquet(
        f"quarantine/hris/employees/load_date={DAY.isoformat()}/rejected.parquet"
    ).to_pylist()
    grade = next(r for r in rows if r["column"] == "grade_code")
    assert "is not in the grades table" in grade["reason"]
    assert json.loads(grade["original"])["employee_id"] == grade["key"]
    assert report.entity("employees").first_reasons


def test_accepted_rows_keep_the_raw_zone_layout(tiny_hr: HrSynthResult, synced: tuple[FakeLake, Any]) -> None:
    lake, _ = synced
    for entity in ("positions", "org_units", "grades"):  # tables without declared defects
        expected = read_csv_as_text(tiny_hr.out_dir / f"{entity}.csv")
        landed = lake.objects[raw_table_key("hris", entity, DAY)]
        assert landed == parquet_bytes(expected)  # what land_csv wrote, byte for byte
    employees = lake.read_parquet(raw_table_key("hris", "employees", DAY))
    assert set(employees.schema.types) == {pa.string()}


def test_the_sync_report_is_filed(synced: tuple[FakeLake, Any]) -> None:
    lake, report = synced
    document = lake.get_json("raw/hris/_syncs/2026-02-01/files.json")
    assert report.report_key == "raw/hris/_syncs/2026-02-01/files.json"
    assert document["totals"] == {"accepted": report.accepted, "rejected": report.rejected}
    assert document["entities"]["positions"]["accepted"] == 20
    assert document["source_kind"] == "files" and document["started_at"] <= document["finished_at"]
    assert set(document["objects"]) == set(lake.objects) - {report.report_key}


def test_a_second_run_writes_nothing(tiny_hr: HrSynthResult, synced: tuple[FakeLake, Any]) -> None:
    lake, _ = synced
    before = dict(lake.objects)
    puts = len(lake.puts)
    again = sync_hris(Settings(_env_file=None), lake, HrisFileConnector(tiny_hr.out_dir), DAY)  # type: ignore[arg-type, call-arg]
    assert again.unchanged and again.written == ()
    assert lake.objects == before and len(lake.puts) == puts


def test_a_changed_source_rewrites_only_what_changed(tiny_hr: HrSynthResult, tmp_path: Path) -> None:
    lake = FakeLake()
    folder = tmp_path / "hr"
    folder.mkdir()
    for name in ("grades", "org_units", "positions"):
        (folder / f"{name}.csv").write_bytes((tiny_hr.out_dir / f"{name}.csv").read_bytes())
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    sync_hris(settings, lake, HrisFileConnector(folder), DAY)  # type: ignore[arg-type]
    grades = (folder / "grades.csv").read_text(encoding="utf-8")
    (folder / "grades.csv").write_text(grades.replace(",0.8\n", ",-0.8\n", 1), encoding="utf-8")
    second = sync_hris(settings, lake, HrisFileConnector(folder), DAY)  # type: ignore[arg-type]
    assert set(second.written) == {
        raw_table_key("hris", "grades", DAY),
        f"quarantine/hris/grades/load_date={DAY.isoformat()}/rejected.parquet",
    }
    (folder / "grades.csv").write_text(grades, encoding="utf-8")
    third = sync_hris(settings, lake, HrisFileConnector(folder), DAY)  # type: ignore[arg-type]
    assert third.removed == (f"quarantine/hris/grades/load_date={DAY.isoformat()}/rejected.parquet",)
    assert not any(k.startswith("quarantine/") for k in lake.objects)


def test_great_expectations_gate_rejects_the_same_rows_for_the_same_reasons(tiny_hr: HrSynthResult) -> None:
    source, mapping = HrisFileConnector(tiny_hr.out_dir), load_mapping()
    tables = {n: read_entity(source, mapping, n) for n in entities_offered(source, mapping)}
    index = reference_index(tables)
    gx_gate, python_gate = GxColumnGate(), PythonColumnGate()
    for name, table in tables.items():
        by_gx = check_entity(table, index, gx_gate).rejections
        by_python = check_entity(table, index, python_gate).rejections
        assert by_gx == by_python, name
