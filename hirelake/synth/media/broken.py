"""A small set of broken uploads, each with one declared defect, for the ingest quarantine tests.

The oversize file is sparse: a valid MP4 extended with a hole past the size limit, so it costs
no disk blocks and no write time however large the limit is.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from hirelake.hashing import sha256_file
from hirelake.synth.media.config import Container, MediaSynthConfig
from hirelake.synth.media.mux import encode
from hirelake.synth.media.speech import Audio
from hirelake.synth.media.video import Frame

Defect = Literal[
    "zero_bytes", "truncated", "audio_only", "video_only", "wrong_extension", "not_media", "silence_only",
    "oversize",
]  # fmt: skip
_CLIP_S = 3.0


@dataclass(frozen=True)
class BrokenMedia:
    """One broken file and what a correct ingest should conclude about it."""

    file: str  # relative to the broken/ folder
    defect: Defect
    description: str
    probe_ok: bool  # whether ffprobe can read it at all
    has_video: bool
    has_audio: bool
    size_bytes: int
    sha256: str | None  # None for the sparse oversize file: hashing it would read the hole


def _frames(config: MediaSynthConfig, n: int) -> list[Frame]:
    # a moving gradient: cheap, and not all-identical frames
    h, w = config.height, config.width
    ramp = np.linspace(0, 255, w, dtype=np.float32)[None, :, None]
    frames = []
    for i in range(n):
        frame = np.broadcast_to((ramp + 8 * i) % 256, (h, w, 3)).astype(np.uint8).copy()
        frames.append(frame)
    return frames


def _tone(config: MediaSynthConfig, seconds: float) -> Audio:
    t = np.arange(int(seconds * config.sample_rate), dtype=np.float32) / config.sample_rate
    return (0.3 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32)


def generate_broken(out_dir: Path, config: MediaSynthConfig) -> tuple[BrokenMedia, ...]:
    """Write the broken set into `out_dir` and its `manifest.json`; returns the entries."""
    out_dir.mkdir(parents=True, exist_ok=True)
    n_frames = math.ceil(_CLIP_S * config.fps)
    frames, tone = _frames(config, n_frames), _tone(config, _CLIP_S)

    def clip(
        name: str,
        container: Container,
        frames: list[Frame] | None,
        audio: Audio | None,
        *,
        faststart: bool = True,
    ) -> Path:
        return encode(
            out_dir / name, container, frames=frames, audio=audio, faststart=faststart,
            width=config.width, height=config.height, fps=config.fps, sample_rate=config.sample_rate,
        )  # fmt: skip

    entries: list[BrokenMedia] = []

    def add(name: str, defect: Defect, description: str, *, probe_ok: bool, video: bool, audio: bool) -> None:
        path = out_dir / name
        hashed = defect != "oversize"
        entries.append(
            BrokenMedia(
                file=name,
                defect=defect,
                description=description,
                probe_ok=probe_ok,
                has_video=video,
                has_audio=audio,
                size_bytes=path.stat().st_size,
                sha256=sha256_file(path) if hashed else None,
            )
        )

    (out_dir / "zero_bytes.mp4").write_bytes(b"")
    add(
        "zero_bytes.mp4",
        "zero_bytes",
        "Empty file: an upload that never sent its body.",
        probe_ok=False,
        video=False,
        audio=False,
    )

    # moov at the end (no faststart): cutting the tail loses the index, as an interrupted upload does
    whole = clip("_whole.mp4", "mp4", frames, tone, faststart=False)
    data = whole.read_bytes()
    (out_dir / "truncated.mp4").write_bytes(data[: len(data) * 6 // 10])
    whole.unlink()
    add(
        "truncated.mp4",
        "truncated",
        "MP4 cut at 60% of its bytes: the moov index is missing.",
        probe_ok=False,
        video=False,
        audio=False,
    )

    clip("audio_only.mp4", "mp4", None, tone)
    add(
        "audio_only.mp4",
        "audio_only",
        "MP4 with an AAC track and no video: no face analysis possible.",
        probe_ok=True,
        video=False,
        audio=True,
    )

    clip("video_only.mp4", "mp4", frames, None)
    add(
        "video_only.mp4",
        "video_only",
        "MP4 with H.264 video and no audio: nothing to transcribe.",
        probe_ok=True,
        video=True,
        audio=False,
    )

    clip("wrong_extension.mp4", "webm", frames, tone)
    add(
        "wrong_extension.mp4",
        "wrong_extension",
        "A WebM (VP9 + Opus) named .mp4: trust the content, not the name.",
        probe_ok=True,
        video=True,
        audio=True,
    )

    (out_dir / "not_media.mp4").write_text("This is a note, not a recording.\n", encoding="utf-8")
    add("not_media.mp4", "not_media", "A text file named .mp4.", probe_ok=False, video=False, audio=False)

    silence = np.zeros(int(_CLIP_S * config.sample_rate), dtype=np.float32)
    clip("silence_only.mp4", "mp4", frames, silence)
    add(
        "silence_only.mp4",
        "silence_only",
        "Valid MP4 whose audio is digital silence: no speech to score.",
        probe_ok=True,
        video=True,
        audio=True,
    )

    oversize = clip("oversize.mp4", "mp4", frames[:10], tone[: config.sample_rate])
    with oversize.open("r+b") as handle:
        handle.truncate(config.oversize_limit_bytes + 1)  # extends with a hole: no blocks written
    add(
        "oversize.mp4",
        "oversize",
        f"Valid MP4 padded sparsely to {config.oversize_limit_bytes + 1} bytes, over the "
        f"{config.oversize_limit_bytes}-byte upload limit: reject before reading it.",
        probe_ok=True,
        video=True,
        audio=True,
    )

    manifest = {
        "oversize_limit_bytes": config.oversize_limit_bytes,
        "files": [asdict(e) for e in entries],
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return tuple(entries)
