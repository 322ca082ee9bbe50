"""The one ffprobe wrapper: what a media file holds, or why the pipeline cannot take it.

`probe_media(path, limits)` returns a `MediaProbe` for a file the pipeline can process, or raises
`MediaRejected` with a machine-readable `reason` and a message a person can act on (re-upload,
re-record, convert). The container is decided by what ffprobe and the file's first bytes say, never
by the extension; a misleading extension is reported as a warning, not a rejection.

Ingest probes uploads with the default `ProbeLimits`; the synthetic-media generator
(`hirelake.synth.media`) probes what it wrote with generous ones. `ProbeToolError` means ffprobe
itself is missing or hung, a problem of this machine rather than of the file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Any

from hirelake.errors import HirelakeError

ACCEPTED_CONTAINERS = ("mp4", "webm", "mov", "wav", "mp3", "m4a")
_PROBE_TIMEOUT_SECONDS = 120
_HEAD_BYTES = 64
_MIN_SIDE_PIXELS = 2
# Extensions each accepted container is commonly saved with (for the wrong-extension warning).
_EXTENSIONS = {
    "mp4": {".mp4", ".m4v"},
    "webm": {".webm"},
    "mov": {".mov", ".qt"},
    "wav": {".wav", ".wave"},
    "mp3": {".mp3"},
    "m4a": {".m4a", ".mp4", ".aac"},
}
# ftyp major brands of the ISO base media family, by the container they mean.
_MOV_BRANDS = {"qt"}
_M4A_BRANDS = {"m4a", "m4b", "m4p"}
_3GP_PREFIXES = ("3gp", "3g2")
_TRUNCATION_MARKERS = ("moov atom not found", "file ended prematurely", "truncated", "partial file")


class RejectReason(StrEnum):
    EMPTY = "empty"
    NOT_MEDIA = "not_media"
    TRUNCATED = "truncated"
    UNREADABLE = "unreadable"
    UNSUPPORTED_CONTAINER = "unsupported_container"
    NO_AUDIO = "no_audio"
    ZERO_LENGTH = "zero_length"
    TOO_LONG = "too_long"
    TOO_LARGE = "too_large"
    BAD_DIMENSIONS = "bad_dimensions"


class MediaRejected(HirelakeError):  # noqa: N818 - a verdict on the file, not a program error
    """The file cannot enter the pipeline; `reason` is stable for quarantine, the message is for people."""

    def __init__(self, path: Path, reason: RejectReason, message: str) -> None:
        super().__init__(f"{path.name}: {message}")
        self.path = path
        self.reason = reason
        self.detail = message


class ProbeToolError(HirelakeError, RuntimeError):
    """ffprobe itself is missing or hung: a problem of this machine, not of the uploaded file."""


@dataclass(frozen=True)
class ProbeLimits:
    max_bytes: int = 4 * 1024**3
    max_duration_seconds: float = 2 * 3600.0
    max_width: int = 7680
    max_height: int = 4320


@dataclass(frozen=True)
class StreamInfo:
    index: int
    codec_type: str  # "audio", "video", "subtitle", "data"
    codec_name: str
    duration_seconds: float | None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    sample_rate: int | None = None
    channels: int | None = None


@dataclass(frozen=True)
class MediaProbe:
    path: Path
    container: str  # one of ACCEPTED_CONTAINERS
    format_name: str  # ffprobe's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    size_bytes: int
    duration_seconds: float
    streams: tuple[StreamInfo, ...]
    warnings: tuple[str, ...] = ()

    @property
    def audio_streams(self) -> tuple[StreamInfo, ...]:
        return tuple(s for s in self.streams if s.codec_type == "audio")

    @property
    def video_streams(self) -> tuple[StreamInfo, ...]:
        return tuple(s for s in self.streams if s.codec_type == "video")

    @property
    def has_video(self) -> bool:
        return bool(self.video_streams)

    @property
    def width(self) -> int | None:
        return self.video_streams[0].width if self.video_streams else None

    @property
    def height(self) -> int | None:
        return self.video_streams[0].height if self.video_streams else None

    @property
    def fps(self) -> float | None:
        return self.video_streams[0].fps if self.video_streams else None


def probe_media(path: Path, limits: ProbeLimits | None = None) -> MediaProbe:
    """Describe `path` or raise `MediaRejected` saying what is wrong with it and what to do."""
    limits = limits or ProbeLimits()
    size = _check_size(path, limits)
    head = _read_head(path)
    data = _run_ffprobe(path, head)
    container = _container(path, data, head)
    streams = tuple(_stream_info(raw) for raw in data.get("streams", []))
    duration = _duration(path, data)
    probe = MediaProbe(
        path=path,
        container=container,
        format_name=str(data["format"].get("format_name", "")),
        size_bytes=size,
        duration_seconds=duration,
        streams=streams,
        warnings=_extension_warnings(path, container),
    )
    _check_streams(probe, limits)
    _check_duration(probe, limits)
    return probe


def _reject(path: Path, reason: RejectReason, message: str) -> MediaRejected:
    return MediaRejected(path, reason, message)


def _check_size(path: Path, limits: ProbeLimits) -> int:
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist or is not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise _reject(
            path, RejectReason.EMPTY, "the file is empty (0 bytes): the upload failed; upload it again"
        )
    if size > limits.max_bytes:
        raise _reject(
            path,
            RejectReason.TOO_LARGE,
            f"the file is {_human_bytes(size)}, over the {_human_bytes(limits.max_bytes)} limit: "
            "re-encode it at a lower bitrate or split it",
        )
    return size


def _read_head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(_HEAD_BYTES)


_MAGIC_PREFIXES = (
    (b"\x1a\x45\xdf\xa3", "matroska"),
    (b"RIFF", "riff"),
    (b"ID3", "mpeg-audio"),
    (b"OggS", "ogg"),
    (b"fLaC", "flac"),
    (b"FORM", "aiff"),
    (b"#!AMR", "amr"),
    (b"\x30\x26\xb2\x75", "asf"),
)
_ISOBMFF_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


def _sniff(head: bytes) -> str | None:
    """The family a file's first bytes announce, or None when they announce no media at all."""
    if head[4:8] in _ISOBMFF_BOXES:
        return "isobmff"
    for prefix, family in _MAGIC_PREFIXES:
        if head.startswith(prefix):
            return family
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:  # MPEG audio frame sync
        return "mpeg-audio"
    return None


