"""`process-pending` on a real Dask distributed cluster, and one of its workers killed mid-run.

The test starts a scheduler and two workers as separate processes on 127.0.0.1 (the venv's `dask` CLI,
no nanny) and points `HIRELAKE_PIPELINE__DASK_SCHEDULER_ADDRESS` at the scheduler, exactly as workers on
other machines would be reached: the flow ships its tasks and settings over TCP and the workers import
the project's code themselves. The scheduler's task stream tells which worker ran which interview.

Once both workers hold an interview and one interview is past ingest, one worker is killed with
SIGKILL (by the PID the test started it with). The interview it held must be run again on the other
worker and finish; every interview ends processed, once, with no duplicate silver rows.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from hirelake.landing import pending_submissions
from hirelake.services.dask_cluster import DaskCluster, dask_cluster, log_tail
from hirelake.settings import Settings
from tests.faults.pipeline_faults import (
    assert_no_duplicate_rows,
    in_bucket,
    landed_lake,
    process_pending,
    tiny_hospital,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(420)]
BUCKET = "dask-worker-killed"


class WorkerKiller(threading.Thread):
    """Waits until both workers are busy and an ingest has finished, then SIGKILLs one busy worker."""

    def __init__(self, cluster: DaskCluster, client: Any, settings: Settings) -> None:
        super().__init__(daemon=True)
        self.cluster, self.client, self.settings = cluster, client, settings
        self.pids: dict[str, int] = client.run(os.getpid)  # worker address -> PID
        self.killed_address: str | None = None
        self.held: list[str] = []  # Dask keys the killed worker was processing
        self.busy: dict[str, list[str]] = {}  # worker address -> keys, when the kill was decided
        self.error: BaseException | None = None
        self.cancel = threading.Event()

    def run(self) -> None:
        from hirelake.lake import Lake

        lake = Lake(self.settings)
        try:
            while not self.cancel.wait(0.2):
                processing = {a: list(keys) for a, keys in self.client.processing().items() if keys}
                if len(processing) < 2 or not any(True for _ in lake.list("raw/interviews/")):
                    continue
                address = sorted(processing)[0]
                pid = self.pids[address]
                assert pid in self.cluster.worker_pids(), "only a worker this test started is killed"
                self.busy, self.killed_address, self.held = processing, address, processing[address]
                os.kill(pid, signal.SIGKILL)
                return
        except BaseException as exc:  # handed to the test thread, which asserts on it
            self.error = exc


def test_killed_dask_worker_interviews_finish_on_the_other_worker(
    store_settings: Settings, prefect_harness: None, tmp_path: Path
) -> None:
    from distributed import Client

    hospital = tiny_hospital(tmp_path / "hospital", seed=33, interviews=2)
    with dask_cluster(tmp_path / "dask", workers=2) as cluster:
        settings = in_bucket(store_settings, BUCKET, cluster.address)
        lake = landed_lake(settings, hospital)
        expected = {i.interview_id for i in hospital.media.interviews}
        with Client(cluster.address, timeout=30, set_as_default=False) as client:
            client.get_task_stream()  # installs the scheduler's task-stream plugin before any task runs
            started = time.time()
            killer = WorkerKiller(cluster, client, settings)
            assert set(killer.pids.values()) == cluster.worker_pids() != {os.getpid()}
            killer.start()
            try:
                outcomes = process_pending(settings)
            finally:
                killer.cancel.set()
                killer.join(timeout=30)
            assert killer.error is None, killer.error
            assert killer.killed_address is not None, f"no worker was killed\n{log_tail(cluster)}"
            stream = client.get_task_stream(start=started)
            survivors = set(client.scheduler_info()["workers"])

    # The run finished every interview although a worker died holding one of them.
    assert set(outcomes) == expected, outcomes
    assert {o.status for o in outcomes.values()} == {"processed"}, outcomes
    dead_worker = next(p for p in cluster.workers.values() if p.pid == killer.pids[killer.killed_address])
    assert dead_worker.returncode == -signal.SIGKILL
    assert killer.killed_address not in survivors and len(survivors) == 1

    # Where each interview ran, per the scheduler: the fan-out used separate worker processes, and
    # what the dead worker held was finished by the survivor.
    finished_on = {record["key"]: record["worker"] for record in stream if record.get("status") == "OK"}
    assert len(finished_on) == len(expected), finished_on
    assert set(finished_on.values()) <= set(killer.pids), "only the test's workers ran interviews"
    assert killer.held and all(finished_on[key] in survivors for key in killer.held), (killer.held, stream)
    assert set(killer.busy) == set(killer.pids)  # both worker processes ran interviews at the same time

    assert pending_submissions(lake) == []
    for interview_id in expected:
        assert lake.exists(f"silver/_stages/{interview_id}/speech.json"), interview_id
    assert_no_duplicate_rows(lake)
