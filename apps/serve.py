"""Serve the dashboards for `make demo` and `hirelake dashboards up`: Streamlit on 127.0.0.1 only,
headless, no usage statistics, no file watcher, tracked by a PID file like the other services."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, SecretStr

from hirelake.services.process import ManagedProcess
from hirelake.settings import Settings

HOST = "127.0.0.1"
APP = Path(__file__).resolve().parent / "streamlit_app.py"
REPOSITORY = APP.parent.parent
_PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "HIRELAKE_DASHBOARDS__SESSION_MINUTES",
                   "HIRELAKE_DASHBOARDS__CACHE_TTL_SECONDS", "HIRELAKE_DASHBOARDS__USERS_FILE")  # fmt: skip


def settings_environment(settings: Settings) -> dict[str, str]:
    """`settings` as HIRELAKE_* variables, so the Streamlit process reads exactly this configuration.

    Secrets travel only in the child's environment (never argv, never the browser).
    """
    env: dict[str, str] = {}

    def walk(prefix: str, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            key = f"{prefix}{name.upper()}"
            if isinstance(value, BaseModel):
                walk(f"{key}__", dict(value))
            elif isinstance(value, SecretStr):
                env[key] = value.get_secret_value()
            elif value is not None:
                env[key] = str(value)

    walk("HIRELAKE_", dict(settings))
    return env


def dashboards_process(settings: Settings, port: int | None = None) -> ManagedProcess:
    return ManagedProcess(
        name="dashboards",
        program=str(APP),
        run_dir=settings.run_dir,
        host=HOST,
        port=port or settings.dashboards.port,
    )


def streamlit_argv(port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", HOST,
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--server.enableXsrfProtection", "true",
        "--browser.gatherUsageStats", "false",
        "--browser.serverAddress", HOST,
        "--client.showErrorDetails", "none",  # tracebacks stay in the server log, not the browser
        "--client.toolbarMode", "minimal",
        "--global.developmentMode", "false",
    ]  # fmt: skip


def serve_dashboards(settings: Settings, port: int | None = None) -> ManagedProcess:
    """Start the dashboards (idempotent) and wait until Streamlit answers its health check."""
    process = dashboards_process(settings, port)
    env = {k: v for k, v in os.environ.items() if k in _PASSED_THROUGH}
    env.update(settings_environment(settings))
    env.update(
        {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "DO_NOT_TRACK": "1", "PYTHONPATH": str(REPOSITORY)}
    )

    def ready() -> bool:
        try:
            return httpx.get(f"http://{HOST}:{process.port}/_stcore/health", timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    process.start(streamlit_argv(process.port), cwd=REPOSITORY, env=env, ready=ready, timeout_seconds=60)
    return process


def stop_dashboards(settings: Settings, port: int | None = None) -> bool:
    return dashboards_process(settings, port).stop()
