"""Speech activity detection with the Silero VAD v6 ONNX model that ships inside faster-whisper.

Nothing is downloaded: the model file is `faster_whisper/assets/silero_vad_v6.onnx`, run by
onnxruntime on the CPU through faster-whisper's own `get_speech_timestamps`. faster-whisper and
onnxruntime are imported on first use, so importing this module stays fast.

The defaults are tuned for diarization, not for transcription: a speaker change in an interview is
often a pause of a few hundred milliseconds, so silences of `min_silence_seconds` (0.15 s) already
split regions, and regions are padded only slightly (0.05 s) so padding does not bridge such pauses.
"""

from __future__ import annotations

import functools
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from hirelake.errors import HirelakeError
from models.audio import SAMPLE_RATE, AudioClip

VAD_MODEL_ID = "silero-vad-v6"
_VAD_ASSET = "silero_vad_v6.onnx"


class SpeechRegion(NamedTuple):
    """A stretch of speech, in seconds from the start of the clip."""

    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


class VadUnavailableError(HirelakeError, RuntimeError):
    """The VAD model or its runtime cannot be loaded; the message says what to install."""


@dataclass(frozen=True)
class VadOptions:
    """Silero VAD decision options.

    threshold: speech probability at or above which a 32 ms frame counts as speech (0-1).
    min_speech_seconds: regions shorter than this are dropped.
    min_silence_seconds: a region ends only after this much silence.
    padding_seconds: each region is widened by this much on both sides (never past its neighbours).
    max_speech_seconds: longer regions are split at their longest inner pause.
    """

    threshold: float = 0.5
    min_speech_seconds: float = 0.2
    min_silence_seconds: float = 0.15
    padding_seconds: float = 0.05
    max_speech_seconds: float = float("inf")

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"VAD threshold must lie strictly between 0 and 1, got {self.threshold}")
        durations = {
            "min_speech_seconds": self.min_speech_seconds,
            "min_silence_seconds": self.min_silence_seconds,
            "padding_seconds": self.padding_seconds,
        }
        negative = [name for name, value in durations.items() if value < 0]
        if negative:
            raise ValueError(f"VAD durations must not be negative: {', '.join(negative)}")
        if self.max_speech_seconds <= 0:
            raise ValueError(f"max_speech_seconds must be positive, got {self.max_speech_seconds}")


def vad_model_version() -> str:
    """Which model runs, and from which faster-whisper release its asset comes (for provenance)."""
    return f"{VAD_MODEL_ID} (onnx from faster-whisper {_package_version('faster-whisper')})"


def detect_speech(audio: AudioClip, options: VadOptions | None = None) -> tuple[SpeechRegion, ...]:
    """Speech regions of a 16 kHz clip, in time order, as (start, end) seconds."""
    _require_sample_rate(audio)
    if audio.samples.size == 0:
        return ()
    opts = options or VadOptions()
    vad = _faster_whisper_vad()
    chunks = vad.get_speech_timestamps(audio.samples, _to_faster_whisper(vad, opts), SAMPLE_RATE)
    return tuple(SpeechRegion(c["start"] / SAMPLE_RATE, c["end"] / SAMPLE_RATE) for c in chunks)


def _to_faster_whisper(vad: Any, options: VadOptions) -> Any:
    return vad.VadOptions(
        threshold=options.threshold,
        min_speech_duration_ms=round(options.min_speech_seconds * 1000),
        min_silence_duration_ms=round(options.min_silence_seconds * 1000),
        speech_pad_ms=round(options.padding_seconds * 1000),
        max_speech_duration_s=options.max_speech_seconds,
    )


@functools.cache
def _faster_whisper_vad() -> Any:
    """faster_whisper.vad, once its model file and onnxruntime are known to be there."""
    try:
        import onnxruntime  # noqa: F401  (faster-whisper needs it only when the VAD runs)
        from faster_whisper import utils, vad
    except ImportError as error:
        raise VadUnavailableError(
            f"Silero VAD needs faster-whisper and onnxruntime ({error}); install the project's "
            "dependencies (`uv sync`) into this environment."
        ) from error
    asset = Path(utils.get_assets_path()) / _VAD_ASSET
    if not asset.is_file():
        raise VadUnavailableError(
            f"faster-whisper's VAD model is missing at {asset}; reinstall faster-whisper."
        )
    return vad


def _require_sample_rate(audio: AudioClip) -> None:
    if audio.sample_rate != SAMPLE_RATE:
        raise ValueError(
            f"VAD needs {SAMPLE_RATE} Hz audio, got {audio.sample_rate} Hz: decode with "
            "models.audio.load_audio(path) (it resamples) before detecting speech."
        )


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
