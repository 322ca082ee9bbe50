"""The broken set has each declared defect, and its manifest says so."""

from __future__ import annotations

import pytest

from hirelake.synth.media import MediaSynthResult, ProbeError, probe
from hirelake.synth.media.probe import sha256_file

from .conftest import CONFIG, decode_audio, load_json

pytestmark = pytest.mark.slow

DEFECTS = {
    "zero_bytes", "truncated", "audio_only", "video_only", "wrong_extension", "not_media", "silence_only",
    "oversize",
}  # fmt: skip


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
    for item in generated.broken:
        path = folder / item.file
        if not item.probe_ok:
            with pytest.raises(ProbeError, match=r"ffprobe cannot read|no duration"):
                probe(path)
            continue
        probed = probe(path)
        assert bool(probed.of_type("video")) == item.has_video, item.file
        assert bool(probed.of_type("audio")) == item.has_audio, item.file
    by_defect = {b.defect: folder / b.file for b in generated.broken}
    assert by_defect["zero_bytes"].stat().st_size == 0
    assert "webm" in probe(by_defect["wrong_extension"]).format_name
    assert by_defect["wrong_extension"].suffix == ".mp4"
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
