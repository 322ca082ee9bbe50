"""Submission records written into landing by other systems or by hand are checked as `submit_media`
checks what it writes: a record that cannot be trusted is quarantined with its reason and left in
place, the valid ones beside it go on, and a fixed record goes through on the next run."""

from __future__ import annotations

import json
from typing import Any, cast

import pytest

from flows.pipeline import LANDING_STAGE, valid_submissions
from hirelake.lake import Lake
from hirelake.landing import PREFIX, scan_landing
from hirelake.quarantine import quarantined
from tests.unit.assessment.memory_lake import MemoryLake

VALID = {
    "interview_id": "IV-1",
    "candidate_id": "C000001",
    "position_id": "POS001",
    "media_name": "interview.mp4",
    "language": "zh",
    "submitted_at": "2026-11-27T08:00:00+00:00",
}


def _record(folder: str, drop: str = "", **changes: Any) -> bytes:
    """VALID moved into `folder`, with one field dropped or changed."""
    record = {k: v for k, v in (VALID | {"interview_id": folder}).items() if k != drop}
    return json.dumps(record | changes).encode()


# folder, raw record bytes, words the reason must contain
BAD_RECORDS: list[tuple[str, bytes, str]] = [
    ("IV-2", b"{not json", "not valid JSON"),
    ("IV-3", b"\xff\xfe\x00b\x00a\x00d", "not UTF-8 text"),
    ("IV-4", b"[1, 2]", "JSON object"),
    ("IV-5", _record("IV-5", drop="candidate_id"), "lacks candidate_id"),
    ("IV-6", _record("IV-6", extra=1), "unknown fields extra"),
    ("IV-7", _record("IV-7", candidate_id=7), "candidate_id must be text"),
    ("IV-8", _record("IV-8", candidate_id="../../etc/passwd"), "candidate id"),
    ("IV-9", _record("IV-9", position_id="P1; rm -rf /"), "position id"),
    ("IV-10", _record("IV-10", interview_id="IV-1"), "lies in folder 'IV-10'"),
    ("..", _record(".."), "interview id"),
    ("IV-11", _record("IV-11", media_name="../raw/x.mp4"), "not a plain file name"),
    ("IV-12", _record("IV-12", language="x" * 500), "not a language code"),
    ("IV-13", _record("IV-13", candidate_id="C1\n"), "candidate id"),
    ("IV-14", b" " * 100_000 + _record("IV-14"), "holds 100,"),
]


def _lake() -> MemoryLake:
    lake = MemoryLake()
    lake.put_json(f"{PREFIX}/IV-1/submission.json", VALID)
    for folder, raw, _words in BAD_RECORDS:
        lake.put_bytes(f"{PREFIX}/{folder}/submission.json", raw)
    return lake


def test_only_the_valid_record_is_read_and_each_bad_one_says_why() -> None:
    valid, invalid = scan_landing(cast(Lake, _lake()))
    assert [s.interview_id for s in valid] == ["IV-1"]
    reasons = {bad.folder: bad.reason for bad in invalid}
    assert set(reasons) == {folder for folder, _raw, _words in BAD_RECORDS}
    for folder, _raw, words in BAD_RECORDS:
        assert words in reasons[folder], (folder, reasons[folder])


@pytest.mark.parametrize(
    "record",
    [
        VALID,
        VALID | {"language": None},
        {k: v for k, v in VALID.items() if k not in ("language", "submitted_at")},
    ],
)
def test_records_as_submit_media_writes_them_are_accepted(record: dict[str, Any]) -> None:
    lake = MemoryLake()
    lake.put_json(f"{PREFIX}/IV-1/submission.json", record)
    valid, invalid = scan_landing(cast(Lake, lake))
    assert invalid == [] and [s.candidate_id for s in valid] == ["C000001"]


def test_bad_records_are_quarantined_left_in_place_and_released_once_fixed() -> None:
    lake = _lake()
    assert [s.interview_id for s in valid_submissions(cast(Lake, lake))] == ["IV-1"]
    records = {r.item_id: r for r in quarantined(cast(Lake, lake), LANDING_STAGE)}
    assert len(records) == len(BAD_RECORDS)
    assert "lacks candidate_id" in records["IV-5"].reason
    assert all("/" not in item_id and item_id != ".." for item_id in records)
    assert lake.exists(f"{PREFIX}/IV-5/submission.json"), "the record stays for a person to fix"

    again = valid_submissions(cast(Lake, lake))  # a re-run quarantines the same records once each
    assert [s.interview_id for s in again] == ["IV-1"]
    assert len(quarantined(cast(Lake, lake), LANDING_STAGE)) == len(BAD_RECORDS)

    lake.put_json(f"{PREFIX}/IV-5/submission.json", VALID | {"interview_id": "IV-5"})
    fixed = valid_submissions(cast(Lake, lake))
    assert [s.interview_id for s in fixed] == ["IV-1", "IV-5"]
    assert "IV-5" not in {r.item_id for r in quarantined(cast(Lake, lake), LANDING_STAGE)}
