"""Benchmark: the synthetic HR generator at 10,000 employees x 12 months, against a 1,000-employee baseline.

Run: .venv/bin/python bench/bench_synth_hr.py [--employees 10000] [--baseline 1000] [--months 12]
Prints wall seconds, peak RSS of the process, row counts, and the per-employee cost ratio of the large run
to the baseline measured in the same process (1.0 = linear scaling).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from hirelake.synth.hr import HrSynthConfig, HrSynthResult, generate_hr


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def _run(employees: int, months: int, seed: int) -> tuple[float, HrSynthResult]:
    config = HrSynthConfig(seed=seed, employees=employees, candidates=max(100, employees // 5), months=months)
    with tempfile.TemporaryDirectory(prefix="bench-synth-hr-") as tmp:
        started = time.perf_counter()
        result = generate_hr(Path(tmp), config)
        elapsed = time.perf_counter() - started
        size = sum(p.stat().st_size for p in result.out_dir.iterdir())
    print(f"  {employees:>6} employees x {months} months: {elapsed:7.2f} s, output {size / 1e6:8.1f} MB")
    return elapsed, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()

    print("synthetic HR generator benchmark")
    base_s, _ = _run(args.baseline, args.months, args.seed)
    big_s, big = _run(args.employees, args.months, args.seed)
    print(f"wall seconds ({args.employees} employees): {big_s:.2f}")
    print(f"peak RSS: {_peak_rss_mb():.0f} MB")
    print("rows:")
    for table, rows in big.row_counts.items():
        print(f"  {table:<24} {rows:>10,}")
    print(f"  {'total':<24} {sum(big.row_counts.values()):>10,}")
    print(f"defects declared: {len(big.defects):,}")
    ratio = (big_s / args.employees) / (base_s / args.baseline)
    print(f"per-employee cost ratio {args.employees} vs {args.baseline}: {ratio:.2f}")


if __name__ == "__main__":
    main()
