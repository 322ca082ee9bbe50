"""Real-time factor of the bundled Whisper models on a 60 s espeak-ng English clip.

RTF = transcription wall time / audio duration (lower is faster; 0.1 = ten times real time).
Both models run in the same process on the same clip, so their ratio is comparable even on a
busy machine. Usage: .venv/bin/python bench/bench_transcribe.py [--threads 2] [--seconds 60]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

from models.audio import SAMPLE_RATE, AudioClip, load_audio
from models.metrics import word_error_rate
from models.transcribe import load_transcriber

PARAGRAPH = (
    "Good morning and thank you for coming in today. "
    "Could you tell me about a time you handled a difficult patient on the ward? "
    "I stayed calm, listened to his concerns, and explained each step before I did it. "
    "How do you prioritise when three call bells ring at the same moment? "
    "I assess which patient is most at risk first, then ask a colleague to help with the others. "
    "What would you do if a colleague made a medication error? "
    "I would make sure the patient is safe, then report it honestly through the incident system. "
    "How do you explain a new treatment plan to an anxious family? "
    "I use simple words, check what they already understand, and leave time for their questions. "
)


def speech_clip(seconds: float, folder: Path) -> tuple[AudioClip, str]:
    """Whole sentences with short pauses until the next would pass `seconds`, then silence to fill."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise SystemExit("espeak-ng is not installed")
    sentences = [part.strip() for part in re.findall(r"[^.?]+[.?]", PARAGRAPH)]
    spoken = []
    for index, sentence in enumerate(sentences):
        wav = folder / f"s{index}.wav"
        subprocess.run([espeak, "-v", "en-us", "-s", "160", "-w", str(wav), sentence], check=True)
        spoken.append((sentence, load_audio(wav).samples))
    budget = int(seconds * SAMPLE_RATE)
    pause = np.zeros(SAMPLE_RATE * 3 // 10, np.float32)
    pieces: list[npt.NDArray[np.float32]] = []
    reference: list[str] = []
    used = 0
    for sentence, samples in itertools.cycle(spoken):
        if used + len(samples) + len(pause) > budget:
            break
        pieces += [samples, pause]
        reference.append(sentence)
        used += len(samples) + len(pause)
    pieces.append(np.zeros(budget - used, np.float32))
    return AudioClip(np.concatenate(pieces)), " ".join(reference)


def run(source: str, clip: AudioClip, reference: str, threads: int, cache: Path | None) -> dict[str, object]:
    started = time.perf_counter()
    transcriber = load_transcriber(source, cpu_threads=threads, cache_dir=cache)
    loaded = time.perf_counter()
    transcript = transcriber.transcribe(clip, language="en")
    elapsed = time.perf_counter() - loaded
    rtf = elapsed / clip.duration_seconds
    wer = word_error_rate(reference, transcript.text)
    print(
        f"{source:16} load {loaded - started:5.2f} s  transcribe {elapsed:6.2f} s  RTF {rtf:.3f}  "
        f"segments {len(transcript.segments):3d}  WER {wer:.3f}"
    )
    return {
        "load_seconds": round(loaded - started, 2),
        "transcribe_seconds": round(elapsed, 2),
        "real_time_factor": round(rtf, 4),
        "wer": round(wer, 4),
        "model_version": transcript.provenance.model_version,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--threads", type=int, default=2, help="CPU threads for CTranslate2 (0 = its default)"
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--cache-dir", type=Path, default=None, help="where bundled:base is reassembled")
    parser.add_argument("--output", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clip, reference = speech_clip(args.seconds, Path(tmp))
    print(f"clip: {clip.duration_seconds:.1f} s espeak-ng en-us, threads={args.threads}, int8 on CPU")
    base = run("bundled:base", clip, reference, args.threads, args.cache_dir)
    tiny = run("bundled:tiny.en", clip, reference, args.threads, args.cache_dir)
    ratio = float(str(tiny["real_time_factor"])) / float(str(base["real_time_factor"]))
    print(f"RTF ratio tiny.en / base: {ratio:.2f}")
    if args.output is not None:
        results = {
            "audio_seconds": round(clip.duration_seconds, 2),
            "cpu_threads": args.threads,
            "compute_type": "int8",
            "models": {"bundled:base": base, "bundled:tiny.en": tiny},
            "rtf_ratio_tiny_over_base": round(ratio, 3),
        }
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
