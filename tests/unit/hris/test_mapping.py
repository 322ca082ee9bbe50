"""Field mapping: the shipped default, a user's override, and clear errors when it does not fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from hirelake.hris import HrisFileConnector, MappingError, load_mapping
from hirelake.hris.schema import ENTITIES
from hirelake.hris.steps import read_entity

POSITIONS = (
    "job_code,title_zh,dept_code,role_family,grade_band,competencies,legacy_flag\n"
    "J1,急诊科护士,DEP-ED,nurse,N1|N2,emergency_response|night_shift_fitness,x\n"
)


def test_default_maps_every_canonical_field_to_itself() -> None:
    mapping = load_mapping()
    assert set(mapping.entities) == set(ENTITIES) and len(ENTITIES) == 19
    for name, schema in ENTITIES.items():
        fields = mapping.for_entity(name)
        assert fields.source == name and dict(fields.fields) == {c: c for c in schema.column_names}


def test_an_override_renames_fields_and_keeps_the_rest(tmp_path: Path) -> None:
    override = tmp_path / "mapping.yaml"
    override.write_text(
        "entities:\n  positions:\n    source: jobs\n    fields:\n"
        "      job_code: position_id\n      dept_code: department_id\n",
        encoding="utf-8",
    )
    (tmp_path / "jobs.csv").write_text(POSITIONS, encoding="utf-8")
    mapping = load_mapping(override)
    table = read_entity(HrisFileConnector(tmp_path), mapping, "positions")
    row = table.rows[0]
    assert row["position_id"] == "J1" and row["department_id"] == "DEP-ED" and row["title_zh"] == "急诊科护士"
    assert table.ignored_fields == ("legacy_flag",)
    assert "duties_en" in table.missing_fields and "title_en" in table.missing_fields
    assert table.originals[0]["job_code"] == "J1"
    assert mapping.origin == f"default + {override}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("entities:\n  staff:\n    fields: {a: b}\n", "unknown entity 'staff'"),
        ("entities:\n  positions:\n    fields: {dept: dept_id}\n", "unknown field 'dept_id'"),
        ("entities:\n  positions:\n    fields: {a: title_zh, b: title_zh}\n", "keep one"),
        ("just text", "top-level `entities:`"),
        ("entities: [\n", "not valid YAML"),
    ],
)
def test_a_bad_override_is_explained(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=message) as caught:
        load_mapping(path)
    assert str(path) in str(caught.value)


def test_a_missing_mapping_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="HIRELAKE_HRIS__MAPPING_PATH"):
        load_mapping(tmp_path / "nope.yaml")


def test_a_required_field_the_source_lacks_refuses_that_table_and_is_named(tmp_path: Path) -> None:
    (tmp_path / "positions.csv").write_text(POSITIONS, encoding="utf-8")
    mapped = read_entity(HrisFileConnector(tmp_path), load_mapping(), "positions")
    assert mapped.rows == () and mapped.refused is not None
    message = mapped.refused
    assert "position_id (from source field 'position_id')" in message and "department_id" in message
    assert "job_code" in message and "HIRELAKE_HRIS__MAPPING_PATH" in message
