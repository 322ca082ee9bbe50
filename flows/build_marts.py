"""The `build-marts` flow: dbt build aside, Great Expectations on every contract mart, then the swap.

Thin wiring around `hirelake.marts.build_marts`: the GX gate (`expectations.marts.GxMartsGate`) runs on
the new warehouse file before it may replace the serving one, so a failing dbt node or a failing suite
fails the flow and dashboards keep reading the previous build. A markdown artifact lists the row count
per mart, the dbt test results and the GX results, on success and on failure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from expectations.marts import GxMartsGate
from hirelake.marts import DBT_PROJECT_DIR, GateCheck, MartsBuild, MartsBuildError, NodeResult, build_marts
from hirelake.settings import Settings

_TESTS = ("test", "unit_test")


def _test_lines(results: Sequence[NodeResult]) -> list[str]:
    tests = [r for r in results if r.resource_type in _TESTS]
    counts = Counter(r.status for r in tests)
    summary = ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "none ran"
    lines = [f"**dbt tests** ({len(tests)}): {summary}"]
    noteworthy = [r for r in results if r.status not in {"success", "pass"}]
    if noteworthy:
        lines += ["", "| node | status | message |", "|---|---|---|"]
        for r in noteworthy[:30]:
            message = r.message.replace("|", "/").replace("\n", " ")[:300]
            lines.append(f"| `{r.unique_id}` | {r.status} | {message} |")
    return lines


def _gate_lines(checks: Sequence[GateCheck]) -> list[str]:
    if not checks:
        return ["**Great Expectations**: not run"]
    passed = sum(c.passed for c in checks)
    lines = [f"**Great Expectations**: {passed} of {len(checks)} marts passed", ""]
    lines += ["| mart | rows | expectations | result |", "|---|---|---|---|"]
    for c in checks:
        verdict = "passed" if c.passed else "FAILED: " + c.detail.replace("|", "/")[:400]
        lines.append(f"| {c.mart} | {c.rows} | {c.evaluated} | {verdict} |")
    return lines


def summary_markdown(build: MartsBuild) -> str:
    lines = [
        "# Marts build",
        "",
        f"Run `{build.run_id}`: {build.nodes} dbt nodes in {build.seconds:.1f} s; the serving warehouse "
        f"`{build.warehouse_path}` was replaced and the marts exported to the lake.",
        "",
        "| mart | rows |",
        "|---|---|",
        *(f"| {name} | {rows} |" for name, rows in build.row_counts.items()),
        "",
        *_test_lines(build.results),
        "",
        *_gate_lines(build.checks),
    ]
    return "\n".join(lines)


def failure_markdown(error: MartsBuildError) -> str:
    lines = [
        "# Marts build FAILED",
        "",
        "The serving warehouse was not replaced: dashboards keep reading the previous build.",
        "",
        *(f"- `{failure}`" for failure in error.failures),
        "",
        *_test_lines(error.results),
        "",
        *_gate_lines(error.checks),
    ]
    return "\n".join(lines)


@task(name="build-and-gate-marts", cache_policy=NO_CACHE)
def build_and_gate_marts(
    settings: Settings, variables: Mapping[str, object] | None, project_dir: Path
) -> MartsBuild:
    # No retries: a failing model or suite will fail the same way again.
    return build_marts(settings, project_dir=project_dir, variables=variables, gate=GxMartsGate())


@flow(name="build-marts", validate_parameters=False)
def build_marts_flow(
    settings: Settings,
    variables: Mapping[str, object] | None = None,
    project_dir: Path = DBT_PROJECT_DIR,
) -> MartsBuild:
    """dbt build into a new file, GX suites on its marts, swap only when both passed."""
    try:
        build = build_and_gate_marts(settings, variables, project_dir)
    except MartsBuildError as error:
        create_markdown_artifact(
            key="marts-build", markdown=failure_markdown(error), description="Marts build"
        )
        raise
    create_markdown_artifact(key="marts-build", markdown=summary_markdown(build), description="Marts build")
    return build


def run_build_marts(
    settings: Settings,
    variables: Mapping[str, object] | None = None,
    project_dir: Path = DBT_PROJECT_DIR,
) -> MartsBuild:
    """The flow from plain Python (the CLI, the demo): returns the build or raises MartsBuildError."""
    build: MartsBuild = build_marts_flow(settings, variables, project_dir)
    return build
