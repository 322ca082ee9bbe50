"""Resident memory (RSS) of a process and all its descendants, sampled in a background thread.

Shared by `bench_scale.py` and `bench_load.py`. Each process is put in a group by its command line
(the flow process itself, Dask workers, the Dask scheduler, the ephemeral Prefect API, the object
store, anything else such as ffmpeg), so a peak can be traced to what holds it. Summed RSS counts
pages shared between processes (libraries mapped by every worker) once per process: an upper bound
on what the tree really holds.
"""

from __future__ import annotations

import os
import platform
import threading
import time
from dataclasses import dataclass
from typing import Any

import psutil

GROUPS = ("flow", "dask_workers", "dask_scheduler", "prefect_api", "store", "other")


# (words in the command line, group), first match wins. LocalCluster workers are multiprocessing
# children (`spawn_main`); workers and the scheduler started with the `dask` CLI name themselves.
_RULES = (
    (("spawn_main",), "dask_workers"),
    (("dask", "worker"), "dask_workers"),
    (("dask", "scheduler"), "dask_scheduler"),
    (("uvicorn",), "prefect_api"),
    (("prefect",), "prefect_api"),
    (("weed",), "store"),
)


def group_of(process: psutil.Process, root_pid: int, root_group: str = "flow") -> str:
    if process.pid == root_pid:
        return root_group
    try:
        command = " ".join(process.cmdline())
    except psutil.Error:
        return "other"
    for markers, group in _RULES:
        if all(marker in command for marker in markers):
            return group
    return "other"


@dataclass(frozen=True)
class ProcessRss:
    pid: int
    group: str
    rss: int


def tree_processes(root_pid: int, root_group: str = "flow") -> list[ProcessRss]:
    """RSS of the root and of every descendant alive right now, each with its group."""
    try:
        root = psutil.Process(root_pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []
    found = []
    for process in processes:
        try:
            found.append(
                ProcessRss(process.pid, group_of(process, root_pid, root_group), process.memory_info().rss)
            )
        except psutil.Error:  # ended between listing and reading
            continue
    return found


@dataclass
class Sample:
    seconds: float  # since the sampler started
    groups: dict[str, int]  # group -> bytes of RSS
    processes: dict[str, int]  # group -> how many processes

    @property
    def total(self) -> int:
        return sum(self.groups.values())


class TreeSampler(threading.Thread):
    """Samples `tree_processes(root_pid)` every `interval` seconds until stopped.

    `exclude` groups are left out (e.g. the object store when it is a child of the benchmark, not of
    the pipeline); the root process counts as `root_group`. The processes of the peak sample are kept.
    """

    def __init__(
        self,
        root_pid: int,
        interval: float = 0.5,
        exclude: tuple[str, ...] = (),
        root_group: str = "flow",
    ) -> None:
        super().__init__(daemon=True)
        self.root_pid, self.interval, self.exclude = root_pid, interval, exclude
        self.root_group = root_group
        self.samples: list[Sample] = []
        self.origin = time.monotonic()
        self.finished = threading.Event()
        self.peak_processes: list[ProcessRss] = []
        self._peak_total = -1

    def sample(self) -> Sample:
        found = [p for p in tree_processes(self.root_pid, self.root_group) if p.group not in self.exclude]
        groups, counts = dict.fromkeys(GROUPS, 0), dict.fromkeys(GROUPS, 0)
        for process in found:
            groups[process.group] += process.rss
            counts[process.group] += 1
        taken = Sample(round(time.monotonic() - self.origin, 2), groups, counts)
        if taken.total > self._peak_total:
            self._peak_total, self.peak_processes = taken.total, found  # which processes held the peak
        self.samples.append(taken)
        return taken

    def run(self) -> None:
        while not self.finished.is_set():
            self.sample()
            self.finished.wait(self.interval)

    def stop(self) -> None:
        self.finished.set()
        self.join(timeout=10)

    def peak(self, since: float = 0.0) -> Sample:
        """The sample with the largest total (from `since` seconds on)."""
        chosen = [s for s in self.samples if s.seconds >= since]
        empty = Sample(0.0, dict.fromkeys(GROUPS, 0), dict.fromkeys(GROUPS, 0))
        return max(chosen, key=lambda s: s.total, default=empty)

    def peak_by_group(self) -> dict[str, int]:
        """Each group's own peak (not necessarily at the same moment)."""
        return {g: max((s.groups.get(g, 0) for s in self.samples), default=0) for g in GROUPS}


def mib(value: float) -> float:
    return round(value / 2**20, 1)


def load_average() -> list[float]:
    """The 1, 5 and 15-minute load averages: other work may share the machine while measuring."""
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
    }
