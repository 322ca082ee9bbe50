"""The demo run behind `make demo`: every built stage end to end, and a plain list of what is not built.

Each stage is one entry; a stage that exists runs, a stage that does not yet exist says so with the
issue that will bring it, so a newcomer sees exactly where the platform stands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from hirelake.settings import Settings


@dataclass(frozen=True)
class DemoStage:
    name: str
    run: Callable[[Settings], str] | None  # returns a one-line summary of what it did
    not_built_reason: str = ""


def _check_store(settings: Settings) -> str:
    from hirelake.lake import Lake

    lake = Lake(settings)
    objects = sum(1 for _ in lake.list(""))
    return f"lake bucket s3://{lake.bucket} reachable with {objects} objects"


def _generate_hospital(settings: Settings) -> str:
    from hirelake.lake import Lake
    from hirelake.synth.hospital import HospitalConfig, generate_hospital
    from hirelake.synth.to_lake import load_hospital

    out = settings.data_dir / "demo-hospital"
    result = generate_hospital(out, HospitalConfig(seed=7, employees=300, candidates=40, interviews=6))
    summary = load_hospital(Lake(settings), result, datetime.now(UTC).date())
    return (
        f"{sum(summary.tables.values()):,} HRIS rows in {len(summary.tables)} tables, "
        f"{summary.submissions} interviews and {summary.broken_submissions} broken files landed ({out})"
    )


def _process_interviews(settings: Settings) -> str:
    from collections import Counter

    from hirelake.services.prefect_server import apply_prefect_environment

    apply_prefect_environment(settings)
    from flows.pipeline import run_process_pending

    outcomes = run_process_pending(settings)
    counts = Counter(outcome.status for outcome in outcomes)
    return ", ".join(f"{count} {status}" for status, count in sorted(counts.items())) + (
        " (see `hirelake sql` on s3://hirelake/silver/ and quarantine/ for reasons)"
    )


def demo_stages() -> list[DemoStage]:
    return [
        DemoStage("object store and lake", _check_store),
        DemoStage("generate demo hospital", _generate_hospital),
        DemoStage("process interviews", _process_interviews),
        DemoStage("score candidates", None, "assessment and scoring (issue 5)"),
        DemoStage("build marts", None, "dbt marts and data-quality gates (issue 6)"),
        DemoStage("serve dashboards", None, "Streamlit dashboards (issue 7)"),
    ]
