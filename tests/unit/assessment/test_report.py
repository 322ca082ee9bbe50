"""The printable report: both languages, every number present, candidate speech escaped, no remote assets."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from hirelake.i18n import keys, missing_keys, text
from hirelake.reports import render_report, report_data
from hirelake.reports.render import clock

BASE = {"interview_id": "iv-7", "media_sha256": "a" * 64, "score_key": "k7"}


def _rows() -> dict[str, list[dict[str, Any]]]:
    return {
        "interview_scores": [
            {
                **BASE,
                "candidate_id": "C-7",
                "position_id": "P-ED-N",
                "role_family": "nurse",
                "language": "zh",
                "bank_id": "nurse_emergency",
                "bank_version": 2,
                "weights_version": 1,
                "scorer_version": "scorer-1",
                "embedder_model": "e5@1",
                "speech_fingerprint": "f" * 16,
                "expression_used": False,
                "total_score": 72.4,
                "recommendation": "hold",
                "needs_review": True,
                "review_reasons": ["total 72.4 within 5 of the recommend threshold 75"],
                "flags": ["compliance_misunderstanding"],
                "report_key": "reports/iv-7/k7.zh.html",
                "scored_at": datetime(2026, 11, 2, tzinfo=UTC),
            }
        ],
        "dimension_scores": [
            {**BASE, "dimension": "clinical_skill", "score": 81.0, "weight": 40.0, "answer_count": 2},
            {**BASE, "dimension": "communication", "score": 55.0, "weight": 30.0, "answer_count": 4},
        ],
        "answer_scores": [
            {
                **BASE,
                "answer_index": 0,
                "question_id": "EDN-K01",
                "dimension": "knowledge",
                "start_seconds": 12.0,
                "end_seconds": 47.5,
                "text": "<script>alert(1)</script> 先评估生命体征",
                "coverage": 0.75,
                "terms": 0.5,
                "structure": 1.0,
                "feasibility": 0.8,
                "communication": 0.6,
                "score": 74.0,
                "key_points_covered": ["assess_vitals"],
                "key_points_missed": ["retriage"],
                "domain_terms": ["生命体征"],
                "red_flags": [],
                "match_confidence": 0.9,
            }
        ],
        "score_evidence": [
            {
                **BASE,
                "evidence_index": 0,
                "dimension": "clinical_skill",
                "answer_index": 0,
                "question_id": "EDN-K01",
                "start_seconds": 12.0,
                "end_seconds": 47.5,
                "excerpt": "<b>先评估</b>生命体征",
                "signals": ["key_point:assess_vitals", "term:生命体征"],
            }
        ],
        "risk_flags": [
            {
                **BASE,
                "flag_index": 0,
                "code": "compliance_misunderstanding",
                "severity": "high",
                "detail": "red flag disclose_to_relative stated",
                "question_id": "EDN-C01",
                "start_seconds": 130.0,
                "end_seconds": 151.0,
            }
        ],
    }


@pytest.mark.parametrize("language", ["zh", "en"])
def test_report_shows_scores_flags_evidence_and_versions(language: str) -> None:
    html = render_report(report_data(_rows(), 60.0), language)  # type: ignore[arg-type]
    assert text("report.title", language) in html  # type: ignore[arg-type]
    assert 'id="total-score">72.4<' in html
    assert text("recommendation.hold", language) in html  # type: ignore[arg-type]
    assert text("flag.compliance_misunderstanding", language) in html  # type: ignore[arg-type]
    assert "02:10" in html  # the flag's moment, as a reviewer seeks it
    assert "key_point:assess_vitals" in html
    assert "nurse_emergency@2" in html and "weights@1" in html and "scorer-1" in html
    assert text("report.expression_off", language) in html  # type: ignore[arg-type]
    assert "<svg" in html and html.count("<rect") == 4  # two dimensions: track + bar each


def test_candidate_speech_is_escaped_and_nothing_is_fetched_from_elsewhere() -> None:
    html = render_report(report_data(_rows(), 60.0), "en")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>先评估</b>" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_every_catalogue_key_the_template_uses_exists() -> None:
    from pathlib import Path

    import hirelake.reports

    template = (Path(hirelake.reports.__file__).parent / "templates" / "report.html.j2").read_text()
    used = set(re.findall(r"t\('([a-z_.]+)'\)", template))
    assert used and not missing_keys(used)
    for prefix in ("recommendation.", "dimension.", "flag.", "severity.", "component."):
        assert any(k.startswith(prefix) for k in keys())


@pytest.mark.parametrize(("seconds", "shown"), [(0, "00:00"), (59.6, "01:00"), (754, "12:34"), (None, "")])
def test_clock(seconds: float | None, shown: str) -> None:
    assert clock(seconds) == shown
