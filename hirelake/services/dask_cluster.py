"""A Dask distributed cluster on this machine: scheduler and workers as separate processes.

The same shape as a cluster across machines (the flow reaches the scheduler over TCP, the workers
import the project's code themselves), on 127.0.0.1. The fault tests kill its workers; the scale
benchmark measures throughput on it. Point `HIRELAKE_PIPELINE__DASK_SCHEDULER_ADDRESS` at
`DaskCluster.address` to run `process-pending` on it.

Each process is started with the venv's `dask` CLI, held by the PID of the `Popen` that started it,
and stopped by that PID on exit (never by name). Workers run without a nanny, so the PID held is the
process that runs the tasks: killing it kills the worker for good.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# Where the workers import `hirelake`, `models` and `flows` from: this checkout.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DASK = str(Path(sys.executable).parent / "dask")


@dataclass
class DaskCluster:
    address: str
    work_dir: Path
    scheduler: subprocess.Popen[bytes]
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)  # name -> process

    def worker_pids(self) -> set[int]:
        return {process.pid for process in self.workers.values()}


def cluster_environment(work_dir: Path) -> dict[str, str]:
    """The environment the scheduler and workers start with."""
    path = os.environ.get("PYTHONPATH", "")
    return {
        **os.environ,
        # Workers unpickle the flow's tasks by module name, as a worker on another machine would.
        "PYTHONPATH": f"{PROJECT_ROOT}{os.pathsep}{path}" if path else str(PROJECT_ROOT),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": str(work_dir / "prefect-home"),
        # As the pipeline's LocalCluster workers (flows.pipeline.WORKER_CONFIG): no statistical profiler.
        "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
    }


def _spawn(argv: list[str], work_dir: Path, log_name: str) -> subprocess.Popen[bytes]:
    with (work_dir / log_name).open("ab") as log:
        return subprocess.Popen(
            argv,
            cwd=PROJECT_ROOT,
            env=cluster_environment(work_dir),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C of the caller reaches them only through its teardown
        )


def stop_process(process: subprocess.Popen[bytes], grace_seconds: float = 10.0) -> None:
    """SIGTERM by PID, SIGKILL after the grace period; always reaped."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def start_worker(cluster: DaskCluster, name: str) -> subprocess.Popen[bytes]:
    argv = [
        DASK, "worker", cluster.address,
        "--name", name, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard",
        "--memory-limit", "0", "--local-directory", str(cluster.work_dir / name),
        "--death-timeout", "30",  # a worker whose scheduler is gone stops by itself
    ]  # fmt: skip
    process = _spawn(argv, cluster.work_dir, f"{name}.log")
    cluster.workers[name] = process
    return process


def log_tail(cluster: DaskCluster, lines: int = 30) -> str:
    parts = []
    for log in sorted(cluster.work_dir.glob("*.log")):
        text = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        parts.append(f"--- {log.name}\n" + "\n".join(text))
    return "\n".join(parts)


@contextmanager
def dask_cluster(work_dir: Path, workers: int, ready_timeout: float = 120.0) -> Iterator[DaskCluster]:
    """Scheduler plus `workers` single-thread workers, each its own process; all stopped on exit."""
    from distributed import Client

    work_dir.mkdir(parents=True, exist_ok=True)
    scheduler_file = work_dir / "scheduler.json"
    argv = [
        DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
        "--scheduler-file", str(scheduler_file), "--idle-timeout", "600",
    ]  # fmt: skip
    scheduler = _spawn(argv, work_dir, "scheduler.log")
    cluster = DaskCluster(address="", work_dir=work_dir, scheduler=scheduler)
    try:
        deadline = time.monotonic() + ready_timeout
        while not cluster.address:
            if scheduler.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dask scheduler did not start:\n{log_tail(cluster)}")
            try:
                cluster.address = json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
            except (OSError, ValueError, KeyError):
                time.sleep(0.2)
        for index in range(workers):
            start_worker(cluster, f"worker-{index}")
        # distributed's Client.__init__ carries no annotations.
        with Client(cluster.address, timeout=30, set_as_default=False) as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(workers, timeout=max(1.0, deadline - time.monotonic()))
        yield cluster
    finally:
        for process in cluster.workers.values():
            stop_process(process)
        stop_process(scheduler)
