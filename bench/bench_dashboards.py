"""Page load time of the candidate report, the review queue and the bias audit (compliance page) with
10,000 employees and 5,000 interviews in the marts; goal: under 1.5 s each.

Run: .venv/bin/python -m bench.bench_dashboards [--interviews 5000] [--employees 10000] [--runs 5]
     [--out bench/results/dashboards.json]

"Page load" is the server render from the script's start to its last element, measured with Streamlit's
AppTest (the same script run a browser session gets, without the network hop). Each page is timed cold
(every cache cleared: warehouse queries, lake reads) and warm (the `st.cache_data` TTL still holds).

The 5,000 interviews are synthetic rows written straight into a DuckDB warehouse with the marts' columns
(`recruiting.fct_interview_reports` as dbt builds it, staging views as tables, 10,000 employees in
`attendance.dim_employment` and their licences); the real pipeline cannot process 5,000 recordings on
this machine in a reasonable time. The report page's own interview is real silver score tables, a
transcript and a recording in a SeaweedFS started for the run (free ports, temporary folder).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.testing.v1 import AppTest

from hirelake.auth import UserStore, start_session, users_path
from hirelake.services.seaweedfs import start_seaweedfs, stop_seaweedfs
from hirelake.settings import Settings
from tests.dashboard_data import (
    INTERVIEWS,
    NOW,
    POSITIONS,
    InterviewSpec,
    build_warehouse,
    prepare_dashboards,
    score_key_of,
)
from tests.helpers import isolated_settings

APP = Path(__file__).resolve().parent.parent / "apps" / "streamlit_app.py"
PAGES = (("report", "admin"), ("review", "reviewer"), ("compliance", "compliance"))
_MART = """
    create or replace table recruiting.fct_interview_reports as
    select i.interview_id, i.candidate_id, i.position_id, i.scored_at as interviewed_at, 'zh' as language,
           i.total_score::decimal(5, 2) as total_score, i.recommendation, i.needs_review,
           nullif(array_to_string(i.flags, ', '), '') as flags, 1 as weights_version, 1 as bank_version,
           null::varchar as final_decision, null::varchar as decided_by, null::timestamptz as decided_at,
           i.score_key, i.scored_at, p.role_family, 'nurse-ed' as bank_id, null::varchar as review_action,
           false as is_overridden,
           's3://bucket/reports/' || i.interview_id || '/' || i.score_key || '.zh.html' as report_uri,
           null::varchar as review_reasons, 'competency-scoring-1' as scorer_version,
           null::varchar as embedder_model
    from interviews i join staging.stg_hris__positions p using (position_id)
"""


def synthetic_interviews(count: int) -> list[InterviewSpec]:
    """The fixture's interviews (real silver data) plus `count` - 3 rows that exist only in the marts."""
    recommendations = ("recommend", "hold", "not_recommended")
    extra = [
        InterviewSpec(
            f"I-{n:05d}",
            f"C-{n:05d}",
            f"候选人{n}",
            f"Candidate {n}",
            POSITIONS[n % len(POSITIONS)][0],
            {},
            40 + (n * 37) % 60,
            recommendations[n % 3],
            n % 4 == 0,
            NOW - timedelta(minutes=n),
            ("second_voice",) if n % 11 == 0 else (),
        )
        for n in range(count - len(INTERVIEWS))
    ]
    return [*INTERVIEWS, *extra]


def add_scores_mart(path: Path, interviews: list[InterviewSpec]) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create temp table interviews (interview_id varchar, candidate_id varchar, position_id varchar, "
            "total_score double, recommendation varchar, needs_review boolean, flags varchar[], "
            "score_key varchar, scored_at timestamptz)"
        )
        con.executemany(
            "insert into interviews values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (i.interview_id, i.candidate_id, i.position_id, i.total, i.recommendation, i.needs_review,
                 list(i.flags), score_key_of(i.interview_id), i.scored_at)
                for i in interviews
            ],
        )  # fmt: skip
        con.execute(_MART)


def render(user: str, page: str, settings: Settings, *, cold: bool, expected: str) -> float:
    """Seconds from the script's start to its last element, for `user` on `page`.

    The session first lands on its role's first page (as after sign-in); a cold render then clears every
    cache, so it pays for the warehouse connection, the queries and the lake reads itself.
    """
    account = UserStore(users_path(settings)).load()[user]
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["hl_session"] = start_session(account, 30)
    at.session_state["hl_language"] = "en"
    at.session_state["report_interview"] = INTERVIEWS[0].interview_id  # the one with silver tables
    at.run()
    if cold:
        st.cache_data.clear()
        st.cache_resource.clear()
    started = time.perf_counter()
    at.switch_page(f"app_pages/{page}.py").run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page} failed: {[e.value for e in at.exception]}")
    shown = [m.value for m in at.metric] + [m.label for m in at.metric] + [h.value for h in at.subheader]
    if expected not in shown:  # the figure is for a page that really showed the data
        raise RuntimeError(f"{page}: expected {expected!r} on the page, found {shown}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interviews", type=int, default=5_000)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-dashboards-") as tmp:
        store = isolated_settings(Path(tmp) / "store")
        start_seaweedfs(store)
        try:
            dashboards = prepare_dashboards(store, Path(tmp) / "data")
            interviews = synthetic_interviews(args.interviews)
            build_warehouse(dashboards.settings.warehouse_path, interviews, employees=args.employees)
            add_scores_mart(dashboards.settings.warehouse_path, interviews)
            os.environ.update(dashboards.env())
            results = {}
            expected = {
                "report": "68.0",  # the fixture interview's total
                "review": f"Waiting for review ({args.interviews})",  # nobody decided yet
                "compliance": "Categories below 0.8: 1",
            }
            for page, user in PAGES:
                cold, warm = [], []
                for _ in range(args.runs):
                    cold.append(render(user, page, dashboards.settings, cold=True, expected=expected[page]))
                    warm.append(render(user, page, dashboards.settings, cold=False, expected=expected[page]))
                results[page] = {
                    "cold_median_s": round(statistics.median(cold), 3),
                    "cold_max_s": round(max(cold), 3),
                    "warm_median_s": round(statistics.median(warm), 3),
                    "warm_max_s": round(max(warm), 3),
                }
                figures = results[page]
                print(
                    f"{page:<11} cold median {figures['cold_median_s']:.3f} s "
                    f"(max {figures['cold_max_s']:.3f}), warm median {figures['warm_median_s']:.3f} s "
                    f"(max {figures['warm_max_s']:.3f})"
                )
        finally:
            stop_seaweedfs(store)
    summary = {
        "interviews": args.interviews,
        "employees": args.employees,
        "runs": args.runs,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "pages": results,
        "goal_s": 1.5,
        "met": all(r["cold_median_s"] < 1.5 for r in results.values()),
    }
    print(json.dumps(summary, indent=2))
    if args.out:
        args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
