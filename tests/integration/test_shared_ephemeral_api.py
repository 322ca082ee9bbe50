"""The embedded default's ephemeral Prefect API is started once and shared with the Dask workers, which
would otherwise each start one of their own on their first task."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]

# Run in a child: this test session's Prefect harness already configures an API, and the point is a
# process that has none.
_CHILD = """
import json, os
from pathlib import Path
from distributed import Client, LocalCluster
from hirelake.services.prefect_server import shared_ephemeral_api
from hirelake.settings import Settings
import httpx

def worker_view():
    from prefect.settings import PREFECT_API_URL
    return PREFECT_API_URL.value()

settings = Settings(_env_file=None, data_dir=Path(os.environ["HIRELAKE_DATA_DIR"]))
with shared_ephemeral_api(settings) as url:
    from prefect.settings import PREFECT_API_URL
    healthy = httpx.get(f"{url}/health", timeout=10).status_code
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
        [seen] = client.run(worker_view).values()
    inside = PREFECT_API_URL.value()
print(json.dumps({"url": url, "healthy": healthy, "worker": seen, "flow": inside,
                  "after": os.environ.get("PREFECT_API_URL")}))
"""


def test_the_flow_and_its_workers_use_one_ephemeral_api(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(
        HIRELAKE_DATA_DIR=str(tmp_path),
        PREFECT_HOME=str(tmp_path / "prefect"),
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True, timeout=200, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["url"].startswith("http://127.0.0.1:") and seen["healthy"] == 200
    assert seen["worker"] == seen["url"] == seen["flow"], "the worker would start an API of its own"
    assert seen["after"] is None, "the environment is restored once the run is over"
