from __future__ import annotations

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
