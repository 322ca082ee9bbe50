"""GX gates on silver tables: clean rows pass, each kind of bad row is named with its key."""

from __future__ import annotations

import pyarrow as pa
import pytest

from expectations.silver import silver_suite, validate_silver
from hirelake.schemas import SILVER_TABLES, SPEAKER_TURNS

SHA = "0123456789abcdef" * 4


def _turns(count: int = 4) -> list[dict[str, object]]:
    return [
        {
            "interview_id": "iv-1",
            "media_sha256": SHA,
            "turn_index": index,
            "start_seconds": index * 2.0,
            "end_seconds": index * 2.0 + 1.5,
            "speaker": f"SPEAKER_{index % 2}",
            "role": "interviewer" if index % 2 == 0 else "candidate",
            "backend": "builtin",
        }
        for index in range(count)
    ]


def test_clean_rows_pass() -> None:
    report = validate_silver("speaker_turns", SPEAKER_TURNS.conform(_turns()))
    assert report.success, report.describe()
    assert report.row_count == 4


def test_each_defect_is_reported_with_the_offending_key() -> None:
    rows = _turns(6)
    rows[1]["role"] = "boss"
    rows[2]["end_seconds"] = 0.0  # ends before it starts
    rows[4]["turn_index"] = 3  # duplicate key
    report = validate_silver("speaker_turns", SPEAKER_TURNS.conform(rows))
    assert not report.success
    failures = {f.expectation: f for f in report.failures}
    assert failures["expect_column_values_to_be_in_set"].sample_keys == (
        {"interview_id": "iv-1", "turn_index": 1},
    )
    assert failures["expect_column_pair_values_a_to_be_greater_than_b"].sample_keys == (
        {"interview_id": "iv-1", "turn_index": 2},
    )
    assert failures["expect_compound_columns_to_be_unique"].unexpected_count == 2
    assert "boss" not in report.describe() and "turn_index" in report.describe()


def test_bad_media_hash_is_caught() -> None:
    rows = _turns(1)
    rows[0]["media_sha256"] = "not-a-hash"
    report = validate_silver("speaker_turns", SPEAKER_TURNS.conform(rows))
    assert [f.column for f in report.failures] == ["media_sha256"]


@pytest.mark.parametrize("name", sorted(SILVER_TABLES))
def test_every_silver_table_has_a_suite_that_accepts_an_empty_table(name: str) -> None:
    suite = silver_suite(name)
    assert len(suite.expectations) >= len(SILVER_TABLES[name].schema)
    empty = SILVER_TABLES[name].empty()
    assert isinstance(empty, pa.Table)
    assert validate_silver(name, empty).success


def test_conform_refuses_unknown_columns() -> None:
    rows = _turns(1)
    rows[0]["surprise"] = 1
    with pytest.raises(ValueError, match="surprise"):
        SPEAKER_TURNS.conform(rows)
