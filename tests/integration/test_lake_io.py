"""Lake I/O against the real store: media, Parquet tables, SQL over s3://, interrupted writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from hirelake.hashing import sha256_file
from hirelake.lake import Lake
from hirelake.settings import Settings

pytestmark = pytest.mark.integration


def _random_file(path: Path, size: int, seed: int) -> Path:
    path.write_bytes(np.random.default_rng(seed).bytes(size))
    return path


def test_media_round_trip_of_50_mb_matches_sha256(store_settings: Settings, tmp_path: Path) -> None:
    source = _random_file(tmp_path / "面试 recording.mp4", 50 * 1024 * 1024, seed=1)
    lake = Lake(store_settings)
    stored = lake.put_media("iv-roundtrip", source)
    assert stored.created
    assert stored.key == f"raw/media/iv-roundtrip/{sha256_file(source)}.mp4"
    assert stored.size_bytes == source.stat().st_size
    stat = lake.client.stat_object(lake.bucket, stored.key)
    assert stat.metadata["x-amz-meta-sha256"] == stored.sha256
    # 50 MB in 5 MB parts: a multipart upload, whose ETag carries the part count.
    assert stat.etag is not None and stat.etag.endswith("-10")
    copy = tmp_path / "copy.mp4"
    Lake(store_settings, role="reader").client.fget_object(lake.bucket, stored.key, str(copy))
    assert sha256_file(copy) == stored.sha256


def test_same_content_is_stored_once(store_settings: Settings, tmp_path: Path) -> None:
    source = _random_file(tmp_path / "a.wav", 300_000, seed=2)
    again = tmp_path / "renamed.wav"
    again.write_bytes(source.read_bytes())
    lake = Lake(store_settings)
    first = lake.put_media("iv-dedup-1", source)
    second = lake.put_media("iv-dedup-2", again)
    assert first.created and not second.created
    assert second.key == first.key
    stored = [e.key for e in lake.list("raw/media/") if first.sha256 in e.key]
    assert stored == [first.key]


def test_parquet_table_is_queryable_through_duckdb_over_s3(store_settings: Settings) -> None:
    lake = Lake(store_settings)
    for part in range(3):
        table = pa.table(
            {
                "interview_id": [f"iv-{part}-{i}" for i in range(100)],
                "score": pa.array(np.arange(100, dtype="float64") + part),
                "department": ["急诊科"] * 100,
            }
        )
        lake.write_parquet(f"silver/test_scores/part={part}.parquet", table)
    connection = Lake(store_settings, role="reader").duckdb()
    rows, total, department = connection.execute(
        "select count(*), sum(score), any_value(department) "
        f"from read_parquet('s3://{lake.bucket}/silver/test_scores/*.parquet')"
    ).fetchone()  # type: ignore[misc]
    assert rows == 300
    assert total == pytest.approx(3 * sum(range(100)) + 100 * (0 + 1 + 2))
    assert department == "急诊科"


_WRITER = r"""
import os, sys, time
import numpy as np, pyarrow as pa
from pathlib import Path
from hirelake.lake import Lake
from hirelake.settings import Settings

settings = Settings.model_validate_json(Path(sys.argv[1]).read_text())
mode, marker = sys.argv[2], Path(sys.argv[3])
lake = Lake(settings)

def hang(*_args, **_kwargs):
    marker.write_text("ready")
    time.sleep(600)

if mode == "before-publish":
    lake._publish = hang  # the new file is written locally; killed before it is published
else:
    import minio.api
    original = minio.api.Minio._upload_part
    def upload_then_hang(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        hang()
        return result
    minio.api.Minio._upload_part = upload_then_hang  # one part uploaded, multipart never completed

rng = np.random.default_rng(3)
table = pa.table({"version": np.full(2_000_000, 2), "noise": rng.random(2_000_000)})
lake.write_parquet("silver/interrupted/table.parquet", table)
"""


@pytest.mark.parametrize("moment", ["before-publish", "mid-multipart-upload"])
def test_killed_writer_leaves_previous_version_readable(
    store_settings: Settings, tmp_path: Path, moment: str
) -> None:
    lake = Lake(store_settings)
    previous = pa.table({"version": [1, 1, 1], "noise": [0.1, 0.2, 0.3]})
    lake.write_parquet("silver/interrupted/table.parquet", previous)
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(store_settings.model_dump_json())
    settings_file.chmod(0o600)
    marker = tmp_path / "marker"
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    writer = subprocess.Popen(
        [sys.executable, str(script), str(settings_file), moment, str(marker)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert writer.poll() is None, "writer exited before reaching the publish step"
        assert time.monotonic() < deadline, "writer never reached the publish step"
        time.sleep(0.1)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    assert lake.read_parquet("silver/interrupted/table.parquet").equals(previous)
    assert [e.key for e in lake.list("silver/interrupted/")] == ["silver/interrupted/table.parquet"]
