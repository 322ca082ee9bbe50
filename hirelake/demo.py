"""The demo run behind `make demo`: every built stage end to end, and a plain list of what is not built.

Each stage is one entry; a stage that exists runs, a stage that does not yet exist says so with the
issue that will bring it, so a newcomer sees exactly where the platform stands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


def demo_stages() -> list[DemoStage]:
    return [
        DemoStage("object store and lake", _check_store),
        DemoStage("generate demo hospital", None, "synthetic hospital generator (issue 3)"),
        DemoStage("process interviews", None, "media pipeline (issue 4)"),
        DemoStage("score candidates", None, "assessment and scoring (issue 5)"),
        DemoStage("build marts", None, "dbt marts and data-quality gates (issue 6)"),
        DemoStage("serve dashboards", None, "Streamlit dashboards (issue 7)"),
    ]
