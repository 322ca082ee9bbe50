"""`hirelake analyze MEDIA --out DIR`: every stage on one file, no lake, for debugging a recording.

Writes transcript.json, diarization.rttm, vision.json and features.json, the same computations as the
pipeline (same models, same settings) without the store, Prefect or consent checks.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from flows import resources
from hirelake.media_probe import probe_media
from hirelake.settings import Settings
from models.audio import load_audio
from models.interview import analyse_speech


def _write(path: Path, document: Any) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str), encoding="utf-8")


def analyze_file(
    settings: Settings, media: Path, out_dir: Path, language: str | None = None
) -> dict[str, Path]:
    probe = probe_media(media, resources.probe_limits(settings))
    out_dir.mkdir(parents=True, exist_ok=True)
    speech = analyse_speech(
        load_audio(media), resources.transcriber(settings), resources.diarizer(settings), language=language
    )
    transcript, attribution = speech.transcript, speech.attribution
    written = {
        "transcript": out_dir / "transcript.json",
        "diarization": out_dir / "diarization.rttm",
        "features": out_dir / "features.json",
    }
    speakers = iter(attribution.words)
    _write(
        written["transcript"],
        {
            "language": transcript.language,
            "language_probability": transcript.language_probability,
            "duration_seconds": transcript.duration_seconds,
            "roles": asdict(attribution.roles),
            "segments": [
                {
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "words": [
                        {"start": w.start, "end": w.end, "text": w.text, "speaker": next(speakers).speaker}
                        for w in s.words
                    ],
                }
                for s in transcript.segments
            ],
            "second_voices": [asdict(e) for e in attribution.second_voices],
            "provenance": asdict(transcript.provenance),
        },
    )
    written["diarization"].write_text(speech.diarization.to_rttm(media.stem), encoding="utf-8")
    _write(written["features"], [asdict(f) for f in speech.features])
    if probe.has_video:
        result = resources.vision(settings).analyze(media)
        written["vision"] = out_dir / "vision.json"
        _write(
            written["vision"],
            {
                "frames_analysed": len(result.frames),
                "face_share": result.face_share,
                "max_faces": result.max_faces,
                "events": [
                    {"type": e.kind, "start": e.start_seconds, "end": e.end_seconds} for e in result.events
                ],
                "frames": [asdict(f) for f in result.frames],
                "provenance": result.provenance,
            },
        )
    return written
