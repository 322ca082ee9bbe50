from __future__ import annotations

import os

# Before any test module imports Prefect (it reads its settings once, at import).
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"

from collections.abc import Iterator
from pathlib import Path

import pytest

from hirelake.services.seaweedfs import start_seaweedfs, stop_seaweedfs
from hirelake.settings import Settings
from tests.helpers import isolated_settings


@pytest.fixture(scope="session")
def store_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """One real SeaweedFS for the session, on its own ports and data directory."""
    settings = isolated_settings(Path(tmp_path_factory.mktemp("hirelake-data")))
    start_seaweedfs(settings)
    yield settings
    stop_seaweedfs(settings)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for every test that runs a flow (started only when asked for)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
