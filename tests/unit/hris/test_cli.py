"""`hirelake hris`: a sync from files prints the table and where the rejects are; bad options explained."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

import flows.sync_hris
from hirelake.hris import SyncReport, sync_hris
from hirelake.hris.cli import hris_app
from hirelake.settings import Settings
from hirelake.synth.hr import HrSynthResult

from .conftest import FakeLake


def test_sync_from_files_prints_counts_and_where_rejects_are(
    tiny_hr: HrSynthResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = FakeLake()

    def run(settings: Settings, source: Any, load_date: date, progress: Any) -> SyncReport:
        # The flow itself is covered by the integration test; here only the command's wiring.
        return sync_hris(settings, lake, source, load_date, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(flows.sync_hris, "run_sync_hris", run)
    monkeypatch.setenv("HIRELAKE_DATA_DIR", str(tiny_hr.out_dir.parent / "data"))
    result = CliRunner().invoke(
        hris_app,
        ["sync", "--files", str(tiny_hr.out_dir), "--load-date", "2026-02-01"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "employees" in result.output and "appears twice" in result.output
    assert "quarantine/hris/<entity>/load_date=2026-02-01/rejected.parquet" in result.output


def test_two_sources_at_once_are_refused(tiny_hr: HrSynthResult) -> None:
    result = CliRunner().invoke(hris_app, ["sync", "--files", str(tiny_hr.out_dir), "--api", "http://x/"])
    assert result.exit_code != 0 and "choose one source" in result.output
