"""The object store stops in the middle of a `process-pending` run and starts again.

A store of the test's own (own ports, own data folder) holds two buckets with the same tiny hospital:
`clean` is processed undisturbed; `faulty` has its store stopped as soon as the interview is ingested
(its speech stage is then running) and started again once the worker has logged a failed attempt, so
the outage certainly hit a store call. The faulty run must either finish through its task retries
(which resume from the finished ingest) or fail with a clean LakeError; a re-run must complete; and
the faulty bucket
must end up holding exactly what the clean one holds: the same media objects with the same sha256, the
same ingest records, the same silver objects with the same row counts, nothing left in landing or
quarantine, and no duplicate silver rows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hirelake.errors import HirelakeError
from hirelake.services.dask_cluster import dask_cluster, log_tail
from hirelake.services.seaweedfs import start_seaweedfs, stop_seaweedfs
from hirelake.settings import Settings
from tests.faults.pipeline_faults import (
    assert_no_duplicate_rows,
    in_bucket,
    landed_lake,
    process_pending,
    snapshot,
    tiny_hospital,
)
from tests.helpers import isolated_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(420)]
FELT_WITHIN_SECONDS = 150.0


@pytest.fixture
def own_store(tmp_path: Path) -> Iterator[Settings]:
    settings = isolated_settings(tmp_path / "data")
    start_seaweedfs(settings)
    try:
        yield settings
    finally:
        stop_seaweedfs(settings)  # by the PID file the store was started with


class StoreOutage(threading.Thread):
    """Stops the store once the interview is ingested; starts it again once the task has felt it.

    "Felt" is the worker logging a failed attempt (a retry, or retries exhausted): the outage then
    certainly hit a store call, whatever the timing of the models on a busy machine.
    """

    def __init__(self, settings: Settings, watched: Settings, worker_log: Path) -> None:
        super().__init__(daemon=True)
        self.settings, self.watched, self.worker_log = settings, watched, worker_log
        self.stopped_at: float | None = None
        self.started_at: float | None = None
        self.felt = ""
        self.error: BaseException | None = None
        self.cancel = threading.Event()

    def _failed_attempt(self, offset: int) -> str:
        with self.worker_log.open("rb") as log:  # only what the worker logged since the stop
            log.seek(offset)
            text = log.read().decode("utf-8", errors="replace")
        return next((line for line in text.splitlines() if "Task run failed with" in line), "")

    def run(self) -> None:
        from hirelake.lake import Lake

        lake = Lake(self.watched)
        try:
            while not self.cancel.wait(0.2):
                if any(True for _ in lake.list("raw/interviews/")):
                    break
            else:
                return
            offset = self.worker_log.stat().st_size
            stop_seaweedfs(self.settings)
            self.stopped_at = time.monotonic()
            deadline = self.stopped_at + FELT_WITHIN_SECONDS
            while not self.felt and time.monotonic() < deadline and not self.cancel.is_set():
                time.sleep(0.5)
                self.felt = self._failed_attempt(offset)
            start_seaweedfs(self.settings)
            self.started_at = time.monotonic()
        except BaseException as exc:  # handed to the test thread, which asserts on it
            self.error = exc


def test_store_stopped_mid_run_then_rerun_loses_and_duplicates_nothing(
    own_store: Settings, prefect_harness: None, tmp_path: Path
) -> None:
    hospital = tiny_hospital(tmp_path / "hospital", seed=21, interviews=1)
    with dask_cluster(tmp_path / "dask", workers=1) as cluster:  # one warm worker for all three runs
        clean = in_bucket(own_store, "clean", cluster.address)
        faulty = in_bucket(own_store, "faulty", cluster.address)
        clean_lake, faulty_lake = landed_lake(clean, hospital), landed_lake(faulty, hospital)

        reference = process_pending(clean)
        assert {o.status for o in reference.values()} == {"processed"}, reference
        expected = snapshot(clean_lake)
        assert len(expected.media) == len(hospital.media.interviews)

        outage = StoreOutage(own_store, faulty, cluster.work_dir / "worker-0.log")
        outage.start()
        failure: BaseException | None = None
        try:
            first = process_pending(faulty)
        except Exception as exc:  # the retries ran out while the store was away: acceptable if clean
            failure, first = exc, {}
        finished_at = time.monotonic()
        outage.cancel.set()
        outage.join(timeout=120)
        assert outage.error is None, outage.error
        assert outage.stopped_at is not None and outage.started_at is not None, "the store was never stopped"
        assert outage.stopped_at < finished_at, "the run ended before the store went away"
        assert outage.felt, f"no task attempt failed while the store was away\n{log_tail(cluster)}"
        if failure is not None:
            # Failing is allowed; failing with a traceback from the HTTP layer is not.
            assert isinstance(failure, HirelakeError), repr(failure)
        else:
            assert {o.status for o in first.values()} <= {"processed", "cached"}, first

        rerun = process_pending(faulty)
        assert set(rerun) == set(reference), rerun
        assert {o.status for o in rerun.values()} <= {"processed", "cached"}, rerun

    after = snapshot(faulty_lake)
    assert after.media == expected.media  # same objects, same bytes: nothing lost, nothing stored twice
    assert all(key.split("/")[-1].startswith(sha) for key, sha in after.media.items())
    assert after.ingest_records == expected.ingest_records
    assert after.stage_records == expected.stage_records
    assert after.silver_rows == expected.silver_rows
    assert after.landing == () and after.quarantine == ()
    assert_no_duplicate_rows(faulty_lake)
