"""Encode frames + audio into MP4 (H.264 + AAC) or WebM (VP9 + Opus), byte-for-byte reproducibly.

Reproducible means: one encoder thread (x264/libvpx split work differently with more threads),
`bitexact` flags so no encoder version or timestamp enters the stream, and no metadata copied in.
Frames are streamed to ffmpeg's stdin, so a long interview never sits in memory as video.
"""

from __future__ import annotations

import subprocess
import tempfile
import wave
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import numpy as np

from hirelake.synth.media.config import Container
from hirelake.synth.media.speech import Audio
from hirelake.synth.media.tools import MediaToolError, tool
from hirelake.synth.media.video import Frame

_DETERMINISTIC = [
    "-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
    "-map_metadata", "-1",
]  # fmt: skip
_CODECS: dict[Container, tuple[list[str], list[str]]] = {
    "mp4": (
        ["-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-pix_fmt", "yuv420p", "-g", "50"],
        ["-c:a", "aac", "-b:a", "48k"],
    ),
    "webm": (
        ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "0",
         "-b:v", "0", "-crf", "40", "-pix_fmt", "yuv420p", "-g", "50"],
        ["-c:a", "libopus", "-b:a", "32k"],
    ),
}  # fmt: skip


def write_wav(path: Path, audio: Audio, sample_rate: int) -> None:
    """16-bit PCM mono WAV."""
    pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).round().astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(sample_rate)
        handle.writeframes(pcm.tobytes())


def _write_all(pipe: IO[bytes], data: bytes) -> None:
    # an unbuffered pipe write may take only part of a large frame
    view = memoryview(data)
    while view:
        written = pipe.write(view)
        view = view[written or 0 :]


def _check_frame(frame: Frame, width: int, height: int) -> None:
    if frame.shape != (height, width, 3) or frame.dtype != np.uint8:
        raise ValueError(f"frame is {frame.dtype} {frame.shape}; encode needs uint8 ({height}, {width}, 3)")


def encode(
    out_path: Path,
    container: Container,
    *,
    frames: Iterable[Frame] | None,
    audio: Audio | None,
    width: int,
    height: int,
    fps: int,
    sample_rate: int,
    faststart: bool = True,
) -> Path:
    """Write `out_path`; `frames=None` makes an audio-only file, `audio=None` a video-only one."""
    if frames is None and audio is None:
        raise ValueError("encode needs frames, audio or both")
    video_codec, audio_codec = _CODECS[container]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hirelake-mux-") as tmp:
        command = [tool("ffmpeg"), "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
        maps: list[str] = []
        inputs = 0
        if frames is not None:
            command += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", str(fps),
                        "-i", "pipe:0"]  # fmt: skip
            maps += ["-map", f"{inputs}:v", *video_codec, "-r", str(fps)]
            inputs += 1
        if audio is not None:
            wav = Path(tmp) / "audio.wav"
            write_wav(wav, audio, sample_rate)
            command += ["-i", str(wav)]
            maps += ["-map", f"{inputs}:a", *audio_codec, "-ac", "1", "-ar", str(sample_rate)]
        command += maps + _DETERMINISTIC
        if container == "mp4" and faststart:
            command += ["-movflags", "+faststart"]
        command += ["-f", container, str(out_path)]
        stderr_path = Path(tmp) / "ffmpeg.log"
        with stderr_path.open("wb") as stderr:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=stderr, bufsize=0
            )
            assert process.stdin is not None  # noqa: S101 - Popen(stdin=PIPE) always sets it
            try:
                if frames is not None:
                    for frame in frames:
                        _check_frame(frame, width, height)
                        _write_all(process.stdin, np.ascontiguousarray(frame).tobytes())
            except BrokenPipeError:
                pass  # ffmpeg exited early; its log below says why
            except BaseException:
                process.kill()
                process.wait()
                raise
            finally:
                if not process.stdin.closed:
                    process.stdin.close()
            code = process.wait(timeout=600)
        if code != 0:
            log = stderr_path.read_text(errors="replace").strip()
            raise MediaToolError(f"ffmpeg could not encode {out_path.name} ({container}): {log[-800:]}")
    return out_path
