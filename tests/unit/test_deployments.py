"""The deployment entry flows, without a server: JSON parameters, loadable entrypoints, sane schedules.

The real worker run is tests/integration/test_prefect_deployments.py.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from prefect.deployments.runner import RunnerDeployment
from prefect.flows import load_flow_from_entrypoint
from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType
from prefect.utilities.callables import parameter_schema

from flows.deployments import SCHEDULED_RUNS, ScheduledRun, _sync_from, deletion_markdown
from hirelake.deletion import DeletionRun, RequestOutcome
from hirelake.errors import ConfigurationError
from hirelake.settings import Settings

RUNS = {run.name: run for run in SCHEDULED_RUNS}


def test_the_five_scheduled_runs() -> None:
    assert list(RUNS) == ["hris-sync", "process", "score", "deletion-run", "marts-build"]
    assert len({run.entry.name for run in SCHEDULED_RUNS}) == len(SCHEDULED_RUNS)


@pytest.mark.parametrize("run", SCHEDULED_RUNS, ids=lambda run: run.name)
def test_parameters_are_plain_json(run: ScheduledRun) -> None:
    """A worker starts the flow from the API: every parameter must be JSON, validated on the way in."""
    schema = parameter_schema(run.entry.fn)
    assert not schema.definitions, f"{run.name}: a model parameter is not JSON: {schema.definitions}"
    json.dumps(schema.model_dump())
    assert run.entry.should_validate_parameters
    assert "settings" not in schema.properties


def test_json_parameters_arrive_typed() -> None:
    """What the API hands the flow run (JSON) is validated into the types the flows take."""
    hris = RUNS["hris-sync"].entry.validate_parameters({"files_dir": "/exports", "load_date": "2026-03-01"})
    assert hris == {"api_url": None, "files_dir": "/exports", "load_date": date(2026, 3, 1)}
    marts = RUNS["marts-build"].entry.validate_parameters(
        {"variables": {"compliance_as_of_date": "2026-03-31"}}
    )
    assert marts == {"variables": {"compliance_as_of_date": "2026-03-31"}}
    assert RUNS["score"].entry.validate_parameters({"weights_version": "2"}) == {"weights_version": 2}


@pytest.mark.parametrize("run", SCHEDULED_RUNS, ids=lambda run: run.name)
def test_entrypoint_is_a_module_path_the_worker_imports(run: ScheduledRun) -> None:
    deployment = RunnerDeployment.from_flow(
        run.entry, name=run.name, entrypoint_type=EntrypointType.MODULE_PATH
    )
    assert deployment.entrypoint == f"flows.deployments.{run.entry.fn.__name__}"
    assert deployment.storage is None
    assert load_flow_from_entrypoint(deployment.entrypoint).name == run.entry.name


@pytest.mark.parametrize("run", SCHEDULED_RUNS, ids=lambda run: run.name)
def test_schedules_are_valid_cron(run: ScheduledRun) -> None:
    Cron(run.cron, timezone="Asia/Shanghai")  # raises on a malformed expression


def _daily_minute(cron: str) -> int:
    minute, hour, *_ = cron.split()
    return int(hour) * 60 + int(minute)


def test_deletion_runs_before_the_marts_build_and_the_hris_sync_before_both() -> None:
    hris, deletion, marts = (
        _daily_minute(RUNS[n].cron) for n in ("hris-sync", "deletion-run", "marts-build")
    )
    assert hris < deletion < marts


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("HIRELAKE_HRIS__API_URL", raising=False)
    return Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]


def test_hris_sync_needs_exactly_one_source(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not both"):
        _sync_from(settings, "https://hris.example/api/", str(tmp_path), None)
    with pytest.raises(ConfigurationError, match="HIRELAKE_HRIS__API_URL"):
        _sync_from(settings, None, None, None)


def test_deletion_summary_names_no_candidate() -> None:
    outcome = RequestOutcome(
        request_id="deletion-20260302T090000-abcd1234",
        candidate_id="C-4711",
        outcome="held",
        reason="legal hold since 2026-03-01 (Zhang v. Hospital)",
    )
    markdown = deletion_markdown(DeletionRun("run-1", "2026-03-02", "2026-03-02", (outcome,), "raw/x.json"))
    assert "deletion-20260302T090000-abcd1234" in markdown
    assert "C-4711" not in markdown
    assert "Zhang" not in markdown
