"""Generated recordings decode, declare the streams the manifest says, and reproduce byte for byte."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hirelake.hashing import sha256_file
from hirelake.media_probe import probe_media
from hirelake.synth.media import MediaSynthResult, read_truth

from .conftest import CANDIDATES, CONFIG, load_json, run_generation

pytestmark = pytest.mark.slow

EXPECTED_CODECS = {"mp4": ("h264", "aac"), "webm": ("vp9", "opus")}


def test_one_interview_per_candidate_with_both_containers(generated: MediaSynthResult) -> None:
    assert [i.candidate_id for i in generated.interviews] == [c.candidate_id for c in CANDIDATES]
    assert {i.container for i in generated.interviews} == {"mp4", "webm"}
    for interview in generated.interviews:
        folder = interview.media_path.parent
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [f"interview.{interview.container}", "truth.json", "truth.rttm"]
        )
        assert 10 < interview.duration_s < 60


def test_every_recording_decodes_with_declared_streams_and_duration(generated: MediaSynthResult) -> None:
    for interview in generated.interviews:
        probed = probe_media(interview.media_path)
        assert probed.container == interview.container
        assert probed.warnings == ()
        video_codec, audio_codec = EXPECTED_CODECS[interview.container]
        (video,) = probed.video_streams
        (audio,) = probed.audio_streams
        assert (video.codec_name, audio.codec_name) == (video_codec, audio_codec)
        assert (video.width, video.height, video.fps) == (CONFIG.width, CONFIG.height, float(CONFIG.fps))
        assert audio.channels == 1
        truth = read_truth(interview.truth_path)
        assert truth.media.duration_s == interview.duration_s
        assert abs(probed.duration_seconds - interview.duration_s) <= 0.1
        for stream in probed.streams:
            if stream.duration_seconds is not None:  # WebM keeps durations on the container only
                assert abs(stream.duration_seconds - interview.duration_s) <= 0.1
        # a full decode: any corrupt packet makes ffmpeg print an error
        decoded = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(interview.media_path), "-f", "null", "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert decoded.stderr.strip() == ""


def test_manifest_lists_files_with_hashes_and_streams(generated: MediaSynthResult) -> None:
    manifest = load_json(generated.manifest_path)
    assert manifest["generator"]["seed"] == str(CONFIG.seed)
    root = generated.manifest_path.parent
    by_id = {i.interview_id: i for i in generated.interviews}
    assert sorted(by_id) == sorted(e["interview_id"] for e in manifest["interviews"])
    for entry in manifest["interviews"]:
        media = root / entry["media"]
        assert sha256_file(media) == entry["sha256"] == by_id[entry["interview_id"]].sha256
        assert media.stat().st_size == entry["size_bytes"]
        assert (root / entry["truth_rttm"]).is_file() and (root / entry["truth_json"]).is_file()
        assert sorted(s["codec_type"] for s in entry["streams"]) == ["audio", "video"]
    consent = {e["candidate_id"]: e["has_consent"] for e in manifest["interviews"]}
    assert consent == {c.candidate_id: c.has_consent for c in CANDIDATES}


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): sha256_file(p) for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_the_same_bytes(generated: MediaSynthResult, tmp_path: Path) -> None:
    again = run_generation(tmp_path / "again")
    first, second = _tree(generated.out_dir), _tree(again.out_dir)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
