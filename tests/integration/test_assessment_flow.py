"""Scoring end to end on the processed hospital: score sets, reports, review queue, re-scoring with new
weights without touching media, decisions as events, and onboarding through the real HRIS API.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml

from flows.score import ScoreOutcome, run_score_interviews
from hirelake.access_log import access_events
from hirelake.decisions import DecisionError, hire_decisions, record_hire, record_review
from hirelake.hris.api import HrisApiConnector
from hirelake.lake import Lake
from hirelake.onboarding import push_onboarding
from hirelake.reports import report_key
from hirelake.scores import current_scores, review_queue, score_for
from hirelake.synth.hr import serve_hr_api
from hirelake.weights import WEIGHTS_DIR
from tests.integration.pipeline_run import PipelineRun, env_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@dataclass(frozen=True)
class Scored:
    run: PipelineRun
    first: dict[str, ScoreOutcome]
    second: dict[str, ScoreOutcome]
    objects_after_first: dict[str, str]
    objects_after_second: dict[str, str]


def _etags(lake: Lake, prefix: str) -> dict[str, str]:
    """Each object's etag and modification time: a rewrite of identical bytes changes the latter."""
    objects = lake.client.list_objects(lake.bucket, prefix=prefix, recursive=True)
    return {str(o.object_name): f"{o.etag}@{o.last_modified}" for o in objects if not o.is_dir}


@pytest.fixture(scope="module")
def scored(pipeline_run: PipelineRun) -> Iterator[Scored]:
    lake = Lake(pipeline_run.settings)
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env_for(pipeline_run.settings).items():
            patch.setenv(key, value)
        first = {o.interview_id: o for o in run_score_interviews()}
        after_first = _etags(lake, "")
        second = {o.interview_id: o for o in run_score_interviews()}
    yield Scored(pipeline_run, first, second, after_first, _etags(lake, ""))


def _good(scored: Scored) -> list[str]:
    return [i.interview_id for i in scored.run.hospital.media.interviews if i.has_consent]


def test_every_analysed_interview_gets_a_score_set_and_reports_in_both_languages(scored: Scored) -> None:
    lake = Lake(scored.run.settings)
    for interview_id in _good(scored):
        outcome = scored.first[interview_id]
        assert outcome.status == "scored", outcome
        assert outcome.total is not None and 0 <= outcome.total <= 100
        assert outcome.recommendation in {"recommend", "hold", "not_recommended"}
        assert outcome.score_key is not None
        for language, title in (("zh", "面试评估报告"), ("en", "Interview assessment report")):
            html = lake.get_bytes(report_key(interview_id, outcome.score_key, language)).decode()
            assert title in html and f">{outcome.total:.1f}<" in html
    assert "dup-of-first" not in scored.first and "no-consent" not in scored.first


def test_scores_carry_evidence_with_times_and_versions(scored: Scored) -> None:
    lake = Lake(scored.run.settings)
    connection = lake.duckdb()
    rows = connection.execute(
        f"""
        select s.interview_id, s.bank_id, s.bank_version, s.weights_version, s.scorer_version,
               count(distinct e.evidence_index) as evidence, min(e.start_seconds) as first_at
        from read_parquet('{lake.uri("silver/interview_scores/*/*.parquet")}') s
        join read_parquet('{lake.uri("silver/score_evidence/*/*.parquet")}') e using (interview_id, score_key)
        group by all
        """
    ).fetchall()
    assert {r[0] for r in rows} == set(_good(scored))
    for _, bank_id, bank_version, weights_version, scorer, evidence, first_at in rows:
        assert bank_id and bank_version >= 1 and weights_version >= 1 and scorer
        assert evidence > 0 and first_at >= 0


def test_a_second_run_scores_nothing_again(scored: Scored) -> None:
    for interview_id, outcome in scored.second.items():
        expected = "cached" if interview_id in _good(scored) else scored.first[interview_id].status
        assert outcome.status == expected, outcome
    held = [o for o in scored.first.values() if o.status == "not_analysed"]
    assert held and all("quarantine" in (o.reason or "") for o in held)  # broken media held at speech
    changed = {k for k, v in scored.objects_after_second.items() if scored.objects_after_first.get(k) != v}
    assert not {k for k in changed if not k.startswith(("silver/_stages/", "quarantine/"))}


def test_review_queue_puts_review_cases_first_and_holds_every_current_score(scored: Scored) -> None:
    queue = review_queue(Lake(scored.run.settings, role="reader"))
    assert {item.interview_id for item in queue} == set(_good(scored))
    priorities = [item.priority for item in queue]
    assert priorities == sorted(priorities)


