"""The scheduled runs as real Prefect deployments, run by a real Prefect worker.

A Prefect server on a free 127.0.0.1 port (its own data directory), `hirelake deployments apply` twice
(idempotent: five deployments, one schedule each), then a deletion request in the lake, a run of the
`deletion-run` deployment created through the API, and `prefect worker start --run-once` in a subprocess:
the run must reach COMPLETED on the server and the request must be carried out in the store. Every
process started here is stopped by its PID.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from flows.deployments import SCHEDULED_RUNS, WORK_POOL
from hirelake.lake import Lake
from hirelake.privacy_requests import completed_deletions, record_deletion_request
from hirelake.services.prefect_server import local_server_url, start_prefect_server, stop_prefect_server
from hirelake.settings import Settings
from tests.helpers import isolated_settings, own_bucket

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(200)]

BUCKET = "deployments-it"
BIN = Path(sys.executable).parent
WORKER_SECONDS = 90


@pytest.fixture(scope="module")
def api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Prefect server of this module's own (SQLite in its data directory), stopped by PID."""
    settings = isolated_settings(tmp_path_factory.mktemp("prefect-server"))
    start_prefect_server(settings)
    try:
        yield local_server_url(settings)
    finally:
        stop_prefect_server(settings)


@pytest.fixture
def api(api_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def lake(store_settings: Settings) -> Lake:
    """The session's store, a bucket of its own: the deletion run acts on every open request in it."""
    return Lake(own_bucket(store_settings, BUCKET))


def _environment(lake: Lake, api_url: str, home: Path) -> dict[str, str]:
    """What the worker's container gets: HIRELAKE_* settings and the Prefect API; nothing inherited
    from this test process's own Prefect or hirelake configuration."""
    store = lake.settings.store
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "HIRELAKE_"))}
    env.update(
        {
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_API_URL": api_url,
            "PREFECT_HOME": str(home / "prefect-home"),
            "HIRELAKE_PREFECT__API_URL": api_url,
            "HIRELAKE_DATA_DIR": str(lake.settings.data_dir),
            "HIRELAKE_STORE__ENDPOINT": store.endpoint,
            "HIRELAKE_STORE__MASTER_PORT": str(store.master_port),
            "HIRELAKE_STORE__VOLUME_PORT": str(store.volume_port),
            "HIRELAKE_STORE__FILER_PORT": str(store.filer_port),
            "HIRELAKE_STORE__ADMIN_PORT": str(store.admin_port),
            "HIRELAKE_STORE__BUCKET": BUCKET,
            "COLUMNS": "200",
        }
    )
    return env


def _apply(env: dict[str, str], cwd: Path, *options: str) -> str:
    result = subprocess.run(
        [str(BIN / "hirelake"), "deployments", "apply", *options],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _deployments(api: httpx.Client) -> dict[str, dict[str, Any]]:
    found = api.post("/deployments/filter", json={"limit": 50}).raise_for_status().json()
    flows = {f["id"]: f["name"] for f in api.post("/flows/filter", json={}).raise_for_status().json()}
    return {f"{flows[d['flow_id']]}/{d['name']}": d for d in found}


def _descendants(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return [grandchild for child in children for grandchild in (child, *_descendants(child))]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """The worker and whatever it started (the flow run's process), each by its PID."""
    if process.poll() is not None:
        return
    for pid in [*_descendants(process.pid), process.pid]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
    process.wait(timeout=10)


def test_worker_runs_a_deployment_to_completion(
    lake: Lake, api_url: str, api: httpx.Client, tmp_path: Path
) -> None:
    env = _environment(lake, api_url, tmp_path)

    first = _apply(env, tmp_path)
    assert "hirelake-deletion-run/deletion-run" in first
    assert [d["paused"] for d in _deployments(api).values()] == [False] * len(SCHEDULED_RUNS)
    _apply(env, tmp_path, "--paused")  # again: updated in place; paused, so nothing else gets scheduled

    pool = api.get(f"/work_pools/{WORK_POOL}").raise_for_status().json()
    assert pool["type"] == "process"
    deployments = _deployments(api)
    expected = {f"{run.entry.name}/{run.name}": run for run in SCHEDULED_RUNS}
    assert set(deployments) == set(expected)
    for name, deployment in deployments.items():
        run = expected[name]
        assert [s["schedule"]["cron"] for s in deployment["schedules"]] == [run.cron], name
        assert deployment["paused"] is True
        assert deployment["work_pool_name"] == WORK_POOL
        assert deployment["entrypoint"].startswith("flows.deployments."), deployment["entrypoint"]
        assert not deployment["pull_steps"], "the code is in the image: nothing is pulled"
        assert deployment["path"] is None
        assert deployment["global_concurrency_limit"]["limit"] == 1

    request = record_deletion_request(lake, "C-DEPLOY-1", "the candidate")
    deployment_id = deployments["hirelake-deletion-run/deletion-run"]["id"]
    flow_run = api.post(f"/deployments/{deployment_id}/create_flow_run", json={}).raise_for_status().json()

    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [
                str(BIN / "prefect"),
                "worker",
                "start",
                "--pool",
                WORK_POOL,
                "--type",
                "process",
                "--run-once",
                "--limit",
                "1",
                "--install-policy",
                "never",
            ],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            worker.wait(timeout=WORKER_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        finally:
            _stop(worker)
    log_text = log_path.read_text(encoding="utf-8", errors="replace")

    state = api.get(f"/flow_runs/{flow_run['id']}").raise_for_status().json()["state"]
    assert state["type"] == "COMPLETED", f"{state}\n--- worker log ---\n{log_text[-6000:]}"
    assert worker.returncode == 0, log_text[-6000:]
    assert request.request_id in {c.request_id for c in completed_deletions(lake)}

    artifacts = api.post(
        "/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [flow_run["id"]]}}}
    ).raise_for_status()
    summary = [a for a in artifacts.json() if a["key"] == "deletion-run"]
    assert summary and request.request_id in summary[0]["data"]
    assert "C-DEPLOY-1" not in summary[0]["data"], "no candidate id in Prefect's database"
    # Paused deployments: the worker ran this run and nothing else.
    ran = api.post(
        "/flow_runs/filter", json={"flow_runs": {"state": {"type": {"not_any_": ["SCHEDULED"]}}}}
    ).raise_for_status()
    assert [r["id"] for r in ran.json()] == [flow_run["id"]]
