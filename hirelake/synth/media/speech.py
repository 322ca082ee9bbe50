"""Text to speech with espeak-ng: mono float32 at the timeline's rate, trimmed to the spoken part.

espeak-ng is deterministic (same text, voice and version => same samples), which is what lets a
seeded run reproduce its bytes. Clips are trimmed to where there is energy, so the times the mixer
records are the times someone is audibly speaking, not the synthesizer's silent padding.
"""

from __future__ import annotations

import functools
import math
import shutil
import struct
import subprocess
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hirelake.errors import HirelakeError
from hirelake.question_banks.schema import Language

Audio = npt.NDArray[np.float32]
_TRIM_THRESHOLD = 0.01  # of full scale; espeak-ng's silence is exact zeros, speech peaks near 0.5
_TRIM_MARGIN_S = 0.01


class SpeechError(HirelakeError):
    """espeak-ng is missing or failed."""


@dataclass(frozen=True)
class Voice:
    """An espeak-ng voice: `name` is language+variant (e.g. cmn+f3); pitch 0-99, speed in words/min."""

    name: str
    pitch: int
    speed: int
    gain: float = 1.0

    def describe(self) -> str:
        return f"espeak-ng {self.name} pitch={self.pitch} speed={self.speed} gain={self.gain}"


# espeak-ng 1.51's `cmn` voice reads its own pinyin tone digits aloud ("4-4-1..."), which no
# transcriber can follow; `cmn-latn-pinyin` speaks the same characters as Mandarin syllables.
_ESPEAK_LANGUAGE: dict[Language, str] = {"zh": "cmn-latn-pinyin", "en": "en-us"}
# (espeak-ng variant, pitch, speed in words/min) per role and language; `variant` picks one per
# interview. Whisper `base` hears espeak-ng's Mandarin variants very differently: answers read by f2 /
# f4 came back at CER 0.77 - 0.78 / 0.98 - 1.08 in two samples of the generated bank (8 and 16 answers),
# by f3 at 0.52 - 0.71, so Mandarin candidates speak with f3 (Annie, at 0.41 - 0.52, was split into
# several voices by the diarizer). The same recordings asked by m3 / m1 / m2 lost two questions to
# matching, both asked by m2; by m4 / m1 / robert none (Mandarin assessment benchmark, bench/README.md).
_ROLE_VOICES: dict[tuple[str, Language], tuple[tuple[str, int, int], ...]] = {
    ("interviewer", "en"): (("m3", 25, 155), ("m1", 30, 155), ("m2", 35, 155)),
    ("interviewer", "zh"): (("m4", 30, 140), ("m1", 30, 140), ("robert", 30, 140)),
    ("candidate", "en"): (("f3", 70, 175), ("f2", 74, 175), ("f4", 78, 175)),
    ("candidate", "zh"): (("f3", 68, 160), ("f3", 70, 160), ("f3", 72, 160)),
    ("third", "en"): (("m7", 50, 190),),
    ("third", "zh"): (("m7", 50, 175),),
}
_THIRD_GAIN = 0.6  # the prompting voice whispers


def voice_for(language: Language, role: str, variant: int) -> Voice:
    """Clearly different voices per role: a low male interviewer, a higher female candidate, and a
    third (prompting) voice unlike both. `variant` (0-2) varies them between interviews."""
    voices = _ROLE_VOICES.get((role, language))
    if voices is None:
        raise ValueError(f"unknown speaker role {role!r}; use interviewer, candidate or third")
    name, pitch, speed = voices[variant % len(voices)]
    gain = _THIRD_GAIN if role == "third" else 1.0
    return Voice(f"{_ESPEAK_LANGUAGE[language]}+{name}", pitch=pitch, speed=speed, gain=gain)


def espeak_binary() -> str:
    path = shutil.which("espeak-ng")
    if path is None:
        raise SpeechError(
            "espeak-ng was not found on PATH; install espeak-ng (make demo installs it; "
            "on Debian: apt-get install espeak-ng)."
        )
    return path


