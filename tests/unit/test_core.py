"""Core pieces that need no service: settings, secret scrubbing, the read-only SQL gate, processes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import structlog

from hirelake.credentials import ensure_embedded_credentials, store_credentials
from hirelake.errors import ConfigurationError, QueryError, ServiceError
from hirelake.logs import SCRUBBER, SecretScrubber, configure_logging, get_logger
from hirelake.services.process import ManagedProcess
from hirelake.settings import Settings
from hirelake.warehouse import check_read_only
from tests.helpers import free_ports


def test_settings_read_prefixed_nested_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIRELAKE_DATA_DIR", "/srv/hirelake")
    monkeypatch.setenv("HIRELAKE_STORE__EMBEDDED", "false")
    monkeypatch.setenv("HIRELAKE_STORE__ENDPOINT", "minio.hospital.example:9000")
    monkeypatch.setenv("HIRELAKE_STORE__SECRET_KEY", "s3cr3t-value-123")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.data_dir == Path("/srv/hirelake")
    assert not settings.store.embedded
    assert settings.store.s3_port == 9000
    assert "s3cr3t" not in repr(settings)
    assert settings.store.secret_key is not None
    assert settings.store.secret_key.get_secret_value() == "s3cr3t-value-123"


def test_external_store_requires_all_credentials(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, store={"embedded": False})  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="HIRELAKE_STORE__ACCESS_KEY"):
        store_credentials(settings)


def test_embedded_credentials_are_generated_once_and_refused_when_exposed(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="services up"):
        store_credentials(settings)
    first = ensure_embedded_credentials(settings)
    assert ensure_embedded_credentials(settings) == first
    path = settings.secrets_dir / "store-credentials.json"
    assert set(json.loads(path.read_text())) == {"admin", "reader"}
    path.chmod(0o644)
    with pytest.raises(ConfigurationError, match="chmod 600"):
        store_credentials(settings)


def test_scrubber_masks_secret_keys_and_known_values() -> None:
    scrubber = SecretScrubber()
    scrubber.register(["AKIA-very-secret-value"])
    event = scrubber(
        None,
        "info",
        {
            "event": "connect failed: key AKIA-very-secret-value refused",
            "secret_key": "anything",
            "nested": {"password": "p", "url": "http://x/?sig=AKIA-very-secret-value"},
            "interview_id": "iv-1",
        },
    )
    assert "AKIA-very-secret-value" not in json.dumps(event)
    assert event["secret_key"] == "***"
    assert event["nested"]["password"] == "***"
    assert event["interview_id"] == "iv-1"


def test_logs_never_carry_a_registered_secret(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(Settings(_env_file=None, log_format="json"))  # type: ignore[call-arg]
    SCRUBBER.register(["generated-secret-abcdef"])
    get_logger("test", run_id="r1").info("uploading", detail="token=generated-secret-abcdef")
    line = capsys.readouterr().err.strip()
    record = json.loads(line)
    assert record["run_id"] == "r1"
    assert "generated-secret-abcdef" not in line
    structlog.reset_defaults()


@pytest.mark.parametrize(
    "query", ["select 1", "with a as (select 2) select * from a", "explain select 1", "describe select 1"]
)
def test_read_only_gate_allows_reads(query: str) -> None:
    check_read_only(query)


@pytest.mark.parametrize(
    "query",
    [
        "insert into t values (1)",
        "delete from fct_payslips",
        "select 1; drop table fct_payslips",
        "copy fct_payslips to 'out.csv'",
        "attach 'x.duckdb'",
        "set threads = 1",
        "",
    ],
)
def test_read_only_gate_refuses_writes(query: str) -> None:
    with pytest.raises(QueryError):
        check_read_only(query)


def test_managed_process_start_status_stop(tmp_path: Path) -> None:
    (port,) = free_ports(1)
    service = ManagedProcess("web", "http.server", tmp_path, "127.0.0.1", port)
    assert not service.state().running
    state = service.start(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=tmp_path,
        env={},
        ready=lambda: service.state().port_answers,
        timeout_seconds=20,
    )
    assert state.running and state.pid is not None
    assert service.stop()
    after = service.state()
    assert not after.pid_alive and not after.running
    assert not service.stop()  # nothing left to stop


def test_managed_process_reports_a_crash_with_its_log(tmp_path: Path) -> None:
    service = ManagedProcess("crasher", "python", tmp_path, "127.0.0.1", free_ports(1)[0])
    with pytest.raises(ServiceError, match="exited with code 3") as failure:
        service.start(
            [sys.executable, "-c", "import sys; print('bad config'); sys.exit(3)"],
            cwd=tmp_path,
            env={},
            ready=lambda: False,
            timeout_seconds=20,
        )
    assert "bad config" in str(failure.value)


def test_prefect_analytics_are_off_whenever_flows_are_imported() -> None:
    import os
    import subprocess

    env = {
        k: v for k, v in os.environ.items() if k not in {"DO_NOT_TRACK", "PREFECT_SERVER_ANALYTICS_ENABLED"}
    }
    probe = (
        "import flows.pipeline\n"
        "from prefect.settings import get_current_settings\n"
        "print(get_current_settings().server.analytics_enabled)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
