"""Prefect: ephemeral by default, or a local `prefect server` with its UI on 127.0.0.1.

Every entry point applies `prefect_environment()` before Prefect is imported, so analytics stay off,
Prefect's state lives in the project data directory, and flows find the server when one is running.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from hirelake.services.process import ManagedProcess, ServiceState
from hirelake.settings import Settings

HOST = "127.0.0.1"


def prefect_process(settings: Settings) -> ManagedProcess:
    return ManagedProcess(
        name="prefect-server",
        program="prefect",
        run_dir=settings.run_dir,
        host=HOST,
        port=settings.prefect.server_port,
    )


def local_server_url(settings: Settings) -> str:
    return f"http://{HOST}:{settings.prefect.server_port}/api"


def prefect_environment(settings: Settings) -> dict[str, str]:
    """Environment for anything that imports Prefect: analytics off, home in the data directory."""
    env = {
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": str(settings.prefect_home.resolve()),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(
            settings.prefect.ephemeral_startup_timeout_seconds
        ),
        "PREFECT_UI_ENABLED": "true",
    }
    if settings.prefect.api_url:
        env["PREFECT_API_URL"] = settings.prefect.api_url
    elif prefect_process(settings).state().running:
        env["PREFECT_API_URL"] = local_server_url(settings)
    return env


def apply_prefect_environment(settings: Settings) -> None:
    os.environ.update(prefect_environment(settings))


def start_prefect_server(settings: Settings) -> ServiceState:
    settings.prefect_home.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "LC_ALL", "TZ"}}
    env.update(prefect_environment(settings))
    env.pop("PREFECT_API_URL", None)  # the server itself must not point at another API
    prefect_cli = str(Path(sys.executable).parent / "prefect")

    def ready() -> bool:
        try:
            return httpx.get(f"{local_server_url(settings)}/health", timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    return prefect_process(settings).start(
        [
            prefect_cli,
            "server",
            "start",
            "--host",
            HOST,
            "--port",
            str(settings.prefect.server_port),
            "--analytics-off",
        ],
        cwd=settings.prefect_home,
        env=env,
        ready=ready,
        timeout_seconds=120,
    )


def stop_prefect_server(settings: Settings) -> bool:
    return prefect_process(settings).stop()


@contextmanager
def shared_ephemeral_api(settings: Settings) -> Iterator[str | None]:
    """With no Prefect API configured (the embedded default), start the ephemeral API once, before the
    flow, and point the flow and the Dask worker processes it spawns at it; yields its URL (None when an
    API is configured, and nothing changes).

    Without this, every worker process starts an ephemeral API of its own on its first task: one more
    server per worker (memory, a slow start), and under load some never answered in time ("Timed out
    while attempting to connect to ephemeral Prefect API server").
    """
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield None
        return
    server = SubprocessASGIServer()  # the same instance Prefect's client would start; stopped at exit
    server.start(timeout=settings.prefect.ephemeral_startup_timeout_seconds)
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = server.api_url  # worker processes inherit the environment
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):  # this process read its settings
            yield server.api_url
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
