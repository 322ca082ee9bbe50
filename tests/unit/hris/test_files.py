"""The file connector: UTF-8 with or without BOM, GBK refused or decoded, formulas never evaluated."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from hirelake.hris import HrisFileConnector, HrisSourceError, PythonColumnGate, load_mapping
from hirelake.hris.steps import check_entity, read_entity, reference_index

HEADER = "grade_code,role_family,title_zh,title_en,base_salary_cents,starting_performance_coefficient\n"
ROWS = "P1,clinical_physician,住院医师,Resident Physician,620000,0.8\nN1,nurse,护士,Nurse,480000,0.8\n"


def _write(folder: Path, text: str, encoding: str, bom: bytes = b"") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "grades.csv"
    path.write_bytes(bom + text.encode(encoding))
    return path


def test_utf8_with_and_without_bom_read_the_same(tmp_path: Path) -> None:
    plain = HrisFileConnector(_write(tmp_path / "a", HEADER + ROWS, "utf-8").parent).read("grades")
    bom = HrisFileConnector(_write(tmp_path / "b", HEADER + ROWS, "utf-8", b"\xef\xbb\xbf").parent).read(
        "grades"
    )
    assert plain.columns == bom.columns and plain.columns[0] == "grade_code"
    assert [r.values for r in plain.rows] == [r.values for r in bom.rows]
    assert plain.rows[0].values["title_zh"] == "住院医师"


def test_gbk_csv_is_refused_with_the_file_and_the_fix(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + ROWS, "gbk")
    with pytest.raises(HrisSourceError) as caught:
        HrisFileConnector(tmp_path).read("grades")
    message = str(caught.value)
    assert (
        str(path) in message and "not valid utf-8" in message and "line 3" in message
    )  # 住院医师 in GBK happens to be valid UTF-8
    assert "HIRELAKE_HRIS__CSV_ENCODING" in message and "gbk" in message


def test_gbk_csv_is_decoded_when_the_encoding_is_configured(tmp_path: Path) -> None:
    _write(tmp_path, HEADER + ROWS, "gbk")
    table = HrisFileConnector(tmp_path, encoding="gbk").read("grades")
    assert table.rows[1].values["title_zh"] == "护士"


def test_unknown_encoding_is_named(tmp_path: Path) -> None:
    with pytest.raises(HrisSourceError, match="Unknown CSV encoding 'klingon'"):
        HrisFileConnector(tmp_path, encoding="klingon")


def test_formula_cells_reject_their_row_and_injection_text_is_kept(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "grades"
    sheet.append(HEADER.strip().split(","))
    sheet.append(["P1", "clinical_physician", "住院医师", "Resident", 620000, 0.8])
    sheet.append(["P2", "clinical_physician", "主治医师", "Attending", "=B2*2", 0.8])
    sheet.append(["P3", "clinical_physician", "=cmd|' /C calc'!A0", "Associate", 1050000, 0.8])
    sheet["C4"].data_type = "s"  # typed in as text: looks like a formula, is not one
    workbook.save(tmp_path / "grades.xlsx")

    mapping = load_mapping()
    source = HrisFileConnector(tmp_path)
    table = read_entity(source, mapping, "grades")
    checked = check_entity(table, reference_index({"grades": table}), PythonColumnGate())

    assert [r.get("grade_code") for r in checked.accepted] == ["P1", "P3"]
    assert checked.accepted[0]["base_salary_cents"] == "620000"
    assert checked.accepted[1]["title_zh"] == "=cmd|' /C calc'!A0"
    (rejection,) = checked.rejections
    assert rejection.line == 3 and rejection.key == "P2" and rejection.column == "base_salary_cents"
    assert "Excel formula (=B2*2) in cell E3" in rejection.reason and "never evaluated" in rejection.reason
    assert '"=B2*2"' in rejection.original
