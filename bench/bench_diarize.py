"""Real-time factor of the built-in diarizer on a 5-minute synthetic two-speaker interview.

Run: .venv/bin/python -m bench.bench_diarize [--minutes 5] [--repeats 3] [--out bench/results/diarize.json]

Reports load time, then per run the seconds spent in VAD, embedding and clustering, the total, the
real-time factor (processing seconds / audio seconds; below 1 is faster than real time), DER at
collar 0.25 s (pyannote's total width) and the speaker count found. The machine, torch's thread count
and the package versions are recorded with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
import warnings
from pathlib import Path

from models.diarize import BuiltinDiarizer, DiarizerConfig, load_diarizer
from models.metrics_der import diarization_error_rate
from tests.unit.models.conversation import build_conversation, interview_script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench/results/diarize.json"))
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)

    exchanges = 1
    conversation = build_conversation(interview_script(exchanges), seed=11)
    while conversation.audio.duration_seconds < args.minutes * 60:
        exchanges = max(
            exchanges + 1, round(exchanges * args.minutes * 60 / conversation.audio.duration_seconds)
        )
        conversation = build_conversation(interview_script(exchanges), seed=11)
    duration = conversation.audio.duration_seconds

    started = time.perf_counter()
    diarizer = load_diarizer(DiarizerConfig())
    load_seconds = time.perf_counter() - started
    assert isinstance(diarizer, BuiltinDiarizer)

    runs = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        result = diarizer.diarize(conversation.audio)
        total = time.perf_counter() - started
        der = diarization_error_rate(
            conversation.reference, result.annotation, collar=0.25, duration=duration
        )
        runs.append({**diarizer.last_timings, "total": total, "der": der, "speakers": len(result.speakers)})

    report = _report(duration, load_seconds, runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    _print(report)


def _report(duration: float, load_seconds: float, runs: list[dict[str, float]]) -> dict[str, object]:
    import importlib.metadata

    import torch

    stages = ("vad", "embed", "cluster", "total")
    median = {key: round(statistics.median(run[key] for run in runs), 3) for key in stages}
    fastest = min(runs, key=lambda run: run["total"])
    return {
        "audio_seconds": round(duration, 2),
        "load_seconds": round(load_seconds, 2),
        "median_seconds": median,
        "fastest_run_seconds": {key: round(fastest[key], 3) for key in stages},
        "real_time_factor_median": round(median["total"] / duration, 4),
        "real_time_factor_fastest": round(fastest["total"] / duration, 4),
        "der_collar_0_25": [round(run["der"], 4) for run in runs],
        "speakers_found": [int(run["speakers"]) for run in runs],
        "runs": runs,
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cpus_visible": os.cpu_count(),
            "torch_threads": torch.get_num_threads(),
            "load_average": os.getloadavg(),
        },
        "versions": {
            name: importlib.metadata.version(name)
            for name in ("resemblyzer", "faster-whisper", "onnxruntime", "torch", "librosa", "scikit-learn")
        },
    }


def _print(report: dict[str, object]) -> None:
    median, fastest = report["median_seconds"], report["fastest_run_seconds"]
    assert isinstance(median, dict)
    assert isinstance(fastest, dict)
    print(f"audio {report['audio_seconds']} s, encoder load {report['load_seconds']} s")
    print("| stage | median s | fastest run s |")
    print("|---|---|---|")
    for key in ("vad", "embed", "cluster", "total"):
        print(f"| {key} | {median[key]} | {fastest[key]} |")
    print(f"RTF median {report['real_time_factor_median']}, fastest {report['real_time_factor_fastest']}")
    print(f"DER {report['der_collar_0_25']}")
    print(f"speakers found {report['speakers_found']}  machine {report['machine']}")


if __name__ == "__main__":
    main()