def _run_ffprobe(path: Path, head: bytes) -> dict[str, Any]:
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise ProbeToolError("ffprobe is not installed: install ffmpeg (`make demo` does) and retry")
    command = [
        ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path),
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, check=False, timeout=_PROBE_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        raise ProbeToolError(f"ffprobe took over {_PROBE_TIMEOUT_SECONDS} s on {path.name}") from error
    stderr = result.stderr.decode(errors="replace")
    if result.returncode != 0 or not result.stdout.strip():
        raise _unreadable(path, head, stderr)
    data: dict[str, Any] = json.loads(result.stdout)
    if "format" not in data:
        raise _unreadable(path, head, stderr)
    if any(marker in stderr.lower() for marker in _TRUNCATION_MARKERS):
        raise _truncated(path, stderr)
    return data


def _unreadable(path: Path, head: bytes, stderr: str) -> MediaRejected:
    family = _sniff(head)
    if family is None:
        preview = head[:16].decode("ascii", errors="replace").replace("\n", " ")
        return _reject(
            path,
            RejectReason.NOT_MEDIA,
            f"this is not an audio or video file (it starts with {preview!r}); upload the recording itself",
        )
    if any(marker in stderr.lower() for marker in _TRUNCATION_MARKERS):
        return _truncated(path, stderr)
    return _reject(
        path,
        RejectReason.UNREADABLE,
        f"the {family} file is corrupt and cannot be read ({_last_line(stderr)}); "
        "export the recording again and re-upload it",
    )


def _truncated(path: Path, stderr: str) -> MediaRejected:
    return _reject(
        path,
        RejectReason.TRUNCATED,
        f"the file is truncated ({_last_line(stderr, prefer='moov atom')}): the upload was cut off or "
        "the recorder was not stopped cleanly; upload the complete file again",
    )


def _last_line(stderr: str, prefer: str | None = None) -> str:
    lines = [line.split("] ", 1)[-1].strip() for line in stderr.strip().splitlines() if line.strip()]
    if prefer:
        preferred = [line for line in lines if prefer in line]
        if preferred:
            return preferred[0]
    return lines[-1] if lines else "no detail from ffprobe"


def _container(path: Path, data: dict[str, Any], head: bytes) -> str:
    fmt = data["format"]
    names = set(str(fmt.get("format_name", "")).split(","))
    if "mp4" in names or "mov" in names:
        return _isobmff_container(path, fmt, data.get("streams", []))
    if "matroska" in names or "webm" in names:
        if b"webm" in head:
            return "webm"
        raise _unsupported(path, "Matroska (.mkv)")
    if "wav" in names:
        return "wav"
    if "mp3" in names:
        return "mp3"
    raise _unsupported(path, str(fmt.get("format_long_name") or fmt.get("format_name")))


def _isobmff_container(path: Path, fmt: dict[str, Any], streams: list[dict[str, Any]]) -> str:
    brand = str(fmt.get("tags", {}).get("major_brand", "")).strip().lower()
    if brand in _MOV_BRANDS:
        return "mov"
    if brand in _M4A_BRANDS:
        return "m4a"
    if brand.startswith(_3GP_PREFIXES):
        raise _unsupported(path, f"3GPP ({brand})")
    has_video = any(s.get("codec_type") == "video" for s in streams)
    return "mp4" if has_video or brand else "m4a"