@functools.cache
def espeak_version() -> str:
    result = subprocess.run(
        [espeak_binary(), "--version"], capture_output=True, text=True, check=False, timeout=30
    )
    return result.stdout.strip().split("  Data at:")[0] or "unknown"


def _parse_wav(data: bytes) -> tuple[int, npt.NDArray[np.int16]]:
    # espeak-ng --stdout writes a WAV whose size fields are placeholders; walk the chunks by hand.
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SpeechError("espeak-ng returned no WAV data; check the voice exists: espeak-ng --voices")
    pos, rate = 12, 0
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if chunk == b"fmt ":
            rate = struct.unpack("<I", data[pos + 12 : pos + 16])[0]
        elif chunk == b"data":
            body = data[pos + 8 :]
            body = body[: len(body) // 2 * 2]
            return rate, np.frombuffer(body, dtype="<i2").astype(np.int16)
        pos += 8 + size
    raise SpeechError("espeak-ng WAV output had no data chunk")


def resample(samples: Audio, rate_in: int, rate_out: int) -> Audio:
    """Band-limited resampling through the FFT: exact, dependency-free and deterministic.

    The input is zero-padded to (rate_in / gcd) x 2**k samples, so both FFT sizes factor into
    small primes (fast) and the output length is an exact integer.
    """
    if rate_in == rate_out or samples.size == 0:
        return samples.astype(np.float32)
    block = rate_in // math.gcd(rate_in, rate_out)
    blocks = 1 << max(0, math.ceil(math.log2(math.ceil(samples.size / block))))
    padded = np.zeros(block * blocks, dtype=np.float64)
    padded[: samples.size] = samples
    n_out = padded.size * rate_out // rate_in
    spectrum = np.fft.rfft(padded)
    keep = n_out // 2 + 1
    if keep <= spectrum.size:
        spectrum = spectrum[:keep]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(keep - spectrum.size, dtype=spectrum.dtype)])
    out = np.fft.irfft(spectrum, n_out) * (n_out / padded.size)
    return out[: round(samples.size * rate_out / rate_in)].astype(np.float32)


def trim(samples: Audio, sample_rate: int) -> Audio:
    """Cut leading and trailing silence, keeping a 10 ms margin."""
    loud = np.flatnonzero(np.abs(samples) > _TRIM_THRESHOLD)
    if loud.size == 0:
        return samples[:0]
    margin = int(_TRIM_MARGIN_S * sample_rate)
    start = max(0, int(loud[0]) - margin)
    end = min(samples.size, int(loud[-1]) + margin + 1)
    return samples[start:end]


class Synthesizer:
    """espeak-ng with an in-memory cache: questions and fillers repeat across interviews."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._binary = espeak_binary()
        self._cache: dict[tuple[str, Voice], Audio] = {}

    def speak(self, text: str, voice: Voice) -> Audio:
        key = (text, voice)
        if key not in self._cache:
            self._cache[key] = self._synthesize(text, voice)
        return self._cache[key]

    def _synthesize(self, text: str, voice: Voice) -> Audio:
        command = [
            self._binary,
            "-v", voice.name,
            "-p", str(voice.pitch),
            "-s", str(voice.speed),
            "-b", "1",  # input is UTF-8
            "--stdout",
            "--stdin",
        ]  # fmt: skip
        try:
            result = subprocess.run(
                command, input=text.encode("utf-8"), capture_output=True, check=False, timeout=120
            )
        except subprocess.TimeoutExpired as exc:
            raise SpeechError(
                f"espeak-ng took over 120 s on {text[:40]!r}; is the machine overloaded?"
            ) from exc
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip()
            raise SpeechError(f"espeak-ng failed for voice {voice.name}: {message or result.returncode}")
        rate, pcm = _parse_wav(result.stdout)
        audio = resample(pcm.astype(np.float32) / 32768.0, rate, self.sample_rate)
        clip = trim(audio, self.sample_rate) * np.float32(voice.gain)
        if clip.size == 0:
            raise SpeechError(f"espeak-ng produced silence for {text[:40]!r} with voice {voice.name}")
        return clip.astype(np.float32)
