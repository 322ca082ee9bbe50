"""`dbt build` fails half way on a broken upstream batch: the previous marts keep serving.

A tiny hospital lands in raw/hris/ and builds the serving warehouse. Then a newer employees snapshot
arrives with a row whose `employee_id` is empty: staging loads it, the `not_null` test on
`stg_hris__employees` fails, and dbt skips everything downstream. The build must raise MartsBuildError
naming that model and test; a read-only connection opened before the build (a dashboard) still reads
the previous marts, new read-only queries do too, the serving file's bytes are unchanged, and no
half-built file is left beside it.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from hirelake.lake import Lake
from hirelake.marts import MartsBuildError, build_marts
from hirelake.raw_zone import land_csv
from hirelake.settings import Settings
from hirelake.synth.hr import HrSynthConfig, generate_hr
from hirelake.warehouse import run_read_only_query

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]
BUCKET = "dbt-broken-batch"
GOOD_LOAD, BROKEN_LOAD = date(2026, 3, 1), date(2026, 3, 2)
MART_QUERY = "select count(*), count(distinct department_id), min(hire_date) from attendance.dim_employment"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _broken_employees(source: Path, target: Path) -> None:
    """The same export with one row's employee_id emptied (the HRIS lost a key)."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[1]["employee_id"] = ""
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_broken_batch_fails_the_build_by_name_and_the_previous_marts_keep_serving(
    store_settings: Settings, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(store_settings.secrets_dir, data_dir / "secrets")  # the session store's keys
    settings = store_settings.model_copy(
        update={"data_dir": data_dir, "store": store_settings.store.model_copy(update={"bucket": BUCKET})}
    )
    lake = Lake(settings)
    lake.client.make_bucket(BUCKET)
    hospital = generate_hr(
        tmp_path / "hr", HrSynthConfig(seed=13, employees=30, candidates=10, months=1, xlsx_max_rows=0)
    )
    for exported in hospital.files:
        land_csv(lake, source="hris", entity=exported.table, path=hospital.out_dir / exported.path,
                 load_date=GOOD_LOAD)  # fmt: skip
    serving = build_marts(settings).warehouse_path
    served_sha = _sha256(serving)

    dashboard = duckdb.connect(str(serving), read_only=True)  # open before the broken build starts
    try:
        before = dashboard.execute(MART_QUERY).fetchall()
        assert before[0][0] > 0

        broken = tmp_path / "employees.csv"
        _broken_employees(hospital.out_dir / "employees.csv", broken)
        land_csv(lake, source="hris", entity="employees", path=broken, load_date=BROKEN_LOAD)
        with pytest.raises(MartsBuildError) as failure:
            build_marts(settings)

        assert dashboard.execute(MART_QUERY).fetchall() == before
    finally:
        dashboard.close()

    failing_test = "test.hirelake.not_null_stg_hris__employees_employee_id"
    assert any(f.startswith(failing_test) for f in failure.value.failures), failure.value.failures
    assert "not_null_stg_hris__employees_employee_id" in str(failure.value)
    assert "the serving warehouse is unchanged" in str(failure.value)
    # Half way: staging ran, what depends on the failed test was skipped, nothing else failed.
    statuses = {r.unique_id: r.status for r in failure.value.results}
    assert statuses["model.hirelake.stg_hris__employees"] == "success"
    assert "skipped" in statuses.values()
    assert _sha256(serving) == served_sha
    assert not list(serving.parent.glob(".build-*"))
    rows = run_read_only_query(settings, MART_QUERY).to_pylist()
    assert [tuple(row.values()) for row in rows] == before
