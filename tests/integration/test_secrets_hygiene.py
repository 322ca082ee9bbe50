"""No generated secret reaches a log, a Prefect record or the lake; the store listens on loopback only.

A representative slice of work runs with every log captured at DEBUG: the store starts, recordings and a
table are written and presigned, the `sync-hris` flow pulls the generated HRIS API with a bearer token.
Then the secrets (store keys, the JWT keys of security.toml, the encryption key, the HRIS token) are
searched for in the captured output, the store's own log, Prefect's flow runs, logs and artifacts, and
every object in the lake, Parquet cells included.
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import pytest

from hirelake.credentials import store_credentials
from hirelake.hris import HrisApiConnector
from hirelake.lake import Lake
from hirelake.logs import configure_logging, get_logger
from hirelake.services.seaweedfs import seaweedfs_process, sse_kek_path, start_seaweedfs, stop_seaweedfs
from hirelake.settings import Settings
from hirelake.synth.hr import HrSynthConfig, generate_hr, serve_hr_api
from tests.helpers import isolated_settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A store of its own: its log and its bucket hold only what this module did."""
    base = isolated_settings(Path(tmp_path_factory.mktemp("secrets-data")))
    configured = base.model_copy(update={"log_level": "DEBUG", "log_format": "json"})
    yield configured
    stop_seaweedfs(configured)


def _secrets(settings: Settings, hris_token: str) -> dict[str, str]:
    creds = store_credentials(settings)
    found = {
        "admin access key": creds.admin.access_key.get_secret_value(),
        "admin secret key": creds.admin.secret_key.get_secret_value(),
        "reader access key": creds.reader.access_key.get_secret_value(),
        "reader secret key": creds.reader.secret_key.get_secret_value(),
        "encryption key": sse_kek_path(settings).read_text(encoding="utf-8").strip(),
        "HRIS token": hris_token,
    }
    security = tomllib.loads(
        (settings.secrets_dir / "seaweedfs" / "security.toml").read_text(encoding="utf-8")
    )
    for section, body in security["jwt"].items():
        found[f"jwt {section}"] = body["key"]
        for sub, nested in body.items():
            if isinstance(nested, dict):
                found[f"jwt {section}.{sub}"] = nested["key"]
    assert len(found) == 10 and all(len(v) >= 16 for v in found.values())
    return found


def _lake_texts(lake: Lake) -> Iterator[tuple[str, str]]:
    for entry in lake.list(""):
        data = lake.get_bytes(entry.key)
        if entry.key.endswith(".parquet"):
            rows = pq.read_table(io.BytesIO(data)).to_pylist()
            yield entry.key, json.dumps(rows, ensure_ascii=False, default=str)
        else:
            yield entry.key, data.decode("utf-8", errors="replace")


def _data_dir_texts(settings: Settings) -> Iterator[tuple[str, str]]:
    """The store's own files (volumes, filer metadata, options) and the service logs: only the secrets
    folder may hold a secret."""
    for path in settings.data_dir.rglob("*"):
        if path.is_file() and not path.is_symlink() and not path.is_relative_to(settings.secrets_dir):
            yield str(path), path.read_bytes().decode("latin-1")


def _prefect_texts() -> Iterator[tuple[str, str]]:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        for run in client.read_flow_runs():
            yield f"flow run {run.name} parameters", json.dumps(run.parameters, default=str)
        for record in client.read_logs():
            yield f"prefect log {record.flow_run_id}", record.message
        for artifact in client.read_artifacts():
            yield (
                f"artifact {artifact.key}",
                json.dumps(artifact.data, default=str) + str(artifact.description),
            )


def test_no_secret_in_logs_prefect_records_or_the_lake(
    settings: Settings,
    prefect_harness: None,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from flows.sync_hris import run_sync_hris

    caplog.set_level(logging.DEBUG)
    configure_logging(settings)
    start_seaweedfs(settings)
    hris_token = secrets.token_urlsafe(32)
    lake = Lake(settings)
    media = tmp_path / "interview.wav"
    media.write_bytes(b"RIFF" + secrets.token_bytes(20_000))
    stored = lake.put_media("sec-iv-1", media)
    url = Lake(settings, "reader").presigned_get(stored.key)
    log = get_logger("tests.secrets")
    # What a careless caller might log: the scrubber must mask the secret values inside them.
    log.info("presigned", url=url, settings_repr=repr(settings))
    hospital = generate_hr(tmp_path / "hr", HrSynthConfig(seed=3, employees=12, candidates=6, months=1))
    with (
        serve_hr_api(hospital.out_dir, hris_token) as server,
        HrisApiConnector(server.url, hris_token, page_size=50) as api,
    ):
        log.warning("connector", detail=f"Authorization: Bearer {hris_token}")
        report = run_sync_hris(settings, api, date(2026, 3, 1))
    assert report.accepted > 0

    captured = capfd.readouterr()
    sources = [
        ("captured stdout", captured.out),
        ("captured stderr", captured.err),
        ("python logging", caplog.text),
        ("store log", seaweedfs_process(settings).log_path.read_text(encoding="utf-8", errors="replace")),
        *_prefect_texts(),
        *_lake_texts(lake),
        *_data_dir_texts(settings),
    ]
    assert any("hr_api" in text or "sync" in text for _, text in sources[:3])  # the logs were captured
    assert any(key.startswith("raw/hris/") for key, _ in sources)  # and the sync wrote the lake
    leaks = [
        f"{name} in {where}"
        for name, value in _secrets(settings, hris_token).items()
        for where, text in sources
        if value in text
    ]
    assert leaks == []


def test_every_listener_of_the_store_binds_loopback(settings: Settings) -> None:
    start_seaweedfs(settings)  # idempotent: already up when the module's first test ran
    pid = seaweedfs_process(settings).read_pid()
    assert pid is not None
    process = psutil.Process(pid)
    sockets = [
        s for p in (process, *process.children(recursive=True)) for s in p.net_connections(kind="inet")
    ]
    listening = [s for s in sockets if s.status == psutil.CONN_LISTEN or (s.type == 2 and s.laddr)]
    ports = {s.laddr.port for s in listening}
    store = settings.store
    expected = {store.s3_port, store.master_port, store.volume_port, store.filer_port}
    assert expected | {p + 10000 for p in expected} <= ports  # HTTP and gRPC of each component
    assert [f"{s.laddr.ip}:{s.laddr.port}" for s in listening if s.laddr.ip != "127.0.0.1"] == []
