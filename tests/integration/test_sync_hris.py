"""The `sync-hris` flow against the real object store and the generated HRIS API, in its own bucket."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest

from flows.sync_hris import run_sync_hris
from hirelake.hris import HrisApiConnector, SyncReport
from hirelake.lake import Lake
from hirelake.positions import load_positions
from hirelake.settings import Settings
from hirelake.synth.hr import HrSynthConfig, HrSynthResult, generate_hr, serve_hr_api
from tests.helpers import own_bucket

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TOKEN = "hris-integration-token-42"
DAY = date(2026, 3, 1)
BUCKET = "hris-sync-it"


@pytest.fixture(scope="module")
def hospital(tmp_path_factory: pytest.TempPathFactory) -> HrSynthResult:
    config = HrSynthConfig(seed=5, employees=30, candidates=20, months=1, defect_rate=0.03)
    return generate_hr(tmp_path_factory.mktemp("hris-it"), config)


@pytest.fixture(scope="module")
def bucket_settings(store_settings: Settings) -> Settings:
    """The session's store, but a bucket of this module's own: no other test sees these objects."""
    return own_bucket(store_settings, BUCKET)


@pytest.fixture(scope="module")
def api_url(hospital: HrSynthResult) -> Iterator[str]:
    with serve_hr_api(hospital.out_dir, TOKEN) as server:
        yield server.url


def _snapshot(lake: Lake) -> dict[str, bytes]:
    return {entry.key: lake.get_bytes(entry.key) for entry in lake.list("")}


@pytest.fixture(scope="module")
def first_sync(prefect_harness: None, bucket_settings: Settings, api_url: str) -> SyncReport:
    with HrisApiConnector(api_url, TOKEN, page_size=50) as api:
        return run_sync_hris(bucket_settings, api, DAY)


def test_the_flow_rejects_exactly_the_declared_defects(
    first_sync: SyncReport, bucket_settings: Settings, hospital: HrSynthResult
) -> None:
    lake = Lake(bucket_settings)
    declared = {
        (d["table"], d["line"], d["key"])
        for d in json.loads(hospital.defects_path.read_text(encoding="utf-8"))["defects"]
    }
    rejected = {
        (entry.key.split("/")[2], row["row"], row["key"])
        for entry in lake.list("quarantine/hris/")
        for row in lake.read_parquet(entry.key).to_pylist()
    }
    assert rejected == declared
    assert first_sync.gate == "great_expectations" and first_sync.source_kind == "api"
    assert first_sync.accepted + first_sync.rejected == sum(hospital.row_counts.values())
    report = lake.get_json(f"raw/hris/_syncs/{DAY.isoformat()}/api.json")
    assert report["totals"]["rejected"] == len(declared)
    assert TOKEN not in json.dumps(report)


def test_existing_readers_see_the_synced_positions(first_sync: SyncReport, bucket_settings: Settings) -> None:
    positions = load_positions(Lake(bucket_settings, role="reader"))
    assert len(positions) == first_sync.entity("positions").accepted == 20
    assert positions["POS002"].department_id == "DEP-ED"
    assert "emergency_response" in positions["POS002"].competencies


def test_a_second_sync_changes_no_object(
    first_sync: SyncReport, bucket_settings: Settings, api_url: str
) -> None:
    lake = Lake(bucket_settings)
    before = _snapshot(lake)
    with HrisApiConnector(api_url, TOKEN, page_size=50) as api:
        again = run_sync_hris(bucket_settings, api, DAY)
    after = _snapshot(lake)
    assert again.unchanged and again.written == ()
    assert len(after) == len(before) and after == before
    assert (again.accepted, again.rejected) == (first_sync.accepted, first_sync.rejected)