def _unsupported(path: Path, what: str) -> MediaRejected:
    accepted = "/".join(c.upper() for c in ACCEPTED_CONTAINERS)
    return _reject(
        path,
        RejectReason.UNSUPPORTED_CONTAINER,
        f"the container is {what}, which is not accepted ({accepted} are): convert it, "
        "e.g. `ffmpeg -i input -c:v libx264 -c:a aac output.mp4`",
    )


def _stream_info(raw: dict[str, Any]) -> StreamInfo:
    duration = _float_or_none(raw.get("duration"))
    if raw.get("nb_frames") == "0":  # a declared stream with no frames at all
        duration = 0.0
    return StreamInfo(
        index=int(raw.get("index", 0)),
        codec_type=str(raw.get("codec_type", "unknown")),
        codec_name=str(raw.get("codec_name", "unknown")),
        duration_seconds=duration,
        width=_int_or_none(raw.get("width")),
        height=_int_or_none(raw.get("height")),
        fps=_rate(raw.get("avg_frame_rate")) or _rate(raw.get("r_frame_rate")),
        sample_rate=_int_or_none(raw.get("sample_rate")),
        channels=_int_or_none(raw.get("channels")),
    )


def _duration(path: Path, data: dict[str, Any]) -> float:
    duration = _float_or_none(data["format"].get("duration"))
    if duration is None:
        duration = _scan_duration(path)
    return duration


def _scan_duration(path: Path) -> float:
    """Live-recorded WebM (browser MediaRecorder) carries no duration: read the last packet time."""
    ffprobe = shutil.which("ffprobe") or "ffprobe"
    command = [
        ffprobe, "-v", "error", "-select_streams", "a:0", "-show_entries", "packet=pts_time,duration_time",
        "-of", "csv=p=0", str(path),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, check=False, timeout=_PROBE_TIMEOUT_SECONDS)
    end = 0.0
    for line in result.stdout.decode(errors="replace").splitlines():
        parts = [_float_or_none(p) for p in line.split(",")]
        if parts and parts[0] is not None:
            end = max(end, parts[0] + (parts[1] if len(parts) > 1 and parts[1] is not None else 0.0))
    return end


def _check_streams(probe: MediaProbe, limits: ProbeLimits) -> None:
    path = probe.path
    if not probe.streams:
        # A container header with no stream behind it is a damaged index, not a muted microphone.
        raise _reject(
            path,
            RejectReason.UNREADABLE,
            f"the {probe.container} file holds no readable stream (its index is damaged): "
            "export the recording again and re-upload it",
        )
    if not probe.audio_streams:
        kinds = ", ".join(sorted({s.codec_type for s in probe.streams})) or "none"
        raise _reject(
            path,
            RejectReason.NO_AUDIO,
            f"the recording has no audio stream (streams: {kinds}): check the microphone permission "
            "of the recording device and record again",
        )
    if probe.audio_streams[0].duration_seconds == 0.0 or probe.duration_seconds <= 0.0:
        raise _reject(
            path,
            RejectReason.ZERO_LENGTH,
            "the audio stream is empty (0 s): the recording stopped at once; record again",
        )
    for video in probe.video_streams:
        _check_dimensions(path, video, limits)


def _check_dimensions(path: Path, video: StreamInfo, limits: ProbeLimits) -> None:
    width, height = video.width or 0, video.height or 0
    too_small = width < _MIN_SIDE_PIXELS or height < _MIN_SIDE_PIXELS
    if too_small or width > limits.max_width or height > limits.max_height:
        raise _reject(
            path,
            RejectReason.BAD_DIMENSIONS,
            f"the video is {width}x{height} pixels, outside {_MIN_SIDE_PIXELS}x{_MIN_SIDE_PIXELS} to "
            f"{limits.max_width}x{limits.max_height}: the file is damaged or was not recorded by a camera; "
            "re-export it at a normal resolution",
        )


def _check_duration(probe: MediaProbe, limits: ProbeLimits) -> None:
    if probe.duration_seconds > limits.max_duration_seconds:
        raise _reject(
            probe.path,
            RejectReason.TOO_LONG,
            f"duration {_human_duration(probe.duration_seconds)} exceeds the "
            f"{_human_duration(limits.max_duration_seconds)} limit: split the recording into answers",
        )


def _extension_warnings(path: Path, container: str) -> tuple[str, ...]:
    suffix = path.suffix.lower()
    if suffix in _EXTENSIONS[container]:
        return ()
    shown = suffix or "no extension"
    return (
        f"{path.name} is named {shown} but contains {container.upper()}; it was processed as {container}",
    )


def _float_or_none(value: object) -> float | None:
    try:
        return float(str(value)) if value not in (None, "N/A", "") else None
    except ValueError:
        return None


def _int_or_none(value: object) -> int | None:
    number = _float_or_none(value)
    return int(number) if number is not None else None


def _rate(value: object) -> float | None:
    try:
        rate = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None
    return float(rate) if rate > 0 else None


def _human_bytes(size: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def _human_duration(seconds: float) -> str:
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours and not minutes and not secs:
        return f"{hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
