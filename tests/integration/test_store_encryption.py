"""Recordings are encrypted at rest in the embedded store, and still play through presigned URLs.

The store's own files on disk are searched for runs of the original bytes; the key that unwraps the data
keys lives outside the store's data folder, and a store started with another key cannot read the data.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from hirelake.encryption import encrypt_in_place, plaintext_objects
from hirelake.lake import Lake
from hirelake.services.seaweedfs import sse_kek_path, start_seaweedfs, stop_seaweedfs
from hirelake.settings import Settings
from tests.helpers import isolated_settings

pytestmark = pytest.mark.integration


def _recording(path: Path, size: int) -> bytes:
    # Random bytes: nothing in them can be mistaken for SeaweedFS's own structures.
    data = os.urandom(size)
    path.write_bytes(data)
    return data


def _probes(data: bytes, count: int = 8) -> list[bytes]:
    """Distinctive 64-byte runs from across the recording (start, middle, end)."""
    step = max((len(data) - 64) // (count - 1), 1)
    return [*(data[i : i + 64] for i in range(0, len(data) - 64, step)), data[-64:]]


def _files_holding(root: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            content = path.read_bytes()
            found += [f"{path} holds run #{i}" for i, n in enumerate(needles) if n in content]
    return found


def test_recordings_are_ciphertext_on_disk_and_play_through_presigned_urls(
    store_settings: Settings, tmp_path: Path
) -> None:
    lake = Lake(store_settings)
    assert lake.client.get_bucket_encryption(lake.bucket).rule.sse_algorithm == "AES256"
    # One multipart recording (parts of 5 MiB) and one small one, plus a landing upload.
    big = _recording(tmp_path / "interview.mp4", 7 * 1024 * 1024 + 123)
    small = _recording(tmp_path / "short.wav", 200_000)
    landing = _recording(tmp_path / "landing.mp4", 300_000)
    stored_big = lake.put_media("enc-iv-1", tmp_path / "interview.mp4")
    stored_small = lake.put_media("enc-iv-2", tmp_path / "short.wav")
    lake.put_file("landing/interviews/enc-iv-3/landing.mp4", tmp_path / "landing.mp4")

    stat = lake.client.stat_object(lake.bucket, stored_big.key)
    assert stat.metadata.get("X-Amz-Server-Side-Encryption") == "AES256"
    assert lake.get_bytes(stored_big.key) == big
    assert lake.get_bytes(stored_small.key) == small

    # The dashboards' read-only identity plays it through a short-lived URL, seeking included.
    reader = Lake(store_settings, "reader")
    url = reader.presigned_get(stored_big.key, expiry_seconds=60)
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.read() == big
    ranged = urllib.request.Request(url, headers={"Range": "bytes=6000000-6000999"})
    with urllib.request.urlopen(ranged, timeout=30) as response:
        assert response.read() == big[6_000_000:6_001_000]

    needles = _probes(big) + _probes(small) + _probes(landing)
    assert _files_holding(store_settings.store_dir, needles) == []

    # The key is outside the data folder, private, and not copied into it.
    kek_path = sse_kek_path(store_settings)
    assert not kek_path.resolve().is_relative_to(store_settings.store_dir.resolve())
    assert kek_path.stat().st_mode & 0o077 == 0
    kek = kek_path.read_text(encoding="utf-8").strip()
    assert _files_holding(store_settings.store_dir, [kek.encode(), bytes.fromhex(kek)]) == []


def test_older_plaintext_objects_are_encrypted_in_place_and_unreadable_without_the_key(
    tmp_path: Path,
) -> None:
    """A store from before encryption is migrated; its folder alone (a stolen disk) then decrypts nothing."""
    encrypted = isolated_settings(tmp_path / "data")
    plain = encrypted.model_copy(
        update={"store": encrypted.store.model_copy(update={"encrypt_at_rest": False})}
    )
    legacy = os.urandom(100_000)
    start_seaweedfs(plain)
    try:
        Lake(plain).put_bytes("raw/media/k-1/x.bin", legacy, "audio/wav")
    finally:
        stop_seaweedfs(plain)
    assert _files_holding(encrypted.store_dir, _probes(legacy))  # the control: plaintext is findable

    start_seaweedfs(encrypted)
    try:
        lake = Lake(encrypted)
        assert plaintext_objects(lake) == ["raw/media/k-1/x.bin"]
        assert encrypt_in_place(lake) == ["raw/media/k-1/x.bin"]
        assert plaintext_objects(lake) == []
        assert lake.get_bytes("raw/media/k-1/x.bin") == legacy
        assert lake.client.stat_object(lake.bucket, "raw/media/k-1/x.bin").content_type == "audio/wav"
    finally:
        stop_seaweedfs(encrypted)

    original = sse_kek_path(encrypted).read_text(encoding="utf-8")
    sse_kek_path(encrypted).write_text(os.urandom(32).hex(), encoding="utf-8")
    start_seaweedfs(encrypted)
    try:
        # A plain GET: the SDK would retry the 500 with back-off for many seconds.
        url = Lake(encrypted).presigned_get("raw/media/k-1/x.bin", expiry_seconds=30)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=30)
        refused.value.close()
        assert refused.value.code >= 500
    finally:
        stop_seaweedfs(encrypted)
    sse_kek_path(encrypted).write_text(original, encoding="utf-8")
