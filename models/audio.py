"""Decoded audio as the stages share it: mono float32 at a fixed rate, never mutated."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000  # what Whisper, Silero VAD and the speaker encoder all expect


class AudioDecodeError(RuntimeError):
    """The file has no decodable audio; the message says why."""


@dataclass(frozen=True)
class AudioClip:
    samples: npt.NDArray[np.float32]  # mono, in [-1, 1], read-only
    sample_rate: int = SAMPLE_RATE

    def __post_init__(self) -> None:
        self.samples.setflags(write=False)  # stages share one clip: nobody may change it

    @property
    def duration_seconds(self) -> float:
        return float(len(self.samples)) / self.sample_rate

    def slice(self, start_seconds: float, end_seconds: float) -> AudioClip:
        start = max(0, round(start_seconds * self.sample_rate))
        end = min(len(self.samples), round(end_seconds * self.sample_rate))
        return AudioClip(self.samples[start:end].copy(), self.sample_rate)


def load_audio(path: Path, sample_rate: int = SAMPLE_RATE) -> AudioClip:
    """Decode any container's first audio stream to mono float32 with ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise AudioDecodeError("ffmpeg is not installed: install it (`make demo` does) and retry.")
    command = [
        ffmpeg, "-nostdin", "-v", "error", "-i", str(path),
        "-map", "0:a:0", "-ac", "1", "-ar", str(sample_rate), "-f", "f32le", "pipe:1",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, check=False, timeout=3600)
    if result.returncode != 0:
        reason = result.stderr.decode(errors="replace").strip().splitlines()
        raise AudioDecodeError(f"cannot decode audio of {path.name}: {reason[-1] if reason else 'unknown'}")
    samples = np.frombuffer(result.stdout, dtype=np.float32).copy()
    if samples.size == 0:
        raise AudioDecodeError(f"{path.name} has an audio stream with no samples")
    return AudioClip(samples, sample_rate)
