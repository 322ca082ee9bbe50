"""Throughput of `process-pending` as the Dask cluster grows: interviews per hour with 1, 2 and 4 workers,
on a LocalCluster and on a distributed cluster.

Run: .venv/bin/python -m bench.bench_scale [--interviews 12] [--workers 1 2 4]
     [--modes local distributed] [--out bench/results/scale.json]

- `local`: the flow starts a LocalCluster of N single-thread worker processes, as `hirelake process`
  does by default; the time includes the cluster's start and each worker's model load.
- `distributed`: a scheduler and N workers started as separate processes on 127.0.0.1 with the `dask`
  CLI (`hirelake.services.dask_cluster`, the helper the fault tests use), reached over TCP through
  `HIRELAKE_PIPELINE__DASK_SCHEDULER_ADDRESS` as workers on other machines would be. Two runs on the
  same cluster: `cold` (each worker loads its models on its first interview) and `warm` (the same
  interviews in a fresh bucket, models already loaded). The cluster's start is reported apart.

The interviews are `bench_pipeline`'s throughput set (`throughput_hospital`, ~75 s each, English, two
of twelve without consent), landed in a fresh bucket per run and timed with its `measure_throughput`.
Whisper's threads per worker are the machine's cores divided by the workers (at least one), as the
flow's resources do. The flow and every worker report to one `prefect server` the benchmark starts
(as in production), so every run finds it warm: the embedded default's ephemeral API starts with each
`process-pending` (`bench_load.py` measures that mode). Before the timed runs, one
`process-pending` on an empty bucket warms the server up. Peak RSS of the benchmark's process tree (without
the object store) is sampled every 0.5 s per run; the load average before and after each run is
recorded, since the machine may be shared.

Starts its own SeaweedFS and Prefect server on free ports in a temporary folder; everything started is
stopped at the end (by PID).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_pipeline import (
    Throughput,
    apply_prefect_settings,
    measure_throughput,
    run_pending,
    throughput_hospital,
    with_bucket,
)
from bench.process_tree import TreeSampler, load_average, machine, mib
from hirelake.services.dask_cluster import dask_cluster
from hirelake.services.prefect_server import start_prefect_server, stop_prefect_server
from hirelake.services.seaweedfs import start_seaweedfs, stop_seaweedfs
from hirelake.settings import Settings
from hirelake.synth.hospital import HospitalResult
from tests.helpers import isolated_settings

# Services the benchmark starts for every run alike: not part of a run's memory.
EXCLUDED = ("store", "prefect_api")


def _figures(run: Throughput) -> dict[str, Any]:
    return {
        "seconds": round(run.seconds, 1),
        "interviews_per_hour": round(run.per_hour, 1),
        "statuses": run.statuses,
    }


def _memory(sampler: TreeSampler) -> dict[str, Any]:
    peak = sampler.peak()
    return {
        "peak_rss_mb": mib(peak.total),
        "at_peak_mb": {k: mib(v) for k, v in peak.groups.items() if v},
    }


def local_run(settings: Settings, hospital: HospitalResult, workers: int) -> dict[str, Any]:
    before = load_average()
    sampler = TreeSampler(os.getpid(), exclude=EXCLUDED)
    sampler.start()
    try:
        run = measure_throughput(settings, hospital, f"scale-local-{workers}", workers)
    finally:
        sampler.stop()
    print(f"local {workers}: {run.seconds:.1f} s, {run.per_hour:.1f}/h {run.statuses}", flush=True)
    return {**_figures(run), **_memory(sampler), "load_before": before, "load_after": load_average()}


def distributed_run(
    settings: Settings, hospital: HospitalResult, workers: int, work_dir: Path
) -> dict[str, Any]:
    before = load_average()
    sampler = TreeSampler(os.getpid(), exclude=EXCLUDED)
    sampler.start()
    try:
        started = time.perf_counter()
        with dask_cluster(work_dir, workers) as cluster:
            start_seconds = time.perf_counter() - started
            cold = measure_throughput(settings, hospital, f"scale-dist-{workers}", workers, cluster.address)
            warm = measure_throughput(
                settings, hospital, f"scale-dist-{workers}-warm", workers, cluster.address
            )
    finally:
        sampler.stop()
    print(
        f"distributed {workers}: start {start_seconds:.1f} s, cold {cold.per_hour:.1f}/h, "
        f"warm {warm.per_hour:.1f}/h",
        flush=True,
    )
    return {
        "cluster_start_seconds": round(start_seconds, 1),
        "cold": _figures(cold),
        "warm": _figures(warm),
        "cold_interviews_per_hour_with_cluster_start": round(
            cold.interviews * 3600 / (start_seconds + cold.seconds), 1
        ),
        **_memory(sampler),
        "load_before": before,
        "load_after": load_average(),
    }


def _speedups(runs: dict[str, dict[str, Any]], pick: str | None = None) -> dict[str, float]:
    def per_hour(run: dict[str, Any]) -> float:
        figures: dict[str, Any] = run[pick] if pick else run
        return float(figures["interviews_per_hour"])

    if "1" not in runs:
        return {}
    base = per_hour(runs["1"])
    return {workers: round(per_hour(run) / base, 2) for workers, run in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--interviews", type=int, default=12)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    modes = ("local", "distributed")
    parser.add_argument("--modes", nargs="+", choices=modes, default=list(modes))
    parser.add_argument("--out", type=Path, default=Path("bench/results/scale.json"))
    args = parser.parse_args()
    load_before = load_average()
    local: dict[str, dict[str, Any]] = {}
    distributed: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="hirelake-scale-") as tmp:
        work = Path(tmp)
        settings = isolated_settings(work / "data")
        start_seaweedfs(settings)
        try:
            start_prefect_server(settings)
            apply_prefect_settings(settings)  # now with the server's URL
            hospital = throughput_hospital(work / "hospital", args.interviews)
            clock = time.perf_counter()
            run_pending(with_bucket(settings, "scale-warmup", 1))
            warmup_seconds = time.perf_counter() - clock
            for workers in args.workers if "local" in args.modes else []:
                local[str(workers)] = local_run(settings, hospital, workers)
            for workers in args.workers if "distributed" in args.modes else []:
                distributed[str(workers)] = distributed_run(
                    settings, hospital, workers, work / f"dask-{workers}"
                )
        finally:
            stop_prefect_server(settings)
            stop_seaweedfs(settings)
    result = {
        "machine": machine(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "interviews": len(hospital.media.interviews),
        "media_seconds": round(sum(i.duration_s for i in hospital.media.interviews), 1),
        "warmup_seconds": round(warmup_seconds, 1),
        "local": local,
        "local_speedup": _speedups(local),
        "distributed": distributed,
        "distributed_cold_speedup": _speedups(distributed, "cold"),
        "distributed_warm_speedup": _speedups(distributed, "warm"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
