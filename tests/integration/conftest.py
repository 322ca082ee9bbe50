from __future__ import annotations

from collections.abc import Iterator

import pytest

from hirelake.settings import Settings
from tests.integration.pipeline_run import PipelineRun, processed_hospital


@pytest.fixture(scope="session")
def pipeline_run(
    store_settings: Settings, prefect_harness: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PipelineRun]:
    """The generated hospital, processed once per session (see pipeline_run.py)."""
    yield from processed_hospital(store_settings, prefect_harness, tmp_path_factory)
