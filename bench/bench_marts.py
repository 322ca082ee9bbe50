"""Benchmark: `dbt build` of every mart for 1,000 and 10,000 employees with a year of clock events, against
a plain pandas computation of the same payslips from the same extract, in the same run, reconciled.

Run: .venv/bin/python bench/bench_marts.py [--sizes 1000,10000] [--months 12]

For each size: the synthetic hospital is generated and landed in a private SeaweedFS (raw/hris/), then
`dbt build` (models, seeds, data and unit tests, through `hirelake.marts.run_dbt_build`) runs in a child
process and pandas computes the payslips in another (bench/payslips_pandas.py: the rules of
payroll.fct_payslips, model for model, from the CSVs the lake was loaded from); each child's wall time
and the peak RSS of its process tree (sampled every 50 ms with psutil) are recorded, with the load
average before and the highest 1-minute load average while it ran. Then the two sets of payslips are
reconciled: row counts per (employee_id, pay_month) on each side, and for the rows both have, every
amount column to the cent (max absolute difference, rows that differ) and the other columns exactly.
Results go to bench/results/marts.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "marts.json"
AS_OF = "2026-12-31"
_KEY = ["employee_id", "pay_month"]
_OTHER_COLUMNS = [
    "department_id",
    "grade_code",
    "is_probation",
    "performance_coefficient",
    "night_shift_count",
]


# --- children ------------------------------------------------------------------------------------------


def child_dbt(settings_file: Path, warehouse: Path) -> None:
    from hirelake.marts import run_dbt_build
    from hirelake.settings import Settings

    settings = Settings.model_validate_json(settings_file.read_text())
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    results, _ = run_dbt_build(settings, warehouse, variables={"compliance_as_of_date": AS_OF})
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        row = connection.execute("select count(*) from payroll.fct_payslips").fetchone()
    print(json.dumps({"nodes": len(results), "payslips": row[0] if row else 0}))


def child_pandas(hr: Path, out: Path) -> None:
    from bench.payslips_pandas import pandas_payslips

    slips = pandas_payslips(hr)
    slips.to_parquet(out, index=False)
    print(
        json.dumps(
            {"payslips": len(slips), "net_pay_yuan_total": round(float(slips["net_pay_yuan"].sum()), 2)}
        )
    )


# --- reconciliation ------------------------------------------------------------------------------------


def dbt_payslips(warehouse: Path) -> Any:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute("select * from payroll.fct_payslips").df()


def _cents(values: Any) -> Any:
    import numpy as np

    return np.rint(values.astype("float64") * 100)


def reconcile(dbt: Any, pandas: Any) -> dict[str, Any]:
    """Row counts per (employee_id, pay_month) on each side, then every column of the rows both have:
    amounts to the cent (max absolute difference in yuan, rows that differ), the others exactly."""
    import pandas as pd

    from bench.payslips_pandas import PAYSLIP_COLUMNS

    amount_columns = [column for column in PAYSLIP_COLUMNS if column.endswith("_yuan")]
    dbt = dbt.assign(pay_month=pd.to_datetime(dbt["pay_month"]))
    pandas = pandas.assign(pay_month=pd.to_datetime(pandas["pay_month"]))
    counts = pd.concat(
        {"dbt": dbt.groupby(_KEY).size(), "pandas": pandas.groupby(_KEY).size()}, axis=1
    ).fillna(0)
    joined = dbt.merge(pandas, on=_KEY, suffixes=("_dbt", "_pandas"))
    max_difference: dict[str, float] = {}
    rows_differing: dict[str, int] = {}
    for column in amount_columns:
        left, right = _cents(joined[f"{column}_dbt"]), _cents(joined[f"{column}_pandas"])
        difference = (left - right).abs()
        worst = difference.max()  # NaN only when every compared value is null
        max_difference[column] = 0.0 if pd.isna(worst) else round(float(worst) / 100, 2)
        rows_differing[column] = int(((difference > 0) | (left.isna() != right.isna())).sum())
    for column in _OTHER_COLUMNS:
        left, right = joined[f"{column}_dbt"], joined[f"{column}_pandas"]
        if column == "performance_coefficient":
            left, right = _cents(left), _cents(right)
        same = (left == right) | (left.isna() & right.isna())
        rows_differing[column] = int((~same).sum())
    return {
        "rows_dbt": len(dbt),
        "rows_pandas": len(pandas),
        "rows_compared": len(joined),
        "rows_only_in_dbt": int(((counts["dbt"] > 0) & (counts["pandas"] == 0)).sum()),
        "rows_only_in_pandas": int(((counts["pandas"] > 0) & (counts["dbt"] == 0)).sum()),
        "keys_with_different_row_counts": int((counts["dbt"] != counts["pandas"]).sum()),
        "max_abs_difference_yuan": max_difference,
        "rows_differing": rows_differing,
    }


def _reconciliation_line(result: dict[str, Any]) -> str:
    amounts = result["max_abs_difference_yuan"]
    differing = sum(result["rows_differing"].values())
    return (
        f"{result['rows_compared']:,} rows compared, {result['rows_only_in_dbt']} only in dbt, "
        f"{result['rows_only_in_pandas']} only in pandas, {result['keys_with_different_row_counts']} keys "
        f"with other row counts; max |difference| {max(amounts.values()):.2f} yuan over {len(amounts)} "
        f"amount columns, {differing} differing cells"
    )


# --- parent --------------------------------------------------------------------------------------------


def _measure(args: list[str]) -> dict[str, Any]:
    """Run a child: wall seconds, the peak RSS of its process tree (sampled every 50 ms), the 1-minute
    load average before it started and the highest while it ran (other work shares the machine)."""
    import psutil

    load_before = os.getloadavg()
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, peak_load = 0, load_before[0]
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_load
        try:
            root = psutil.Process(process.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            peak_load = max(peak_load, os.getloadavg()[0])
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{args[2:4]} failed ({process.returncode}):\n{err[-4000:]}")
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak / 2**20),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_1min_max": round(peak_load, 2),
        **json.loads(out.strip().splitlines()[-1]),
    }


def _prepare(
    employees: int, months: int, work: Path, store_settings: Any
) -> tuple[Path, Path, dict[str, Any]]:
    from hirelake.lake import Lake
    from hirelake.raw_zone import land_csv
    from hirelake.synth.hr import HrSynthConfig, generate_hr

    config = HrSynthConfig(
        employees=employees, candidates=max(100, employees // 5), months=months, xlsx_max_rows=0
    )
    started = time.perf_counter()
    hospital = generate_hr(work / f"hr-{employees}", config)
    generated = time.perf_counter() - started
    bucket = f"bench-marts-{employees}"
    settings = store_settings.model_copy(
        update={
            "store": store_settings.store.model_copy(update={"bucket": bucket}),
            "data_dir": work / f"data-{employees}",
        }
    )
    (work / f"data-{employees}").mkdir()
    settings.secrets_dir.symlink_to(store_settings.secrets_dir)  # the store's keys
    lake = Lake(settings)
    if not lake.client.bucket_exists(bucket):
        lake.client.make_bucket(bucket)
    started = time.perf_counter()
    for exported in hospital.files:
        land_csv(
            lake,
            source="hris",
            entity=exported.table,
            path=hospital.out_dir / exported.path,
            load_date=date(2027, 1, 1),
        )
    landed = time.perf_counter() - started
    settings_file = work / f"settings-{employees}.json"
    settings_file.write_text(settings.model_dump_json())
    hr_dir = next(p.parent for p in hospital.out_dir.rglob("employees.csv"))
    facts = {
        "employees": employees,
        "months": months,
        "clock_events": hospital.row_counts.get("clock_events"),
        "shifts": hospital.row_counts.get("shifts"),
        "generate_seconds": round(generated, 1),
        "land_seconds": round(landed, 1),
    }
    return settings_file, hr_dir, facts


def _run_size(size: int, months: int, work: Path, store: Any) -> dict[str, Any]:
    settings_file, hr_dir, facts = _prepare(size, months, work, store)
    print(
        f"{size} employees: generated in {facts['generate_seconds']} s, landed in "
        f"{facts['land_seconds']} s ({facts['clock_events']:,} clock events)",
        flush=True,
    )
    me = [sys.executable, str(Path(__file__).resolve())]
    warehouse = work / f"wh-{size}" / "hirelake.duckdb"
    pandas_out = work / f"payslips-pandas-{size}.parquet"
    dbt = _measure([*me, "--child", "dbt", "--path", str(settings_file), "--warehouse", str(warehouse)])
    pandas = _measure([*me, "--child", "pandas", "--path", str(hr_dir), "--out", str(pandas_out)])
    ratio = dbt["seconds"] / pandas["seconds"]
    print(
        f"  dbt build : {dbt['seconds']:8.1f} s, peak RSS {dbt['peak_rss_mb']:6} MB, "
        f"{dbt['nodes']} nodes, {dbt['payslips']:,} payslips"
    )
    print(
        f"  pandas    : {pandas['seconds']:8.1f} s, peak RSS {pandas['peak_rss_mb']:6} MB, "
        f"{pandas['payslips']:,} payslips"
    )
    print(f"  dbt / pandas wall time: {ratio:.1f}x", flush=True)

    import pandas as pd

    reconciliation = reconcile(dbt_payslips(warehouse), pd.read_parquet(pandas_out))
    print(f"  reconciled: {_reconciliation_line(reconciliation)}", flush=True)
    for column, count in reconciliation["rows_differing"].items():
        if count:
            worst = reconciliation["max_abs_difference_yuan"].get(column)
            print(f"    {column}: {count} rows differ" + (f", max {worst:.2f} yuan" if worst else ""))
    return {
        **facts,
        "dbt_build": dbt,
        "pandas_payslips": pandas,
        "dbt_to_pandas_ratio": round(ratio, 2),
        "reconciliation": reconciliation,
    }


def _machine() -> str:
    import psutil

    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} vCPU, {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="employees per run, comma-separated")
    parser.add_argument("--months", type=int, default=12, help="months of attendance (1-12)")
    parser.add_argument("--child", choices=["dbt", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--warehouse", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "dbt":
        child_dbt(args.path, args.warehouse)
        return
    if args.child == "pandas":
        child_pandas(args.path, args.out)
        return

    from hirelake.services.seaweedfs import start_seaweedfs, stop_seaweedfs
    from tests.helpers import isolated_settings

    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-marts-") as tmp:
        work = Path(tmp)
        store = isolated_settings(work / "store")
        start_seaweedfs(store)
        try:
            runs = [_run_size(int(size), args.months, work, store) for size in args.sizes.split(",")]
        finally:
            stop_seaweedfs(store)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "machine": _machine(),
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "runs": runs,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"results: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
