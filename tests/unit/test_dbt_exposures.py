"""The dbt exposures name the dashboard pages that exist, and each page the marts it reads."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXPOSURES = ROOT / "dbt" / "models" / "marts" / "_marts__exposures.yml"
PAGES = ROOT / "apps" / "app_pages"
MODEL_NAME = r"\"(?:recruiting|attendance|payroll|compliance)\.((?:fct|dim)_\w+)\""


def _exposures() -> dict[str, dict[str, object]]:
    document = yaml.safe_load(EXPOSURES.read_text(encoding="utf-8"))
    return {e["config"]["meta"]["page_file"]: e for e in document["exposures"]}


def test_every_page_has_one_exposure_and_every_exposure_a_page() -> None:
    pages = {f"apps/app_pages/{p.name}" for p in PAGES.glob("*.py") if p.name != "__init__.py"}
    assert set(_exposures()) == pages


def test_models_a_page_names_in_its_queries_are_in_its_exposure() -> None:
    """`queries.mart(..., "<schema>.<model>")` calls written in a page file: the exposure lists them."""
    for page_file, exposure in _exposures().items():
        source = (ROOT / page_file).read_text(encoding="utf-8")
        named = set(re.findall(MODEL_NAME, source))
        listed = {re.sub(r"ref\('(\w+)'\)", r"\1", str(d)) for d in exposure["depends_on"]}  # type: ignore[attr-defined]
        assert named <= listed, f"{page_file} reads {sorted(named - listed)} not in its exposure"
