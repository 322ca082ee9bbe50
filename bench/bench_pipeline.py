"""Speed of the media pipeline: each stage's real-time factor on a ~10-minute interview, the Prefect
flow's orchestration overhead, and interviews per hour with the Dask runner at 1 and 2 workers.

Run: .venv/bin/python -m bench.bench_pipeline [--minutes 10] [--out bench/results/pipeline.json]

The interviews-per-hour figures include each run's Dask cluster start and model loads, as a real
`hirelake process` run pays them. `bench_scale.py` reuses this module's throughput set and
`measure_throughput` for 1, 2 and 4 workers on a LocalCluster and on a distributed cluster.

Starts its own SeaweedFS on free ports in a temporary folder (stopped at the end) and an ephemeral
Prefect API. The long interview is generated interviews joined with ffmpeg's concat demuxer.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from prefect.context import refresh_global_settings_context

from flows import resources
from flows.interview import InterviewOutcome
from flows.pipeline import run_process_pending
from hirelake.lake import Lake
from hirelake.landing import submit_media
from hirelake.raw_zone import land_csv
from hirelake.services.prefect_server import apply_prefect_environment
from hirelake.services.seaweedfs import start_seaweedfs, stop_seaweedfs
from hirelake.settings import PipelineSettings, Settings
from hirelake.synth.hospital import HospitalConfig, HospitalResult, generate_hospital
from hirelake.synth.to_lake import load_hospital
from models.audio import load_audio
from models.interview import attribute_speakers, measure_answers, split_answers
from tests.helpers import isolated_settings


def _concat(parts: list[Path], out: Path) -> Path:
    listing = out.with_suffix(".txt")
    listing.write_text("".join(f"file '{p}'\n" for p in parts), encoding="utf-8")
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(listing),
            "-c",
            "copy",
            str(out),
        ],
        check=True,
    )
    return out


def stage_times(settings: Settings, media: Path) -> dict[str, float]:
    """Seconds per stage on warm models (loading is reported separately)."""
    started = time.perf_counter()
    transcriber, diarizer, vision = (
        resources.transcriber(settings),
        resources.diarizer(settings),
        resources.vision(settings),
    )
    times = {"load_models": time.perf_counter() - started}
    clock = time.perf_counter()
    audio = load_audio(media)
    times["decode_audio"] = time.perf_counter() - clock
    clock = time.perf_counter()
    transcript = transcriber.transcribe(audio, language="en")
    times["transcribe"] = time.perf_counter() - clock
    clock = time.perf_counter()
    diarization = diarizer.diarize(audio)
    times["diarize"] = time.perf_counter() - clock
    clock = time.perf_counter()
    measure_answers(split_answers(attribute_speakers(transcript, diarization)), transcript.language)
    times["features"] = time.perf_counter() - clock
    clock = time.perf_counter()
    vision.analyze(media)
    times["vision"] = time.perf_counter() - clock
    times["audio_seconds"] = audio.duration_seconds
    return times


def flow_time(settings: Settings, media: Path, bucket: str, hospital: HospitalResult) -> float:
    """The whole `process-pending` flow on the long interview, for a candidate who consented."""
    scoped = with_bucket(settings, bucket, workers=1)
    lake = Lake(scoped)
    consents = next(f for f in hospital.hr.files if f.table == "consents" and f.format == "csv")
    land_csv(lake, source="hris", entity="consents", path=hospital.hr.out_dir / consents.path,
             load_date=hospital.hr.period_end)  # fmt: skip
    candidate = next(c for c in hospital.hr.candidates if c.consent_ai_evaluation and c.consent_biometric)
    submit_media(lake, interview_id="long-interview", candidate_id=candidate.candidate_id,
                 position_id=candidate.position_id, path=media, language="en")  # fmt: skip
    started = time.perf_counter()
    run_pending(scoped)
    return time.perf_counter() - started


def throughput_hospital(out_dir: Path, interviews: int) -> HospitalResult:
    """The throughput set: English interviews of ~75 s (three answers), a quarter WebM, about one in six
    from a candidate without AI-evaluation consent (archived, not analysed), no broken files."""
    return generate_hospital(
        out_dir,
        HospitalConfig(
            seed=3,
            employees=30,
            candidates=max(16, interviews * 3),
            interviews=interviews,
            months=1,
            languages=("en",),
            broken_media=False,
        ),
    )


def with_bucket(
    settings: Settings, bucket: str, workers: int, scheduler_address: str | None = None
) -> Settings:
    """A fresh bucket on the same store; `scheduler_address` runs on an existing Dask cluster."""
    Lake(settings).client.make_bucket(bucket)
    return settings.model_copy(
        update={
            "store": settings.store.model_copy(update={"bucket": bucket}),
            "pipeline": PipelineSettings(dask_workers=workers, dask_scheduler_address=scheduler_address),
        }
    )


def apply_prefect_settings(settings: Settings) -> None:
    """Prefect's environment as `hirelake process` applies it: home in the data folder, the ephemeral
    API's start timeout raised, the local server's URL when one runs. Prefect read its settings when
    this module imported it, so they are read again."""
    settings.prefect_home.mkdir(parents=True, exist_ok=True)
    apply_prefect_environment(settings)
    refresh_global_settings_context()


def run_pending(settings: Settings) -> list[InterviewOutcome]:
    """`process-pending` as `hirelake process` runs it: the flow reads its Settings from the environment."""
    store, pipeline = settings.store, settings.pipeline
    os.environ.update(
        {
            "HIRELAKE_DATA_DIR": str(settings.data_dir),
            "HIRELAKE_STORE__ENDPOINT": store.endpoint,
            "HIRELAKE_STORE__BUCKET": store.bucket,
            "HIRELAKE_PIPELINE__DASK_WORKERS": str(pipeline.dask_workers),
        }
    )
    if pipeline.dask_scheduler_address:
        os.environ["HIRELAKE_PIPELINE__DASK_SCHEDULER_ADDRESS"] = pipeline.dask_scheduler_address
    else:
        os.environ.pop("HIRELAKE_PIPELINE__DASK_SCHEDULER_ADDRESS", None)
    return run_process_pending(Settings())


@dataclass(frozen=True)
class Throughput:
    workers: int
    seconds: float
    statuses: dict[str, int]  # outcome status -> interviews

    @property
    def interviews(self) -> int:
        return sum(self.statuses.values())

    @property
    def per_hour(self) -> float:
        return self.interviews * 3600 / self.seconds


def measure_throughput(
    settings: Settings,
    hospital: HospitalResult,
    bucket: str,
    workers: int,
    scheduler_address: str | None = None,
) -> Throughput:
    """Land the hospital in a fresh bucket, then time one `process-pending` run over it.

    On a LocalCluster (no `scheduler_address`) the time includes the cluster's start; on an existing
    cluster it does not. Both include each worker's first model load.
    """
    scoped = with_bucket(settings, bucket, workers, scheduler_address)
    load_hospital(Lake(scoped), hospital, hospital.hr.period_end)
    started = time.perf_counter()
    outcomes = run_pending(scoped)
    seconds = time.perf_counter() - started
    if len(outcomes) != len(hospital.media.interviews):
        raise RuntimeError(f"{len(outcomes)} outcomes for {len(hospital.media.interviews)} interviews")
    return Throughput(workers, seconds, dict(Counter(o.status for o in outcomes)))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path("bench/results/pipeline.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hirelake-bench-") as tmp:
        work = Path(tmp)
        settings = isolated_settings(work / "data")
        apply_prefect_settings(settings)
        start_seaweedfs(settings)
        try:
            count = round(args.minutes * 60 / 60) + 2  # ~75 s each, a quarter are WebM (not joined)
            hospital = throughput_hospital(work / "hospital", count)
            mp4s = [i.media_path for i in hospital.media.interviews if i.container == "mp4"]
            long_media = _concat(mp4s, work / "long.mp4")
            stages = stage_times(settings, long_media)
            audio = stages["audio_seconds"]
            model_seconds = sum(
                stages[k] for k in ("decode_audio", "transcribe", "diarize", "features", "vision")
            )
            whole = flow_time(settings, long_media, "bench-flow", hospital)
            per_hour = {
                workers: measure_throughput(settings, hospital, f"bench-dask-{workers}", workers).per_hour
                for workers in (1, 2)
            }
        finally:
            stop_seaweedfs(settings)
    result = {
        "machine": {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine()},
        "interview_seconds": round(audio, 1),
        "stage_seconds": {k: round(v, 2) for k, v in stages.items() if k != "audio_seconds"},
        "real_time_factor": {
            k: round(stages[k] / audio, 4) for k in ("transcribe", "diarize", "features", "vision")
        },
        "model_seconds": round(model_seconds, 2),
        "model_rtf": round(model_seconds / audio, 4),
        "flow_seconds": round(whole, 2),
        "flow_rtf": round(whole / audio, 4),
        "orchestration_overhead_share": round((whole - model_seconds) / whole, 3),
        "interviews": len(hospital.media.interviews),
        "interviews_per_hour": {str(k): round(v, 1) for k, v in per_hour.items()},
        "dask_speedup_2_over_1": round(per_hour[2] / per_hour[1], 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
