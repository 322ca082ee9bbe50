"""`hirelake synth --to-lake`: the HRIS hand-over lands in raw/ as text (declared defects quarantined),
interview plans are saved, recordings land for ingest."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from hirelake.interview_plans import load_plan
from hirelake.lake import Lake
from hirelake.landing import pending_submissions
from hirelake.raw_zone import raw_table_key
from hirelake.settings import Settings
from hirelake.synth.hospital import HospitalConfig, generate_hospital
from hirelake.synth.to_lake import load_hospital

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_generated_hospital_lands_in_the_lake(store_settings: Settings, tmp_path: Path) -> None:
    config = HospitalConfig(seed=11, employees=40, candidates=12, interviews=2, months=1, languages=("en",))
    result = generate_hospital(tmp_path / "hospital", config)
    lake = Lake(store_settings)
    summary = load_hospital(lake, result, date(2026, 11, 27))

    csv_rows = {f.table: f.rows for f in result.hr.files if f.format == "csv"}
    defects = Counter(d.table for d in result.hr.defects)
    assert summary.rejected == dict(defects)
    assert summary.tables == {table: rows - defects[table] for table, rows in csv_rows.items()}
    employees = lake.read_parquet(raw_table_key("hris", "employees", date(2026, 11, 27)))
    assert employees.num_rows == csv_rows["employees"] - defects["employees"]
    assert set(employees.schema.types) == {employees.schema.field(0).type}  # every column kept as text

    landed = {s.interview_id: s for s in pending_submissions(lake)}
    for interview in result.media.interviews:
        submission = landed[interview.interview_id]
        assert submission.candidate_id == interview.candidate_id
        assert lake.get_bytes(submission.media_key) == interview.media_path.read_bytes()
        plan = load_plan(lake, interview.interview_id)
        assert plan is not None and plan.question_ids == interview.question_ids
    broken = [key for key in landed if key.startswith("broken-")]
    assert len(broken) == summary.broken_submissions == len(result.media.broken) - 1
