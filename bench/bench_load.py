"""Load: 200 interview submissions arriving at once are all accepted, queued and processed with bounded
memory.

Run: .venv/bin/python -m bench.bench_load [--submissions 200] [--baseline 50] [--sources 8]
     [--seconds 25] [--out bench/results/load.json]

Recordings: `--sources` English interviews from the synthetic generator (MP4, two answers each), and
from them `--submissions` DISTINCT short recordings made with ffmpeg (each a `--seconds` cut at its own
start offset, with an inaudible gain change, re-encoded): the raw zone is content-addressed, so equal
bytes would be processed once and prove nothing. Their sha256 are checked distinct before submitting.

Each run lands the generated HRIS (consents, positions) in a fresh bucket, then submits every recording
at the same moment: one thread per submission, all released by one barrier, each calling the real
submission path (`hirelake.landing.submit_media` on one shared `Lake`, as an upload API would). Then
`hirelake process` runs as a child process, exactly as an operator would start it (embedded default: the
flow starts a 2-worker Dask LocalCluster and an ephemeral Prefect API). The RSS of that child's whole
process tree (flow process, Dask workers, the Prefect API, ffmpeg) is sampled every 0.5 s and
read at each quarter of the interviews done; the object store's RSS is sampled apart. The lake is then
checked: nothing left in landing, every interview ingested once with its speech and vision stages,
quarantine records with their reasons, one media object per recording, no duplicate silver rows.

`--baseline` first runs the same with fewer submissions (the first N recordings), so the peak RSS of the
full queue can be compared with a small one. The load average is recorded before and after each run,
since the machine may be shared.

Starts its own SeaweedFS on free ports in a temporary folder (stopped at the end by its PID).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.process_tree import TreeSampler, load_average, machine, mib
from hirelake.consent import AI_EVALUATION, BIOMETRIC, ConsentRegistry
from hirelake.hashing import sha256_file
from hirelake.hris import HrisFileConnector, sync_hris
from hirelake.lake import Lake
from hirelake.landing import pending_submissions, submit_media
from hirelake.quarantine import quarantined
from hirelake.services.seaweedfs import start_seaweedfs, stop_seaweedfs
from hirelake.settings import Settings
from hirelake.synth.hospital import interview_candidates
from hirelake.synth.hr import HrSynthConfig, HrSynthResult, generate_hr
from hirelake.synth.media import MediaSynthConfig, generate_interviews
from tests.faults.pipeline_faults import assert_no_duplicate_rows
from tests.helpers import isolated_settings

HIRELAKE = str(Path(sys.executable).parent / "hirelake")
STATUSES = ("processed", "cached", "quarantined", "no_consent", "duplicate")


# --- recordings ------------------------------------------------------------------------------------
def generate_sources(out_dir: Path, hr: HrSynthResult, count: int, seed: int) -> list[Path]:
    """`count` English MP4 interviews of two answers each (about 45-60 s), one voice each."""
    refs = interview_candidates(hr.candidates, hr.positions, count * 2, seed)
    refs = [r for r in refs if r.has_consent][:count]
    config = MediaSynthConfig(
        seed=seed, interviews=len(refs), languages=("en",), answers_per_interview=2,
        broken_media=False, integrity_share=0.0, webm_share=0.0,
    )  # fmt: skip
    media = generate_interviews(out_dir, config, refs)
    return [i.media_path for i in media.interviews]


def _duration(path: Path) -> float:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return float(probe.stdout.strip())


def derive_recordings(sources: list[Path], count: int, seconds: float, out_dir: Path) -> list[Path]:
    """`count` distinct cuts: source i % k, start offset and gain stepped by i // k, re-encoded."""
    out_dir.mkdir(parents=True, exist_ok=True)
    durations = [_duration(s) for s in sources]
    per_source = -(-count // len(sources))

    def cut(index: int) -> Path:
        source, step = index % len(sources), index // len(sources)
        slack = max(0.0, durations[source] - seconds)
        start = slack * step / max(1, per_source - 1)
        target = out_dir / f"load-{index:03d}.mp4"
        subprocess.run(
            [
                "ffmpeg", "-v", "error", "-y", "-ss", f"{start:.2f}", "-i", str(sources[source]),
                "-t", f"{seconds:.2f}", "-af", f"volume={1 + 0.002 * step:.3f}",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", str(target),
            ],
            check=True,
        )  # fmt: skip
        return target

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(cut, range(count)))


