"""The CLI as a person runs it: services up/status/down, restart durability, read-only SQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyarrow as pa
import pytest

from hirelake.errors import LakeError
from hirelake.lake import Lake
from hirelake.settings import Settings
from tests.helpers import isolated_settings

pytestmark = pytest.mark.integration


def _env(settings: Settings) -> dict[str, str]:
    store = settings.store
    return {
        **os.environ,
        "HIRELAKE_DATA_DIR": str(settings.data_dir),
        "HIRELAKE_STORE__ENDPOINT": store.endpoint,
        "HIRELAKE_STORE__MASTER_PORT": str(store.master_port),
        "HIRELAKE_STORE__VOLUME_PORT": str(store.volume_port),
        "HIRELAKE_STORE__FILER_PORT": str(store.filer_port),
        "HIRELAKE_STORE__ADMIN_PORT": str(store.admin_port),
        "HIRELAKE_PREFECT__SERVER_PORT": str(settings.prefect.server_port),
        "COLUMNS": "200",
    }


def hirelake(
    settings: Settings, *args: str, timeout: float = 180, cwd: Path | None = None, data_dir: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = _env(settings)
    if data_dir is not None:
        env["HIRELAKE_DATA_DIR"] = data_dir
    return subprocess.run(
        [str(Path(sys.executable).parent / "hirelake"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def own_store(tmp_path: Path) -> Iterator[Settings]:
    """A store of this test's own, so stopping it disturbs no other test."""
    settings = isolated_settings(tmp_path / "data")
    yield settings
    hirelake(settings, "services", "down")


def test_objects_survive_a_restart_and_status_tells_the_truth(own_store: Settings) -> None:
    up = hirelake(own_store, "services", "up")
    assert up.returncode == 0, up.stderr
    assert hirelake(own_store, "services", "up").returncode == 0  # idempotent
    status = hirelake(own_store, "services", "status")
    assert status.returncode == 0
    assert "seaweedfs" in status.stdout and " up " in status.stdout
    Lake(own_store).put_bytes("durable/object.bin", b"kept across restarts")

    assert hirelake(own_store, "services", "down").returncode == 0
    down = hirelake(own_store, "services", "status")
    assert down.returncode == 1
    assert "down" in down.stdout

    with pytest.raises(LakeError, match="unreachable"):
        Lake(own_store).get_bytes("durable/object.bin")

    assert hirelake(own_store, "services", "up").returncode == 0
    assert Lake(own_store).get_bytes("durable/object.bin") == b"kept across restarts"


def test_a_relative_data_directory_works_from_its_working_directory(own_store: Settings) -> None:
    workdir = own_store.data_dir.parent
    up = hirelake(own_store, "services", "up", cwd=workdir, data_dir="relative-data")
    try:
        assert up.returncode == 0, up.stderr
        assert (workdir / "relative-data" / "secrets" / "store-credentials.json").exists()
    finally:
        hirelake(own_store, "services", "down", cwd=workdir, data_dir="relative-data")


def test_status_is_down_when_the_process_is_gone_but_the_pid_file_remains(own_store: Settings) -> None:
    assert hirelake(own_store, "services", "up").returncode == 0
    pid_file = own_store.run_dir / "seaweedfs.pid"
    pid = int(pid_file.read_text())
    os.kill(pid, 9)  # not our child (the CLI started it): init reaps it
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pid_file.exists()
    status = hirelake(own_store, "services", "status")
    assert status.returncode == 1
    assert "down" in status.stdout


def test_sql_reads_lake_parquet_and_formats(store_settings: Settings) -> None:
    lake = Lake(store_settings)
    lake.write_parquet(
        "marts/test_sql/people.parquet",
        pa.table({"employee_id": ["E1", "E2"], "department": ["急诊科", "心内科"]}),
    )
    query = (
        f"select employee_id, department from read_parquet('s3://{lake.bucket}/marts/test_sql/*.parquet') "
        "order by employee_id"
    )
    as_json = hirelake(store_settings, "sql", query, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == [
        {"employee_id": "E1", "department": "急诊科"},
        {"employee_id": "E2", "department": "心内科"},
    ]
    as_csv = hirelake(store_settings, "sql", query, "--format", "csv")
    assert as_csv.stdout.splitlines() == ["employee_id,department", "E1,急诊科", "E2,心内科"]
    as_table = hirelake(store_settings, "sql", query)
    assert "急诊科" in as_table.stdout


@pytest.mark.parametrize(
    "statement",
    [
        "create table t (a int)",
        "copy (select 1) to '/tmp/hirelake-leak.csv'",
        "select 1; drop table x",
        "attach '/tmp/other.duckdb'",
    ],
)
def test_sql_refuses_anything_but_reads(store_settings: Settings, statement: str) -> None:
    result = hirelake(store_settings, "sql", statement)
    assert result.returncode == 2
    assert "read-only" in result.stderr
    assert "Traceback" not in result.stderr


def test_sql_cannot_write_the_lake_even_through_duckdb(store_settings: Settings) -> None:
    connection = Lake(store_settings, role="reader").duckdb()
    target = f"s3://{store_settings.store.bucket}/marts/evil.parquet"
    with pytest.raises(Exception, match=r"(?i)denied|forbidden|403"):
        connection.execute(f"copy (select 1 as a) to '{target}' (format parquet)")


@pytest.mark.slow
def test_local_prefect_server_starts_answers_and_stops(own_store: Settings) -> None:
    up = hirelake(own_store, "services", "up", "--prefect-server", timeout=240)
    assert up.returncode == 0, up.stderr + up.stdout
    health = httpx.get(f"http://127.0.0.1:{own_store.prefect.server_port}/api/health", timeout=5)
    assert health.status_code == 200
    status = hirelake(own_store, "services", "status")
    assert "prefect-server" in status.stdout
    assert status.stdout.count(" up ") == 2
    down = hirelake(own_store, "services", "down")
    assert "prefect-server   stopped" in down.stdout
