"""Quality of the media stages on generated interviews against their ground truth.

Run: .venv/bin/python -m bench.bench_quality [--interviews 6] [--out bench/results/quality.json]

Per language: word error rate (English) or character error rate (Mandarin) of the whole transcript,
diarization error rate (pyannote.metrics, collar 0.25 s total width), the speaker count, and for the
video: the share of frames with the face found where it is shown, and how many of the truth's
face-absent, second-face and looking-away events were found.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

from flows import resources
from hirelake.settings import Settings
from hirelake.synth.hospital import HospitalConfig, generate_hospital
from models.audio import load_audio
from models.diarize import Diarization
from models.metrics import character_error_rate, word_error_rate
from models.metrics_der import diarization_error_rate
from models.vision import VisionResult


def _found(result: VisionResult, flag: dict[str, Any]) -> bool:
    return any(
        e.kind == flag["kind"] and e.start_seconds < flag["end_s"] and e.end_seconds > flag["start_s"]
        for e in result.events
    )


def measure(settings: Settings, media: Path, truth: dict[str, Any], rttm: str) -> dict[str, Any]:
    audio = load_audio(media)
    transcript = resources.transcriber(settings).transcribe(audio, language=truth["language"])
    reference = " ".join(segment["text"] for segment in truth["segments"])
    error = (word_error_rate if truth["language"] == "en" else character_error_rate)(
        reference, transcript.text
    )
    diarization = resources.diarizer(settings).diarize(audio)
    der = diarization_error_rate(Diarization.from_rttm(rttm).annotation, diarization.annotation, collar=0.25)
    vision = resources.vision(settings).analyze(media)
    flags = truth["integrity_flags"]
    shown = [
        f for f in vision.frames
        if not any(g["kind"] == "face_absent" and g["start_s"] - 0.5 <= f.time_seconds <= g["end_s"] + 0.5
                   for g in flags)
    ]  # fmt: skip
    visual = [g for g in flags if g["kind"] in {"face_absent", "second_face", "looking_away"}]
    return {
        "language": truth["language"],
        "error_rate": round(error, 3),
        "der": round(der, 4),
        "speakers_true": len({t["speaker"] for t in truth["turns"]}),
        "speakers_found": len(diarization.speakers),
        "face_found_share": round(sum(f.face_count > 0 for f in shown) / max(1, len(shown)), 4),
        "visual_events": len(visual),
        "visual_events_found": sum(_found(vision, g) for g in visual),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--interviews", type=int, default=6)
    parser.add_argument("--out", type=Path, default=Path("bench/results/quality.json"))
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="hirelake-quality-") as tmp:
        hospital = generate_hospital(
            Path(tmp),
            HospitalConfig(
                seed=21, employees=30, candidates=40, interviews=args.interviews, months=1, broken_media=False
            ),
        )
        rows = [
            {
                "interview_id": i.interview_id,
                **measure(
                    settings, i.media_path, json.loads(i.truth_path.read_text()), i.rttm_path.read_text()
                ),
            }
            for i in hospital.media.interviews
        ]
    summary: dict[str, Any] = {"interviews": rows}
    for language in ("en", "zh"):
        mine = [r for r in rows if r["language"] == language]
        if mine:
            summary[language] = {
                "interviews": len(mine),
                ("wer" if language == "en" else "cer") + "_median": statistics.median(
                    r["error_rate"] for r in mine
                ),
                "der_median": statistics.median(r["der"] for r in mine),
                "speaker_count_right": sum(r["speakers_true"] == r["speakers_found"] for r in mine),
            }
    summary["face_found_share_min"] = min(r["face_found_share"] for r in rows)
    summary["visual_events_found"] = (
        f"{sum(r['visual_events_found'] for r in rows)}/{sum(r['visual_events'] for r in rows)}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