# --- one run ---------------------------------------------------------------------------------------
@dataclass
class Submitted:
    accepted: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # interview id -> error
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0


def land_hr(settings: Settings, bucket: str, hr: HrSynthResult) -> tuple[Settings, Lake]:
    scoped = settings.model_copy(update={"store": settings.store.model_copy(update={"bucket": bucket})})
    lake = Lake(scoped)
    lake.client.make_bucket(bucket)
    sync_hris(scoped, lake, HrisFileConnector(hr.out_dir), hr.period_end)
    return scoped, lake


def consenting_candidates(lake: Lake, hr: HrSynthResult) -> list[tuple[str, str]]:
    """(candidate, position) for every candidate whose AI and biometric consent the lake records."""
    registry = ConsentRegistry.from_lake(lake)
    return [
        (c.candidate_id, c.position_id)
        for c in hr.candidates
        if registry.status(c.candidate_id, AI_EVALUATION) == "granted"
        and registry.status(c.candidate_id, BIOMETRIC) == "granted"
    ]


def submit_all_at_once(lake: Lake, recordings: list[Path], candidates: list[tuple[str, str]]) -> Submitted:
    """One thread per recording, released together by a barrier, each calling `submit_media`."""
    result = Submitted()
    barrier = threading.Barrier(len(recordings) + 1)
    guard = threading.Lock()

    def submit(index: int) -> None:
        interview_id = f"load-{index:03d}"
        candidate_id, position_id = candidates[index % len(candidates)]
        barrier.wait()
        started = time.perf_counter()
        try:
            submit_media(lake, interview_id=interview_id, candidate_id=candidate_id,
                         position_id=position_id, path=recordings[index], language="en")  # fmt: skip
        except Exception as exc:  # a rejection is a result here: recorded with its reason
            with guard:
                result.rejected[interview_id] = f"{type(exc).__name__}: {exc}"
            return
        with guard:
            result.accepted.append(interview_id)
            result.latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(recordings))]
    for thread in threads:
        thread.start()
    barrier.wait()  # every thread is waiting: release them all
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def done_interviews(lake: Lake) -> int:
    """Interviews finished for good: the vision stage recorded (it runs last) or quarantined."""
    finished = {e.key.split("/")[2] for e in lake.list("silver/_stages/") if e.key.endswith("/vision.json")}
    held = {e.key.rsplit("/", 1)[1].removesuffix(".json") for e in lake.list("quarantine/")}
    return len(finished | held)


class Progress(threading.Thread):
    """Polls the lake; at each quarter of the interviews done, reads the sampler (now and peak so far)."""

    def __init__(self, lake: Lake, total: int, sampler: TreeSampler) -> None:
        super().__init__(daemon=True)
        self.lake, self.total, self.sampler = lake, total, sampler
        self.marks = [round(total * q / 4) for q in (1, 2, 3, 4)]
        self.checkpoints: list[dict[str, Any]] = []
        self.finished = threading.Event()

    def run(self) -> None:
        while self.marks and not self.finished.wait(2.0):
            try:
                done = done_interviews(self.lake)
            except Exception:  # noqa: S112 - a failed poll is retried; the run's own checks decide
                continue
            while self.marks and done >= self.marks[0]:
                self.marks.pop(0)
                now, peak = self.sampler.samples[-1], self.sampler.peak()
                self.checkpoints.append(
                    {
                        "done": done,
                        "seconds": now.seconds,
                        "rss_now_mb": mib(now.total),
                        "peak_so_far_mb": mib(peak.total),
                        "now_by_group_mb": {k: mib(v) for k, v in now.groups.items() if v},
                    }
                )
                print(
                    f"  {done}/{self.total} done at {now.seconds:.0f} s, RSS {mib(now.total)} MB", flush=True
                )


