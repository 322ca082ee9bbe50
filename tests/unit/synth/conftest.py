"""Session-wide runs of the HR generator, shared by the synthetic HR tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hirelake.synth.hr import HrSynthConfig, HrSynthResult, generate_hr

from .hr_validator import SMALL, Tables, read_tables


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> HrSynthResult:
    return generate_hr(tmp_path_factory.mktemp("synth-a"), SMALL)


@pytest.fixture(scope="session")
def small_tables(small_run: HrSynthResult) -> Tables:
    return read_tables(small_run.out_dir)


@pytest.fixture(scope="session")
def run_again(tmp_path_factory: pytest.TempPathFactory) -> Callable[[HrSynthConfig], HrSynthResult]:
    def run(config: HrSynthConfig) -> HrSynthResult:
        return generate_hr(tmp_path_factory.mktemp("synth-b"), config)

    return run
