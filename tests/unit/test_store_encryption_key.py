"""The embedded store's key-encryption key: generated private, outside the data folder, well-formed."""

from __future__ import annotations

from pathlib import Path

import pytest

from hirelake.errors import ConfigurationError
from hirelake.services.seaweedfs import ensure_sse_kek, sse_kek_path
from hirelake.settings import Settings, StoreSettings


def _settings(data_dir: Path, kek_file: Path | None = None) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, store=StoreSettings(sse_kek_file=kek_file))  # type: ignore[call-arg]


def test_generated_once_private_and_outside_the_store(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    kek = ensure_sse_kek(settings)
    path = sse_kek_path(settings)
    assert len(bytes.fromhex(kek)) == 32 and path.stat().st_mode & 0o777 == 0o600
    assert not path.is_relative_to(settings.store_dir)
    assert ensure_sse_kek(settings) == kek  # kept: losing it would lose every recording


def test_refuses_a_key_inside_the_data_folder_a_readable_one_or_a_malformed_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="data folder"):
        ensure_sse_kek(_settings(tmp_path, tmp_path / "seaweedfs" / "kek"))
    readable = tmp_path / "elsewhere" / "kek"
    readable.parent.mkdir()
    readable.write_text("ab" * 32, encoding="utf-8")
    readable.chmod(0o644)
    with pytest.raises(ConfigurationError, match="chmod 600"):
        ensure_sse_kek(_settings(tmp_path, readable))
    readable.chmod(0o600)
    readable.write_text("not hex", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="256-bit"):
        ensure_sse_kek(_settings(tmp_path, readable))
