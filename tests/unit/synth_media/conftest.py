"""One small generated set shared by the media tests: two short interviews (one MP4, one WebM) and
the broken set. One answer per interview keeps each recording around 25-30 seconds."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from hirelake.synth.media import CandidateRef, MediaSynthConfig, MediaSynthResult, generate_interviews

CANDIDATES = (
    CandidateRef(
        candidate_id="C-ED-NUR-01",
        position_id="P-ED-NURSE",
        role_family="nurse",
        department="DEP-ED",  # the HRIS id form
        competencies=("emergency_response", "night_shift_fitness", "patient_communication"),
        language="zh",
        strength="strong",
    ),
    CandidateRef(
        candidate_id="C-ADM-02",
        position_id="P-HR-ADMIN",
        role_family="administrative",
        department="HR",
        language="en",
        strength="weak",
        has_consent=False,
    ),
)
# integrity and misread each hit one of the two interviews; webm the other half
CONFIG = MediaSynthConfig(
    seed=11,
    answers_per_interview=1,
    webm_share=0.5,
    integrity_share=0.5,
    confidentiality_misread_share=0.5,
    face_absent_share=0.0,
    oversize_limit_bytes=20_000_000,
)


def run_generation(out_dir: Path) -> MediaSynthResult:
    return generate_interviews(out_dir, CONFIG, CANDIDATES)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> MediaSynthResult:
    return run_generation(tmp_path_factory.mktemp("synth-a"))


def decode_audio(path: Path, sample_rate: int = 16_000) -> np.ndarray:
    """Decode a file's audio to mono float32 at `sample_rate` through ffmpeg."""
    result = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-i",
            str(path),
            "-vn",
            "-ac",
            "1",
            "-ar",
            str(sample_rate),
            "-f",
            "f32le",
            "-",
        ],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(result.stdout, dtype="<f4")


def decode_frame(path: Path, at_s: float, width: int, height: int) -> np.ndarray:
    """One RGB frame at `at_s` seconds."""
    result = subprocess.run(
        ["ffmpeg", "-v", "error", "-ss", f"{at_s:.3f}", "-i", str(path), "-frames:v", "1",
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    )  # fmt: skip
    return np.frombuffer(result.stdout, dtype=np.uint8).reshape(height, width, 3)


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
