"""The broken set has each declared defect, and its manifest says so."""

from __future__ import annotations

import pytest

from hirelake.hashing import sha256_file
from hirelake.media_probe import MediaRejected, ProbeLimits, RejectReason, probe_media
from hirelake.synth.media import MediaSynthResult

from .conftest import CONFIG, decode_audio, load_json

pytestmark = pytest.mark.slow

DEFECTS = {
    "zero_bytes", "truncated", "audio_only", "video_only", "wrong_extension", "not_media", "silence_only",
    "oversize",
}  # fmt: skip
# What ingest, with the upload limit the set was made for, must conclude about each file.
INGEST_LIMITS = ProbeLimits(max_bytes=CONFIG.oversize_limit_bytes)
REJECTED = {
    "zero_bytes": RejectReason.EMPTY,
    "truncated": RejectReason.TRUNCATED,
    "not_media": RejectReason.NOT_MEDIA,
    "video_only": RejectReason.NO_AUDIO,
    "oversize": RejectReason.TOO_LARGE,
}
# Rejections that mean ffprobe cannot read the file at all (the manifest's probe_ok=False).
UNREADABLE = {RejectReason.EMPTY, RejectReason.TRUNCATED, RejectReason.NOT_MEDIA, RejectReason.UNREADABLE}


def test_manifest_declares_every_defect(generated: MediaSynthResult) -> None:
    assert generated.broken_manifest_path is not None
    manifest = load_json(generated.broken_manifest_path)
    assert manifest["oversize_limit_bytes"] == CONFIG.oversize_limit_bytes
    assert {f["defect"] for f in manifest["files"]} == DEFECTS
    folder = generated.broken_manifest_path.parent
    for entry in manifest["files"]:
        path = folder / entry["file"]
        assert path.stat().st_size == entry["size_bytes"]
        if entry["sha256"] is not None:
            assert sha256_file(path) == entry["sha256"]


def test_each_file_has_its_declared_defect(generated: MediaSynthResult) -> None:
    assert generated.broken_manifest_path is not None
    folder = generated.broken_manifest_path.parent
    assert {b.defect for b in generated.broken} == DEFECTS
    for item in generated.broken:
        path = folder / item.file
        if item.defect in REJECTED:
            with pytest.raises(MediaRejected) as caught:
                probe_media(path, INGEST_LIMITS)
            assert caught.value.reason is REJECTED[item.defect], item.file
            assert caught.value.path == path
            assert (caught.value.reason in UNREADABLE) == (not item.probe_ok), item.file
            continue
        probed = probe_media(path, INGEST_LIMITS)
        assert item.probe_ok, item.file
        assert probed.has_video == item.has_video, item.file
        assert bool(probed.audio_streams) == item.has_audio, item.file
        if item.defect != "wrong_extension":
            assert probed.warnings == (), item.file
    by_defect = {b.defect: folder / b.file for b in generated.broken}
    assert by_defect["zero_bytes"].stat().st_size == 0
    assert not probe_media(by_defect["audio_only"], INGEST_LIMITS).has_video
    # video_only is readable: rejected for what it lacks, and the message says what it holds
    with pytest.raises(MediaRejected, match=r"no audio stream \(streams: video\)"):
        probe_media(by_defect["video_only"], INGEST_LIMITS)
    # wrong_extension: the content decides, the misleading name is only a warning
    disguised = probe_media(by_defect["wrong_extension"], INGEST_LIMITS)
    assert "webm" in disguised.format_name
    assert disguised.container == "webm"
    assert disguised.warnings == (
        "wrong_extension.mp4 is named .mp4 but contains WEBM; it was processed as webm",
    )
    assert by_defect["wrong_extension"].suffix == ".mp4"
    # oversize is a valid recording, rejected for its size alone
    oversize = probe_media(by_defect["oversize"], ProbeLimits(max_bytes=CONFIG.oversize_limit_bytes + 1))
    assert oversize.has_video and oversize.audio_streams
    silence = decode_audio(by_defect["silence_only"])
    assert silence.size > 0 and float(abs(silence).max()) < 1e-3
    tone = decode_audio(by_defect["audio_only"])
    assert float(abs(tone).max()) > 0.1


def test_oversize_file_is_sparse_and_over_the_limit(generated: MediaSynthResult) -> None:
    assert generated.broken_manifest_path is not None
    path = generated.broken_manifest_path.parent / "oversize.mp4"
    stat = path.stat()
    assert stat.st_size == CONFIG.oversize_limit_bytes + 1
    assert stat.st_blocks * 512 < 1_000_000  # the hole holds no blocks
