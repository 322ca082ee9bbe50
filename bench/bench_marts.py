"""Benchmark: `dbt build` of every mart for 1,000 and 10,000 employees with a year of clock events, against
a plain pandas computation of the payslips from the same extract, in the same run.

Run: .venv/bin/python bench/bench_marts.py [--sizes 1000,10000] [--months 12]

For each size: the synthetic hospital is generated and landed in a private SeaweedFS (raw/hris/), then
`dbt build` (models, seeds, data and unit tests, through `hirelake.marts.run_dbt_build`) runs in a child
process and pandas computes payslips in another; each child's wall time and the peak RSS of its process
tree (sampled every 50 ms with psutil) are recorded. The pandas payslip is deliberately plain: contract
base (80% in probation), performance pay, night allowance per night shift, overtime by day type (PRC
2026 calendar), social insurance and housing fund on the clamped base, cumulative income tax, net; it
skips the proration by workdays and the floors dbt applies, so it is a lower bound on the work.
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
_BRACKETS = [  # annual cumulative-withholding brackets: upper bound, rate, quick deduction
    (36_000, 0.03, 0),
    (144_000, 0.10, 2_520),
    (300_000, 0.20, 16_920),
    (420_000, 0.25, 31_920),
    (660_000, 0.30, 52_920),
    (960_000, 0.35, 85_920),
    (float("inf"), 0.45, 181_920),
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


def _worked_shifts(hr: Path) -> Any:
    """Attendance per rostered shift: first in, last out (a night shift stays on its start date), overtime
    past the planned end in whole 30-minute blocks, day type from the 2026 calendar, else weekday/weekend."""
    import numpy as np
    import pandas as pd

    calendar = pd.read_csv(ROOT / "dbt" / "seeds" / "prc_holiday_calendar.csv", parse_dates=["calendar_date"])
    shifts = pd.read_csv(
        hr / "shifts.csv",
        usecols=["shift_id", "employee_id", "shift_date", "shift_code", "planned_end_at"],
        parse_dates=["shift_date", "planned_end_at"],
    )
    clock = pd.read_csv(
        hr / "clock_events.csv", usecols=["shift_id", "event_at", "direction"], parse_dates=["event_at"]
    )
    clock = clock.dropna(subset=["shift_id", "event_at"])
    clock["shift_id"] = pd.to_numeric(clock["shift_id"], errors="coerce")

    first_in = clock[clock["direction"] == "in"].groupby("shift_id")["event_at"].min().rename("in_at")
    last_out = clock[clock["direction"] == "out"].groupby("shift_id")["event_at"].max().rename("out_at")
    worked = shifts.join(first_in, on="shift_id").join(last_out, on="shift_id")
    late_minutes = (worked["out_at"] - worked["planned_end_at"]).dt.total_seconds() / 60
    worked["overtime_minutes"] = (late_minutes.clip(lower=0) // 30 * 30).fillna(0)
    worked = worked.merge(
        calendar[["calendar_date", "day_type"]], left_on="shift_date", right_on="calendar_date", how="left"
    )
    weekend = worked["shift_date"].dt.day_of_week >= 5
    worked["day_type"] = worked["day_type"].fillna(
        pd.Series(np.where(weekend, "rest_day", "workday"), index=worked.index)
    )
    worked["multiplier"] = worked["day_type"].map({"workday": 1.5, "rest_day": 2.0, "holiday": 3.0})
    worked["pay_month"] = worked["shift_date"].dt.to_period("M").dt.to_timestamp()
    worked["is_worked"] = worked["in_at"].notna()
    return worked


def pandas_payslips(hr: Path) -> Any:
    import numpy as np
    import pandas as pd

    def read(name: str, **kwargs: Any) -> pd.DataFrame:
        return pd.read_csv(hr / f"{name}.csv", **kwargs)

    employees = read(
        "employees", usecols=["employee_id", "department_id", "hire_date"], parse_dates=["hire_date"]
    )
    contracts = read("contracts", parse_dates=["start_date", "probation_end_date"])
    contracts = contracts.sort_values("start_date").drop_duplicates("employee_id", keep="last")
    city = read("city_settings").set_index("setting_key")["value"].astype(float)
    rules = read("allowance_rules")
    rules = rules[rules["allowance_code"] == "night_shift"]
    deductions = read("tax_deductions").groupby("employee_id")["monthly_amount_cents"].sum() / 100
    worked = _worked_shifts(hr)
    months = (
        worked.assign(weighted=worked["overtime_minutes"] * worked["multiplier"])
        .groupby(["employee_id", "pay_month"], as_index=False)["weighted"]
        .sum()
    )
    night = worked[worked["is_worked"]].merge(employees[["employee_id", "department_id"]], on="employee_id")
    night = night.merge(
        rules[["department_id", "applies_to_shift_codes", "amount_cents"]], on="department_id"
    )
    night = night[
        [
            code in str(codes).split("|")
            for code, codes in zip(night["shift_code"], night["applies_to_shift_codes"], strict=True)
        ]
    ]
    night_pay = (
        night.groupby(["employee_id", "pay_month"])["amount_cents"].sum().rename("night_allowance_yuan") / 100
    )

    slips = months.merge(
        contracts[
            [
                "employee_id",
                "base_salary_cents",
                "performance_coefficient",
                "probation_end_date",
                "probation_pay_rate",
            ]
        ],
        on="employee_id",
    )
    slips = slips.join(night_pay, on=["employee_id", "pay_month"]).fillna({"night_allowance_yuan": 0.0})
    base = slips["base_salary_cents"] / 100
    in_probation = slips["probation_end_date"].notna() & (slips["probation_end_date"] >= slips["pay_month"])
    slips["base_pay_yuan"] = np.where(
        in_probation, base * slips["probation_pay_rate"].fillna(0.8), base
    ).round(2)
    coefficient = np.where(in_probation, 0.8, slips["performance_coefficient"])
    slips["performance_pay_yuan"] = (slips["base_pay_yuan"] * 0.5 * coefficient).round(2)
    slips["overtime_pay_yuan"] = (base / 21.75 / 8 / 60 * slips["weighted"]).round(2)
    slips["gross_pay_yuan"] = (
        slips[["base_pay_yuan", "performance_pay_yuan", "night_allowance_yuan", "overtime_pay_yuan"]]
        .sum(axis=1)
        .round(2)
    )
    floor, cap = city["contribution_base_floor_cents"] / 100, city["contribution_base_cap_cents"] / 100
    contribution = base.clip(lower=floor, upper=cap)
    insurance = (
        city["pension_employee_rate"] + city["medical_employee_rate"] + city["unemployment_employee_rate"]
    )
    slips["social_insurance_yuan"] = (contribution * insurance).round(2)
    slips["housing_fund_yuan"] = (contribution * city["housing_fund_employee_rate"]).round(2)
    slips["special_deduction_yuan"] = slips["employee_id"].map(deductions).fillna(0.0)

    # Cumulative withholding: year-to-date taxable income, annual brackets, minus tax already withheld.
    slips = slips.sort_values(["employee_id", "pay_month"])
    monthly_taxable = (
        slips["gross_pay_yuan"]
        - 5000
        - slips["social_insurance_yuan"]
        - slips["housing_fund_yuan"]
        - slips["special_deduction_yuan"]
    )
    ytd = monthly_taxable.groupby(slips["employee_id"]).cumsum().clip(lower=0)
    rate = np.select([ytd <= b[0] for b in _BRACKETS], [b[1] for b in _BRACKETS])
    quick = np.select([ytd <= b[0] for b in _BRACKETS], [b[2] for b in _BRACKETS])
    ytd_tax = (ytd * rate - quick).clip(lower=0).round(2)
    withheld = (
        ytd_tax.groupby(slips["employee_id"]).cummax().groupby(slips["employee_id"]).shift(fill_value=0)
    )
    slips["income_tax_yuan"] = (ytd_tax - withheld).clip(lower=0).round(2)
    slips["net_pay_yuan"] = (
        slips["gross_pay_yuan"]
        - slips["social_insurance_yuan"]
        - slips["housing_fund_yuan"]
        - slips["income_tax_yuan"]
    ).round(2)
    return slips


def child_pandas(hr: Path) -> None:
    slips = pandas_payslips(hr)
    print(
        json.dumps(
            {"payslips": len(slips), "net_pay_yuan_total": round(float(slips["net_pay_yuan"].sum()), 2)}
        )
    )


# --- parent --------------------------------------------------------------------------------------------


def _measure(args: list[str]) -> dict[str, Any]:
    """Run a child; wall seconds and the peak RSS of its process tree, sampled every 50 ms."""
    import psutil

    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--child", choices=["dbt", "pandas"])
    parser.add_argument("--path", type=Path)
    parser.add_argument("--warehouse", type=Path)
    args = parser.parse_args()
    if args.child == "dbt":
        child_dbt(args.path, args.warehouse)
        return
    if args.child == "pandas":
        child_pandas(args.path)
        return

    from hirelake.services.seaweedfs import start_seaweedfs, stop_seaweedfs
    from tests.helpers import isolated_settings

    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-marts-") as tmp:
        work = Path(tmp)
        store = isolated_settings(work / "store")
        start_seaweedfs(store)
        try:
            for size in (int(s) for s in args.sizes.split(",")):
                settings_file, hr_dir, facts = _prepare(size, args.months, work, store)
                print(
                    f"{size} employees: generated in {facts['generate_seconds']} s, landed in "
                    f"{facts['land_seconds']} s ({facts['clock_events']:,} clock events)",
                    flush=True,
                )
                me = [sys.executable, str(Path(__file__).resolve())]
                dbt = _measure(
                    [
                        *me,
                        "--child",
                        "dbt",
                        "--path",
                        str(settings_file),
                        "--warehouse",
                        str(work / f"wh-{size}" / "hirelake.duckdb"),
                    ]
                )
                pandas = _measure([*me, "--child", "pandas", "--path", str(hr_dir)])
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
                runs.append(
                    {
                        **facts,
                        "dbt_build": dbt,
                        "pandas_payslips": pandas,
                        "dbt_to_pandas_ratio": round(ratio, 2),
                    }
                )
        finally:
            stop_seaweedfs(store)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "machine": f"{platform.machine()}, {os.cpu_count()} vCPU, Python {platform.python_version()}",
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
