"""`hirelake process` killed with SIGKILL mid-run, then run again: the work finishes, nothing doubles,
and the decrypted media the killed run was working on does not stay on disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hirelake.lake import Lake
from hirelake.landing import pending_submissions
from hirelake.schemas import SILVER_TABLES
from hirelake.scratch import scratch_root
from hirelake.settings import Settings
from hirelake.synth.hospital import HospitalConfig, generate_hospital
from hirelake.synth.to_lake import load_hospital

pytestmark = [pytest.mark.integration, pytest.mark.slow]
BUCKET = "killed-run"


def _env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "HIRELAKE_DATA_DIR": str(settings.data_dir),
        "HIRELAKE_STORE__ENDPOINT": settings.store.endpoint,
        "HIRELAKE_STORE__BUCKET": BUCKET,
        "HIRELAKE_PIPELINE__DASK_WORKERS": "1",
    }


def _start(settings: Settings) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "hirelake"), "process"],
        env=_env(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the Dask workers with it
    )


def test_sigkill_mid_run_then_rerun_completes_without_duplicates(
    store_settings: Settings, tmp_path: Path
) -> None:
    settings = store_settings.model_copy(
        update={"store": store_settings.store.model_copy(update={"bucket": BUCKET})}
    )
    lake = Lake(settings)
    lake.client.make_bucket(BUCKET)
    hospital = generate_hospital(
        tmp_path / "hospital",
        HospitalConfig(seed=9, employees=20, candidates=12, interviews=2, months=1, languages=("en",)),
    )
    load_hospital(lake, hospital, hospital.hr.period_end)

    run = _start(settings)
    deadline = time.monotonic() + 400
    while not any(e.key.endswith("/speech.json") for e in lake.list("silver/_stages/")):
        assert run.poll() is None, "the run ended before any interview finished its speech stage"
        assert time.monotonic() < deadline, "no interview finished its speech stage in time"
        time.sleep(0.5)
    os.killpg(run.pid, signal.SIGKILL)  # by the group the test itself started
    run.wait(timeout=30)
    left = list(scratch_root(settings).iterdir())
    assert left, "the killed run was working on an interview: its scratch folder is left behind"

    rerun = _start(settings)
    assert rerun.wait(timeout=600) == 0
    assert not any(folder.exists() for folder in left), "the killed run's decrypted media is still on disk"

    for interview in hospital.media.interviews:
        for stage in ("speech", "vision"):
            assert lake.exists(f"silver/_stages/{interview.interview_id}/{stage}.json"), (interview, stage)
    assert pending_submissions(lake) == []
    connection = lake.duckdb()
    for table in SILVER_TABLES.values():
        if not any(True for _ in lake.list(f"silver/{table.name}/")):
            continue
        keys = ", ".join(table.key_columns)
        total, distinct = connection.execute(
            f"select count(*), count(distinct ({keys})) from read_parquet('{table.glob(BUCKET)}')"
        ).fetchone()  # type: ignore[misc]
        assert total == distinct, f"duplicate rows in silver/{table.name}"