def run_process(settings: Settings, lake: Lake, total: int, log_path: Path) -> dict[str, Any]:
    """`hirelake process` as a child; its tree's RSS sampled; statuses read from its table."""
    env = {
        **os.environ,
        "HIRELAKE_DATA_DIR": str(settings.data_dir),
        "HIRELAKE_STORE__ENDPOINT": settings.store.endpoint,
        "HIRELAKE_STORE__BUCKET": settings.store.bucket,
        "HIRELAKE_PIPELINE__DASK_WORKERS": str(settings.pipeline.dask_workers),
        "COLUMNS": "250",  # one table row per line
    }
    started = time.perf_counter()
    with log_path.open("wb") as log:
        child = subprocess.Popen([HIRELAKE, "process"], env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeSampler(child.pid)
        sampler.start()
        progress = Progress(lake, total, sampler)
        progress.start()
        try:
            code = child.wait(timeout=4 * 3600)
        finally:
            if child.poll() is None:
                child.kill()  # by the PID this run started
                child.wait()
            progress.finished.set()
            progress.join(timeout=30)
            sampler.stop()
    seconds = time.perf_counter() - started
    output = log_path.read_text(encoding="utf-8", errors="replace")
    statuses: Counter[str] = Counter()
    for line in output.splitlines():
        found = re.search(r"\bload-\d{3}\b.*?\b(" + "|".join(STATUSES) + r")\b", line)
        if found:
            statuses[found.group(1)] += 1
    peak = sampler.peak()
    return {
        "exit_code": code,
        "seconds": round(seconds, 1),
        "interviews_per_hour": round(total * 3600 / seconds, 1),
        "statuses": dict(statuses),
        "memory": {
            "peak_rss_mb": mib(peak.total),
            "peak_at_seconds": peak.seconds,
            "at_peak_mb": {k: mib(v) for k, v in peak.groups.items() if v},
            "at_peak_processes": sorted(
                ([p.group, mib(p.rss)] for p in sampler.peak_processes), key=lambda x: (x[0], -x[1])
            ),
            "most_processes": {
                g: max(s.processes[g] for s in sampler.samples) for g in peak.groups if peak.groups[g]
            },
            "peak_by_group_mb": {k: mib(v) for k, v in sampler.peak_by_group().items() if v},
            "checkpoints": progress.checkpoints,
            "samples": len(sampler.samples),
            # Every 30 s: seconds, whole tree, Dask workers (MB).
            "series": [
                [s.seconds, mib(s.total), mib(s.groups["dask_workers"])] for s in sampler.samples[::60]
            ],
        },
    }


def verify(lake: Lake, accepted: list[str]) -> dict[str, Any]:
    """What the lake holds after the run, per interview."""
    stages = [e.key.split("/")[2:] for e in lake.list("silver/_stages/")]
    speech = {parts[0] for parts in stages if parts[1] == "speech.json"}
    vision = {parts[0] for parts in stages if parts[1] == "vision.json"}
    ingested = {e.key.rsplit("/", 1)[1].removesuffix(".json") for e in lake.list("raw/interviews/")}
    media = [e.key for e in lake.list("raw/media/")]
    held = quarantined(lake)
    wanted = set(accepted)
    assert_no_duplicate_rows(lake)  # raises if any silver table holds a key twice
    return {
        "left_in_landing": len(pending_submissions(lake)),
        "ingested": len(ingested & wanted),
        "speech_done": len(speech & wanted),
        "vision_done": len(vision & wanted),
        "missing": sorted(wanted - (vision | {r.item_id for r in held})),
        "quarantined": {f"{r.stage}/{r.item_id}": r.reason for r in held},
        "media_objects": len(media),
        "media_objects_per_interview_max": max(Counter(k.split("/")[2] for k in media).values(), default=0),
        "duplicate_silver_rows": 0,
    }


def load_run(
    settings: Settings, hr: HrSynthResult, recordings: list[Path], bucket: str, work: Path
) -> dict[str, Any]:
    before = load_average()
    scoped, lake = land_hr(settings, bucket, hr)
    candidates = consenting_candidates(lake, hr)
    submitted = submit_all_at_once(lake, recordings, candidates)
    queued = sorted(s.interview_id for s in pending_submissions(lake))
    latencies = sorted(submitted.latencies)
    print(f"{bucket}: {len(submitted.accepted)} accepted in {submitted.seconds:.1f} s, {len(queued)} queued")
    processing = run_process(scoped, lake, len(submitted.accepted), work / f"{bucket}.log")
    return {
        "submissions": {
            "sent": len(recordings),
            "accepted": len(submitted.accepted),
            "rejected": submitted.rejected,
            "distinct_candidates": min(len(candidates), len(recordings)),
            "wall_seconds": round(submitted.seconds, 2),
            "latency_seconds": {
                "median": round(statistics.median(latencies), 2) if latencies else None,
                "max": round(latencies[-1], 2) if latencies else None,
            },
            "queued_in_landing": len(queued),
            "queued_equals_accepted": queued == sorted(submitted.accepted),
        },
        "processing": processing,
        "lake": verify(lake, submitted.accepted),
        "load_before": before,
        "load_after": load_average(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=50, help="a smaller run first; 0: none")
    parser.add_argument("--sources", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=25.0, help="length of each derived recording")
    parser.add_argument("--seed", type=int, default=41)
    parser.add_argument("--out", type=Path, default=Path("bench/results/load.json"))
    parser.add_argument("--logs", type=Path, help="copy each run's `hirelake process` output here")
    args = parser.parse_args()
    load_before = load_average()
    runs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="hirelake-load-") as tmp:
        work = Path(tmp)
        settings = isolated_settings(work / "data")
        store = start_seaweedfs(settings)
        store_sampler = TreeSampler(store.pid or 0, root_group="store")
        store_sampler.start()
        try:
            clock = time.perf_counter()
            hr = generate_hr(
                work / "hospital",
                HrSynthConfig(seed=args.seed, employees=30, candidates=max(300, args.submissions * 2),
                              months=1, languages=("en",), xlsx_max_rows=0),
            )  # fmt: skip
            sources = generate_sources(work / "hospital", hr, args.sources, args.seed)
            recordings = derive_recordings(sources, args.submissions, args.seconds, work / "load")
            prepare_seconds = time.perf_counter() - clock
            digests = {sha256_file(p) for p in recordings}
            if len(digests) != len(recordings):
                raise RuntimeError(f"only {len(digests)} distinct recordings of {len(recordings)}")
            sizes = [p.stat().st_size for p in recordings]
            durations = [_duration(p) for p in recordings]
            print(f"{len(recordings)} distinct recordings in {prepare_seconds:.0f} s", flush=True)
            sizes_run = [args.baseline] if 0 < args.baseline < args.submissions else []
            for size in [*sizes_run, args.submissions]:
                runs[str(size)] = load_run(settings, hr, recordings[:size], f"load-{size}", work)
                if args.logs:
                    args.logs.mkdir(parents=True, exist_ok=True)
                    shutil.copy(work / f"load-{size}.log", args.logs / f"load-{size}.log")
        finally:
            store_sampler.stop()
            stop_seaweedfs(settings)
    full = runs[str(args.submissions)]["processing"]["memory"]["peak_rss_mb"]
    small = (
        runs[str(args.baseline)]["processing"]["memory"]["peak_rss_mb"]
        if str(args.baseline) in runs
        else None
    )
    result = {
        "machine": machine(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "recordings": {
            "sources": len(sources),
            "derived": len(recordings),
            "distinct_sha256": len(digests),
            "seconds_each": [round(min(durations), 1), round(max(durations), 1)],
            "media_seconds_total": round(sum(durations), 1),
            "bytes_each": [min(sizes), max(sizes)],
            "prepare_seconds": round(prepare_seconds, 1),
        },
        "dask_workers": settings.pipeline.dask_workers,
        "runs": runs,
        "peak_rss_ratio_full_over_baseline": round(full / small, 3) if small else None,
        "store_peak_rss_mb": mib(store_sampler.peak().total),
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
