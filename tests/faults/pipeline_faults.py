"""What the pipeline fault tests share: a tiny hospital, a lake per bucket, and a snapshot to compare.

Interviews are kept few and short (one answer each, no broken set) so a run on two busy cores takes
seconds per interview; the models still run for real.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from flows.interview import InterviewOutcome
from flows.pipeline import run_process_pending
from hirelake.lake import Lake
from hirelake.landing import pending_submissions
from hirelake.quarantine import quarantined
from hirelake.schemas import SILVER_TABLES
from hirelake.settings import Settings
from hirelake.synth.hospital import HospitalResult, interview_candidates
from hirelake.synth.hr import HrSynthConfig, generate_hr
from hirelake.synth.media import MediaSynthConfig, generate_interviews
from hirelake.synth.to_lake import load_hospital


def tiny_hospital(out_dir: Path, *, seed: int, interviews: int) -> HospitalResult:
    hr = generate_hr(
        out_dir,
        HrSynthConfig(seed=seed, employees=30, candidates=16, months=1, languages=("en",), xlsx_max_rows=0),
    )
    refs = interview_candidates(hr.candidates, hr.positions, interviews, seed)
    short = MediaSynthConfig(
        seed=seed, interviews=len(refs), languages=("en",), answers_per_interview=1,
        broken_media=False, integrity_share=0.0, face_absent_share=0.0, webm_share=0.0,
    )  # fmt: skip
    media = generate_interviews(
        out_dir,
        short,
        refs,
    )
    return HospitalResult(out_dir, hr, media)


def in_bucket(settings: Settings, bucket: str, dask_address: str | None = None) -> Settings:
    return settings.model_copy(
        update={
            "store": settings.store.model_copy(update={"bucket": bucket}),
            "pipeline": settings.pipeline.model_copy(update={"dask_scheduler_address": dask_address}),
        }
    )


def landed_lake(settings: Settings, hospital: HospitalResult) -> Lake:
    lake = Lake(settings)
    if not lake.client.bucket_exists(lake.bucket):
        lake.client.make_bucket(lake.bucket)
    load_hospital(lake, hospital, hospital.hr.period_end)
    return lake


def process_pending(settings: Settings) -> dict[str, InterviewOutcome]:
    """`process-pending` as `hirelake process` runs it: the flow reads its Settings from the environment."""
    env = {
        "HIRELAKE_DATA_DIR": str(settings.data_dir),
        "HIRELAKE_STORE__ENDPOINT": settings.store.endpoint,
        "HIRELAKE_STORE__BUCKET": settings.store.bucket,
        "HIRELAKE_PIPELINE__DASK_WORKERS": "1",
        "HIRELAKE_PIPELINE__DASK_SCHEDULER_ADDRESS": settings.pipeline.dask_scheduler_address or "",
    }
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        return {o.interview_id: o for o in run_process_pending(Settings())}


@dataclass(frozen=True)
class LakeSnapshot:
    media: dict[str, str]  # raw/media key -> sha256 of the stored bytes
    ingest_records: frozenset[str]
    silver_rows: dict[str, int]  # silver Parquet key -> rows
    stage_records: frozenset[str]
    landing: tuple[str, ...]
    quarantine: tuple[str, ...]


def snapshot(lake: Lake) -> LakeSnapshot:
    media = {e.key: hashlib.sha256(lake.get_bytes(e.key)).hexdigest() for e in lake.list("raw/media/")}
    silver = [e.key for e in lake.list("silver/")]
    return LakeSnapshot(
        media=media,
        ingest_records=frozenset(e.key for e in lake.list("raw/interviews/")),
        silver_rows={k: lake.read_parquet(k).num_rows for k in silver if k.endswith(".parquet")},
        stage_records=frozenset(k for k in silver if k.startswith("silver/_stages/")),
        landing=tuple(s.interview_id for s in pending_submissions(lake)),
        quarantine=tuple(r.key for r in quarantined(lake)),
    )


def assert_no_duplicate_rows(lake: Lake) -> None:
    connection = lake.duckdb()
    try:
        for table in SILVER_TABLES.values():
            if not any(True for _ in lake.list(f"silver/{table.name}/")):
                continue
            keys = ", ".join(table.key_columns)
            total, distinct = connection.execute(
                f"select count(*), count(distinct ({keys})) from read_parquet('{table.glob(lake.bucket)}')"
            ).fetchone()  # type: ignore[misc]
            assert total == distinct, f"duplicate rows in silver/{table.name}"
    finally:
        connection.close()