def test_new_weights_rescore_without_touching_media(scored: Scored, tmp_path: Path) -> None:
    settings = scored.run.settings
    lake = Lake(settings)
    weights_dir = tmp_path / "weights"
    weights_dir.mkdir()
    shutil.copy(WEIGHTS_DIR / "v1.yaml", weights_dir / "v1.yaml")
    v2 = yaml.safe_load((WEIGHTS_DIR / "v1.yaml").read_text())
    v2["version"] = 2
    v2["role_families"]["nurse"] = {"clinical_skill": 20, "knowledge": 50, "professionalism": 30}
    v2["role_families"]["clinical_physician"] = {"knowledge": 20, "clinical_skill": 50, "professionalism": 30}
    v2["role_families"]["administrative"] = {"communication": 20, "teamwork": 40, "knowledge": 40}
    (weights_dir / "v2.yaml").write_text(yaml.safe_dump(v2))
    media_before = _etags(lake, "raw/media/")
    stages_before = {k: v for k, v in _etags(lake, "silver/_stages/").items() if "/score-" not in k}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env_for(settings).items():
            patch.setenv(key, value)
        patch.setenv("HIRELAKE_ASSESSMENT__WEIGHTS_DIR", str(weights_dir))
        rescored = {o.interview_id: o for o in run_score_interviews()}
    assert {i for i, o in rescored.items() if o.status == "scored"} == set(_good(scored))
    assert _etags(lake, "raw/media/") == media_before
    assert {k: v for k, v in _etags(lake, "silver/_stages/").items() if "/score-" not in k} == stages_before
    current = {s.interview_id: s for s in current_scores(lake)}
    for interview_id in _good(scored):
        assert current[interview_id].score_key == rescored[interview_id].score_key
        assert current[interview_id].score_key != scored.first[interview_id].score_key
        old = scored.first[interview_id].score_key
        assert lake.exists(f"silver/interview_scores/interview_id={interview_id}/score-{old}.parquet")


def test_decisions_hire_and_onboarding_reach_the_hris_once(scored: Scored) -> None:
    settings = scored.run.settings
    lake = Lake(settings)
    interview_id = _good(scored)[0]
    score = score_for(lake, interview_id)
    assert score is not None
    with pytest.raises(DecisionError):
        record_hire(lake, score, decided_by="hr.zhao", decision="hire", start_date=date(2027, 1, 4))
    other = "hold" if score.recommendation == "recommend" else "recommend"
    record_review(
        lake,
        score,
        reviewer="li.na",
        action="override",
        override_to=other,  # type: ignore[arg-type]
        reason="The recording at the flagged moment shows a complete answer.",
    )
    hire = record_hire(
        lake,
        score,
        decided_by="hr.zhao",
        decision="hire",
        start_date=date(2027, 1, 4),
        contract_term_months=36,
        grade_code="N1",
    )
    assert hire.probation_months == 6
    token = "onboarding-test-token"
    hr_dir = scored.run.hospital.hr.out_dir
    with serve_hr_api(hr_dir, token) as server, HrisApiConnector(server.url, token) as hris:
        first = push_onboarding(lake, hris)
        again = push_onboarding(lake, hris)
    assert first.sent == (hire.event_id,) and not first.failed
    assert again.sent == () and again.already_sent == 1
    stored = [json.loads(p.read_text()) for p in sorted((hr_dir / "onboarding").glob("*.json"))]
    assert len(stored) == 1 and hire.event_id in json.dumps(stored[0])
    assert [h.event_id for h in hire_decisions(lake)] == [hire.event_id]


def test_cli_refuses_an_override_without_reason_and_lists_the_queue(scored: Scored) -> None:
    env = {**os.environ, **env_for(scored.run.settings), "COLUMNS": "300", "HIRELAKE_LANGUAGE": "en"}
    cli = str(Path(sys.executable).parent / "hirelake")
    interview_id = _good(scored)[-1]
    refused = subprocess.run(
        [cli, "review", "decide", interview_id, "--reviewer", "li.na", "--override-to", "not_recommended"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2 and "reason" in refused.stderr
    listed = subprocess.run([cli, "review", "queue"], env=env, capture_output=True, text=True, check=True)
    assert interview_id in listed.stdout


def test_cli_report_is_written_and_its_opening_logged(scored: Scored, tmp_path: Path) -> None:
    env = {**os.environ, **env_for(scored.run.settings), "HIRELAKE_LANGUAGE": "en"}
    cli = str(Path(sys.executable).parent / "hirelake")
    interview_id = _good(scored)[0]
    out = tmp_path / "report.html"
    subprocess.run([cli, "report", interview_id, "--out", str(out)], env=env, check=True, capture_output=True)
    assert "Interview assessment report" in out.read_text()
    events = access_events(Lake(scored.run.settings))
    assert any(e.action == "open_report" and e.interview_id == interview_id for e in events)
