"""The per-interview report as one printable HTML page (inline CSS and SVG, no external requests).

Text comes from the i18n catalogue so the same data renders in Simplified Chinese or English; every
value is escaped by Jinja's autoescape, because answer transcripts are candidate speech, not markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import jinja2

from hirelake.i18n import Language, text
from hirelake.reports.data import DimensionRow, ReportData

_BAR_HEIGHT = 26
_CHART_LEFT = 150
_CHART_WIDTH = 420


@dataclass(frozen=True)
class Bar:
    label: str
    score: float
    weight: float | None
    y: int
    width: float
    passes: bool


def clock(seconds: float | None) -> str:
    """mm:ss, the way a reviewer finds the moment in the recording."""
    if seconds is None:
        return ""
    whole = max(0, round(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _bars(dimensions: tuple[DimensionRow, ...], pass_line: float, language: Language) -> list[Bar]:
    ordered = sorted(dimensions, key=lambda d: (d.weight is None, -(d.weight or 0), d.dimension))
    return [
        Bar(
            label=text(f"dimension.{d.dimension}", language),
            score=d.score,
            weight=d.weight,
            y=10 + index * (_BAR_HEIGHT + 10),
            width=round(_CHART_WIDTH * max(0.0, min(d.score, 100.0)) / 100, 1),
            passes=d.score >= pass_line,
        )
        for index, d in enumerate(ordered)
    ]


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("hirelake.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a missing value is a bug, not an empty cell
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["clock"] = clock
    return environment


def render_report(data: ReportData, language: Language, generated_at: datetime | None = None) -> str:
    summary = data.summary
    bars = _bars(data.dimensions, data.dimension_pass, language)
    chart_height = 20 + len(bars) * (_BAR_HEIGHT + 10)
    template = _environment().get_template("report.html.j2")
    return template.render(
        t=lambda key, **values: text(key, language, **values),
        language=language,
        summary=summary,
        data=data,
        bars=bars,
        chart={
            "left": _CHART_LEFT,
            "width": _CHART_WIDTH,
            "height": chart_height,
            "bar_height": _BAR_HEIGHT,
            "pass_x": _CHART_LEFT + _CHART_WIDTH * data.dimension_pass / 100,
        },
        generated_at=(generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
    )
