"""What `process-pending` fans out: each task's arguments, and the Dask workers that run them.

Both were found by the load benchmark (bench/bench_load.py, 200 submissions at once): the whole consent
registry travelled with every task and stayed in the flow process while the task was queued, and Dask's
statistical profiler kept ~400 MB of stack samples per worker.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from flows.interview import RunContext
from flows.pipeline import dask_runner
from hirelake.consent import AI_EVALUATION, BIOMETRIC, ConsentRegistry
from hirelake.positions import PositionInfo
from hirelake.services.dask_cluster import cluster_environment
from hirelake.settings import Settings


def _context(candidates: int) -> RunContext:
    consents = {
        (f"C{i:06d}", purpose): i % 3 != 0
        for i in range(candidates)
        for purpose in (AI_EVALUATION, BIOMETRIC, "data_retention")
    }
    positions = {
        f"P{i:03d}": PositionInfo(f"P{i:03d}", "nurse", f"D{i:02d}", ("triage", "hygiene")) for i in range(40)
    }
    return RunContext(ConsentRegistry(consents), positions, "run-1")


def test_a_task_carries_only_its_candidate_and_position() -> None:
    full = _context(5_000)
    for candidate in ("C000001", "C000003"):  # one consenting, one refusing
        narrow = full.for_interview(candidate, "P007")
        for purpose in (AI_EVALUATION, BIOMETRIC):
            assert narrow.consents.status(candidate, purpose) == full.consents.status(candidate, purpose)
        assert narrow.consents.status("C000002", AI_EVALUATION) == "missing"
        assert narrow.positions == {"P007": full.positions["P007"]}
        assert narrow.run_id == "run-1"
    assert full.for_interview("C999999", "P999").consents.latest == {}
    assert full.for_interview("C999999", "P999").positions == {}
    # The same size whatever the hospital: what made the flow's memory grow with the queue.
    small, large = _context(50), _context(50_000)
    assert len(pickle.dumps(large.for_interview("C000001", "P001"))) == len(
        pickle.dumps(small.for_interview("C000001", "P001"))
    )


def _profiler_state(dask_worker: Any) -> tuple[bool, bool]:
    import dask

    return (
        bool(dask.config.get("distributed.worker.profile.enabled")),
        "profile" in dask_worker.periodic_callbacks,
    )


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_local_cluster_workers_run_without_the_profiler(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    kwargs = {**dask_runner(settings).cluster_kwargs, "n_workers": 1}
    with LocalCluster(**kwargs) as cluster, Client(cluster, set_as_default=False) as client:
        states = client.run(_profiler_state)
    assert list(states.values()) == [(False, False)]


def test_cli_started_workers_are_told_the_same(tmp_path: Path) -> None:
    assert cluster_environment(tmp_path)["DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"] == "False"
