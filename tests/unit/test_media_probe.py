"""ffprobe-based intake checks on small files made with ffmpeg."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import pytest

from hirelake.media_probe import MediaRejected, ProbeLimits, RejectReason, probe_media

FFMPEG = shutil.which("ffmpeg")
pytestmark = pytest.mark.skipif(
    FFMPEG is None or shutil.which("ffprobe") is None, reason="needs ffmpeg/ffprobe"
)

VIDEO = ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=10"]
AUDIO = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000"]


def _ffmpeg(output: Path, *args: str) -> Path:
    assert FFMPEG is not None
    subprocess.run(
        [FFMPEG, "-nostdin", "-v", "error", "-y", *args, "-t", "1", str(output)], check=True, timeout=60
    )
    return output


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("media")
    files = {
        "mp4": _ffmpeg(folder / "a.mp4", *VIDEO, *AUDIO, "-c:v", "libx264", "-c:a", "aac", "-shortest"),
        "webm": _ffmpeg(folder / "a.webm", *VIDEO, *AUDIO, "-c:v", "libvpx", "-c:a", "libopus"),
        "wav": _ffmpeg(folder / "a.wav", *AUDIO),
        "mp3": _ffmpeg(folder / "a.mp3", *AUDIO),
        "mkv": _ffmpeg(folder / "a.mkv", *VIDEO, *AUDIO, "-c:v", "libx264", "-c:a", "aac"),
        "ogg": _ffmpeg(folder / "a.ogg", *AUDIO, "-c:a", "libvorbis"),
        "video_only": _ffmpeg(folder / "video_only.mp4", *VIDEO, "-c:v", "libx264"),
    }
    files["mov"] = _ffmpeg(folder / "a.mov", "-i", str(files["mp4"]), "-c", "copy")
    files["m4a"] = _ffmpeg(folder / "a.m4a", "-i", str(files["mp4"]), "-vn", "-c", "copy")
    return files


@pytest.mark.parametrize("kind", ["mp4", "webm", "mov", "wav", "mp3", "m4a"])
def test_accepted_containers_are_described(media: dict[str, Path], kind: str) -> None:
    probe = probe_media(media[kind])
    assert probe.container == kind
    assert probe.duration_seconds == pytest.approx(1.0, abs=0.1)
    assert probe.size_bytes == media[kind].stat().st_size
    assert probe.audio_streams
    assert probe.warnings == ()


def test_video_details(media: dict[str, Path]) -> None:
    probe = probe_media(media["mp4"])
    assert probe.has_video
    assert (probe.width, probe.height, probe.fps) == (160, 120, 10.0)
    assert [s.codec_name for s in probe.streams] == ["h264", "aac"]
    assert probe.format_name.startswith("mov,mp4")
    assert not probe_media(media["m4a"]).has_video


def _rejected(path: Path, reason: RejectReason, limits: ProbeLimits | None = None) -> str:
    with pytest.raises(MediaRejected) as caught:
        probe_media(path, limits)
    assert caught.value.reason is reason
    assert caught.value.path == path
    return str(caught.value)


def test_zero_bytes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.touch()
    assert "empty (0 bytes)" in _rejected(empty, RejectReason.EMPTY)


def test_text_file_renamed_mp4(tmp_path: Path) -> None:
    fake = tmp_path / "answer.mp4"
    fake.write_text("Dear HR, please find my CV attached.\n")
    message = _rejected(fake, RejectReason.NOT_MEDIA)
    assert "not an audio or video file" in message
    assert "Dear HR" in message  # shows what the file starts with


def test_truncated_mp4_names_the_missing_moov_atom(media: dict[str, Path], tmp_path: Path) -> None:
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(media["mp4"].read_bytes()[: media["mp4"].stat().st_size // 2])
    message = _rejected(cut, RejectReason.TRUNCATED)
    assert "moov atom not found" in message
    assert "upload the complete file" in message


def test_truncated_webm(media: dict[str, Path], tmp_path: Path) -> None:
    cut = tmp_path / "cut.webm"
    cut.write_bytes(media["webm"].read_bytes()[: media["webm"].stat().st_size // 4])
    _rejected(cut, RejectReason.TRUNCATED)


def test_video_without_audio(media: dict[str, Path]) -> None:
    message = _rejected(media["video_only"], RejectReason.NO_AUDIO)
    assert "no audio stream (streams: video)" in message
    assert "microphone" in message


def test_zero_length_audio_stream(tmp_path: Path) -> None:
    header_only = tmp_path / "header_only.wav"
    with wave.open(str(header_only), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16_000)
        writer.writeframes(b"")
    assert "0 s" in _rejected(header_only, RejectReason.ZERO_LENGTH)


@pytest.mark.parametrize(("kind", "named"), [("mkv", "Matroska"), ("ogg", "Ogg")])
def test_unsupported_containers(media: dict[str, Path], kind: str, named: str) -> None:
    message = _rejected(media[kind], RejectReason.UNSUPPORTED_CONTAINER)
    assert named in message
    assert "MP4/WEBM/MOV/WAV/MP3/M4A" in message


def test_container_comes_from_content_and_a_wrong_extension_is_reported(
    media: dict[str, Path], tmp_path: Path
) -> None:
    disguised = tmp_path / "answer.mp4"
    shutil.copyfile(media["wav"], disguised)
    probe = probe_media(disguised)
    assert probe.container == "wav"
    assert probe.warnings == ("answer.mp4 is named .mp4 but contains WAV; it was processed as wav",)


def test_limits(media: dict[str, Path]) -> None:
    too_long = _rejected(media["mp4"], RejectReason.TOO_LONG, ProbeLimits(max_duration_seconds=0.5))
    assert "exceeds the" in too_long
    assert "limit" in too_long
    assert "over the 1.0 KiB limit" in _rejected(
        media["mp4"], RejectReason.TOO_LARGE, ProbeLimits(max_bytes=1024)
    )
    huge = _rejected(media["mp4"], RejectReason.BAD_DIMENSIONS, ProbeLimits(max_width=100))
    assert "160x120" in huge


def test_limit_message_reads_in_hours() -> None:
    from hirelake.media_probe import _human_duration

    assert _human_duration(7200) == "2 h"
    assert _human_duration(7325) == "2 h 02 min"
    assert _human_duration(95) == "1 min 35 s"


def test_missing_file_is_not_a_rejection(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        probe_media(tmp_path / "nowhere.mp4")
