"""ffprobe as a typed function: what a media file holds, or a ProbeError saying why it cannot be read."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hirelake.errors import HirelakeError


class MediaToolError(HirelakeError):
    """ffmpeg or ffprobe is missing, or refused a file."""


class ProbeError(MediaToolError):
    """ffprobe could not read the file as media."""


@dataclass(frozen=True)
class StreamInfo:
    index: int
    codec_type: str
    codec_name: str
    duration_s: float | None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    sample_rate: int | None = None
    channels: int | None = None


@dataclass(frozen=True)
class MediaProbe:
    format_name: str
    duration_s: float
    size_bytes: int
    streams: tuple[StreamInfo, ...]

    def of_type(self, codec_type: str) -> tuple[StreamInfo, ...]:
        return tuple(s for s in self.streams if s.codec_type == codec_type)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MediaToolError(
            f"{name} was not found on PATH; install ffmpeg (make demo installs it; "
            "on Debian: apt-get install ffmpeg)."
        )
    return path


@functools.cache
def ffmpeg_version() -> str:
    result = subprocess.run(
        [tool("ffmpeg"), "-version"], capture_output=True, text=True, check=False, timeout=30
    )
    first = result.stdout.splitlines()[0] if result.stdout else "unknown"
    return first.split(" Copyright")[0]


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _rate(value: Any) -> float | None:
    if not isinstance(value, str) or "/" not in value:
        return None
    num, den = value.split("/", 1)
    return round(float(num) / float(den), 3) if float(den) else None


def probe(path: Path) -> MediaProbe:
    """Read container and streams with ffprobe; raises ProbeError when the file is not readable media."""
    command = [
        tool("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    if result.returncode != 0:
        reason = (
            result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}"
        )
        raise ProbeError(f"ffprobe cannot read {path}: {reason}")
    info = json.loads(result.stdout)
    fmt = info.get("format", {})
    streams = tuple(
        StreamInfo(
            index=int(s["index"]),
            codec_type=str(s.get("codec_type", "unknown")),
            codec_name=str(s.get("codec_name", "unknown")),
            duration_s=_float(s.get("duration")),
            width=s.get("width"),
            height=s.get("height"),
            fps=_rate(s.get("avg_frame_rate")) if s.get("codec_type") == "video" else None,
            sample_rate=int(s["sample_rate"]) if "sample_rate" in s else None,
            channels=s.get("channels"),
        )
        for s in info.get("streams", [])
    )
    duration = _float(fmt.get("duration"))
    if duration is None:
        raise ProbeError(f"ffprobe found no duration in {path}; the container is incomplete.")
    return MediaProbe(
        format_name=str(fmt.get("format_name", "unknown")),
        duration_s=duration,
        size_bytes=int(fmt.get("size", path.stat().st_size)),
        streams=streams,
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
