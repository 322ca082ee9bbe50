"""A deletion request removes every copy of a candidate's interviews, checked on the store itself.

The lake is built by the same writers the flows use (content-addressed media, silver keys, decisions,
access log, privacy events), with a kept candidate and a candidate under legal hold beside the one who
asked. After the run every key is listed and every remaining Parquet table and text object is searched.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hirelake.access_log import record_access
from hirelake.decisions import (
    HireDecision,
    ReviewDecision,
    hire_decisions,
    new_event_id,
    review_decisions,
    write_event,
)
from hirelake.deletion import PROOF_PREFIXES, execute_deletion_requests
from hirelake.lake import Lake
from hirelake.privacy_requests import (
    completed_deletions,
    record_deletion_request,
    record_legal_hold,
)
from hirelake.schemas import SILVER_TABLES
from hirelake.settings import Settings
from tests.helpers import own_bucket

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BUCKET = "deletion-it"
NAMES = {"C-DEL": ("林晓红", "Lin Xiaohong"), "C-KEEP": ("王芳", "Wang Fang"), "C-HOLD": ("赵敏", "Zhao Min")}


@dataclass(frozen=True)
class Interview:
    interview_id: str
    candidate_id: str
    media_key: str
    media: bytes


@pytest.fixture(scope="module")
def lake(store_settings: Settings) -> Lake:
    """The session's store, a bucket of its own: the run acts on every open request in the bucket, and the
    test lists every key in it."""
    return Lake(own_bucket(store_settings, BUCKET))


def _parquet(lake: Lake, key: str, rows: list[dict[str, object]]) -> None:
    lake.write_parquet(key, pa.Table.from_pylist(rows))


def _interview(
    lake: Lake, tmp: Path, interview_id: str, candidate_id: str, *, consent: bool = True
) -> Interview:
    media = os.urandom(40_000)
    path = tmp / f"{interview_id}.mp4"
    path.write_bytes(media)
    stored = lake.put_media(interview_id, path, original_name=f"{NAMES[candidate_id][1]}.mp4")
    sha = stored.sha256
    if not consent:  # archived, not analysed: only the quarantine reason names the candidate
        lake.put_json(
            f"quarantine/consent/{interview_id}.json",
            {"stage": "consent", "item_id": interview_id, "input_sha256": sha,
             "reason": f"AI evaluation consent is missing for candidate {candidate_id}: archived"},
        )  # fmt: skip
        return Interview(interview_id, candidate_id, stored.key, media)
    lake.put_json(
        f"raw/interviews/{interview_id}.json",
        {
            "interview_id": interview_id,
            "candidate_id": candidate_id,
            "media_key": stored.key,
            "media_sha256": sha,
        },
    )
    lake.put_json(
        f"raw/interview_plans/{interview_id}.json",
        {
            "interview_id": interview_id,
            "candidate_id": candidate_id,
            "bank_id": "nurse",
            "question_ids": ["q1"],
        },
    )
    base = {"interview_id": interview_id, "media_sha256": sha}
    _parquet(lake, SILVER_TABLES["media_ingest"].key(interview_id, "ingest"),
             [{**base, "candidate_id": candidate_id, "media_key": stored.key}])  # fmt: skip
    _parquet(lake, f"silver/transcript_segments/interview_id={interview_id}/speech.parquet",
             [{**base, "text": "我在急诊科工作了三年", "start_seconds": 1.0}])  # fmt: skip
    _parquet(lake, f"silver/interview_scores/interview_id={interview_id}/score-k1.parquet",
             [{**base, "score_key": "k1", "candidate_id": candidate_id, "total_score": 71.5}])  # fmt: skip
    lake.put_json(f"silver/_stages/{interview_id}/speech.json", {**base, "stage": "speech"})
    lake.put_bytes(
        f"reports/{interview_id}/k1.zh.html", f"<h1>{NAMES[candidate_id][0]}</h1>".encode(), "text/html"
    )
    lake.put_json(
        f"quarantine/vision/{interview_id}.json", {"stage": "vision", "item_id": interview_id, "reason": "x"}
    )
    lake.put_bytes(f"landing/interviews/{interview_id}/retry.mp4", media[:1000])
    review = ReviewDecision(
        new_event_id("review_decision", T0), interview_id, "k1", "dr-li", "override", "recommend", "hold",
        f"{NAMES[candidate_id][0]} hesitated on the sepsis scenario", T0.isoformat(),
    )  # fmt: skip
    write_event(lake, "review_decision", review)
    hire = HireDecision(
        new_event_id("hire_decision", T0), interview_id, candidate_id, "P-1", "k1", review.event_id, "reject",
        "hr-wang", T0.isoformat(), "not this round", None, None, None, None, {"total": 71.5},
    )  # fmt: skip
    write_event(lake, "hire_decision", hire)
    record_access(lake, "hr-wang", "hr_lead", "open_recording", object_kind="recording",
                  object_id=stored.key, interview_id=interview_id, accessed_at=T0)  # fmt: skip
    return Interview(interview_id, candidate_id, stored.key, media)


def _hris_and_marts(lake: Lake, interviews: list[Interview]) -> None:
    day = "load_date=2026-03-01"
    people = [
        {"candidate_id": c, "name_zh": zh, "name_en": en, "birth_year": "1994"}
        for c, (zh, en) in NAMES.items()
    ]
    _parquet(lake, f"raw/hris/candidates/{day}/part-0000.parquet", people)
    consents = [{"consent_id": f"CS{n}", "candidate_id": c, "purpose": "ai"} for n, c in enumerate(NAMES)]
    _parquet(lake, f"raw/hris/consents/{day}/part-0000.parquet", consents)
    _parquet(lake, f"raw/hris/clock_events/{day}/part-0000.parquet",
             [{"employee_id": "E1", "event_at": "2026-03-01T08:00:00"}])  # fmt: skip
    rejected = {"row": json.dumps({"candidate_id": "C-DEL", "birth_year": "19x4"}), "reason": "bad year"}
    _parquet(lake, f"quarantine/hris/candidates/{day}/rejected.parquet", [rejected])
    scores = [
        {"interview_id": i.interview_id, "candidate_id": i.candidate_id, "score": 71.5} for i in interviews
    ]
    _parquet(lake, "marts/recruiting/fct_interviews.parquet", scores)
    _parquet(lake, "marts/compliance/fct_access_log.parquet", [
        {"user_name": "hr-wang", "object_id": i.media_key, "accessed_at": T0.isoformat()} for i in interviews
    ])  # fmt: skip
    _parquet(lake, "marts/compliance/fct_bias_audit.parquet", [{"sex": "F", "impact_ratio": 0.9}])


def _texts(lake: Lake, key: str) -> list[str]:
    """What a reader could find in the object: every cell of a Parquet table, or the decoded text."""
    data = lake.get_bytes(key)
    if key.endswith(".parquet"):
        table = pq.read_table(io.BytesIO(data))
        return [json.dumps(table.to_pylist(), ensure_ascii=False, default=str)]
    return [data.decode("utf-8", errors="replace")]


def _mentions(lake: Lake, needles: list[str]) -> list[str]:
    found = []
    for entry in lake.list(""):
        if entry.key.startswith(PROOF_PREFIXES):
            continue
        found += [f"{entry.key}: {needle}" for needle in needles if needle in entry.key]
        if entry.key.startswith("raw/media/"):
            continue  # recordings: checked by key and bytes below
        found += [f"{entry.key} holds {n}" for text in _texts(lake, entry.key) for n in needles if n in text]
    return found


def test_deletion_removes_every_copy_except_under_legal_hold(lake: Lake, tmp_path: Path) -> None:
    deleted = [
        _interview(lake, tmp_path, "iv-del-1", "C-DEL"),
        _interview(lake, tmp_path, "iv-del-2", "C-DEL"),
        _interview(lake, tmp_path, "iv-del-3", "C-DEL", consent=False),
    ]
    kept = [
        _interview(lake, tmp_path, "iv-keep-1", "C-KEEP"),
        _interview(lake, tmp_path, "iv-hold-1", "C-HOLD"),
    ]
    _hris_and_marts(lake, deleted + kept)
    clock_etag = lake.client.stat_object(
        lake.bucket, "raw/hris/clock_events/load_date=2026-03-01/part-0000.parquet"
    ).etag
    request = record_deletion_request(lake, "C-DEL", "candidate (email 2026-03-01)", requested_at=T0)
    held_request = record_deletion_request(lake, "C-HOLD", "candidate", requested_at=T0)
    record_legal_hold(lake, "C-HOLD", "labour dispute 2026-17", "legal-office", recorded_at=T0)

    run = execute_deletion_requests(lake, now=T0)

    (done,) = run.completed
    (held,) = run.held
    assert (done.request_id, held.request_id) == (request.request_id, held_request.request_id)
    assert "legal hold" in held.reason and "labour dispute 2026-17" in held.reason
    assert set(done.interview_ids) == {"iv-del-1", "iv-del-2", "iv-del-3"}
    assert done.counts["mart_rows_removed"] == 6  # three interviews in two marts

    # The store itself: no key and no remaining table or document names the candidate or an interview.
    needles = ["C-DEL", "iv-del-1", "iv-del-2", "iv-del-3", *NAMES["C-DEL"]]
    assert _mentions(lake, needles) == []
    remaining_media = {lake.get_bytes(e.key) for e in lake.list("raw/media/")}
    assert not remaining_media & {i.media for i in deleted}
    assert {i.media for i in kept} <= remaining_media
    index = {lake.get_json(e.key)["key"] for e in lake.list("raw/media-index/")}
    assert index == {i.media_key for i in kept}

    # The others are untouched, the held candidate included; unrelated HRIS data is not even rewritten.
    for interview in kept:
        assert lake.get_bytes(interview.media_key) == interview.media
        assert lake.exists(f"reports/{interview.interview_id}/k1.zh.html")
    marts = lake.read_parquet("marts/recruiting/fct_interviews.parquet").to_pylist()
    assert sorted(r["candidate_id"] for r in marts) == ["C-HOLD", "C-KEEP"]
    assert lake.read_parquet("marts/compliance/fct_bias_audit.parquet").num_rows == 1
    assert (
        lake.client.stat_object(
            lake.bucket, "raw/hris/clock_events/load_date=2026-03-01/part-0000.parquet"
        ).etag
        == clock_etag
    )

    # Decisions and the HRIS copy are kept under their legal basis, pseudonymised, still parseable.
    hires = hire_decisions(lake)
    assert len(hires) == 4 and len(review_decisions(lake)) == 4  # the consent-less interview had none
    erased = [h for h in hires if h.candidate_id.startswith("erased-")]
    assert len(erased) == 2 and len({h.candidate_id for h in erased}) == 1
    candidates = lake.read_parquet("raw/hris/candidates/load_date=2026-03-01/part-0000.parquet").to_pylist()
    assert len(candidates) == 3
    (gone,) = [c for c in candidates if c["candidate_id"] == erased[0].candidate_id]
    assert gone["name_zh"] is None and gone["birth_year"] is None

    # Proof of deletion: the completion event lists what went; the run report says what was held.
    (completion,) = completed_deletions(lake)
    assert completion.request_id == request.request_id
    assert {i.media_key for i in deleted} <= set(completion.deleted_keys)
    assert run.report_key is not None
    report = lake.get_json(run.report_key)
    outcomes = {o["request_id"]: (o["outcome"], o["counts"]["deleted_objects"]) for o in report["outcomes"]}
    assert outcomes == {request.request_id: ("completed", 25), held_request.request_id: ("held", 0)}

    # Until the hold is released the request stays open and nothing of it goes; then it completes.
    assert [o.outcome for o in execute_deletion_requests(lake).outcomes] == ["held"]
    assert lake.exists("raw/interviews/iv-hold-1.json")
    record_legal_hold(lake, "C-HOLD", "dispute settled 2026-04", "legal-office", released=True)
    (after_release,) = execute_deletion_requests(lake).outcomes
    assert after_release.outcome == "completed" and after_release.interview_ids == ("iv-hold-1",)
    assert _mentions(lake, ["C-HOLD", "iv-hold-1", *NAMES["C-HOLD"]]) == []
    assert lake.get_bytes(kept[0].media_key) == kept[0].media
    assert execute_deletion_requests(lake).outcomes == ()


def test_the_cli_records_requests_and_holds_and_runs_them(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from hirelake.deletion_cli import deletion_app

    monkeypatch.setenv("HIRELAKE_DATA_DIR", str(lake.settings.data_dir))
    monkeypatch.setenv("HIRELAKE_STORE__ENDPOINT", lake.settings.store.endpoint)
    monkeypatch.setenv("HIRELAKE_STORE__BUCKET", BUCKET)
    lake.put_json("raw/interviews/iv-cli-1.json", {"interview_id": "iv-cli-1", "candidate_id": "C-CLI"})
    runner = CliRunner()
    assert runner.invoke(deletion_app, ["request", "C-CLI", "--by", "candidate"]).exit_code == 0
    assert runner.invoke(deletion_app, ["hold", "C-CLI", "--reason", "ok", "--by", "legal"]).exit_code == 1
    assert (
        runner.invoke(deletion_app, ["hold", "C-CLI", "--reason", "audit 2026", "--by", "legal"]).exit_code
        == 0
    )
    held = runner.invoke(deletion_app, ["run"])
    assert held.exit_code == 0 and "audit 2026" in held.output
    assert lake.exists("raw/interviews/iv-cli-1.json")
    released = ["hold", "C-CLI", "--reason", "audit closed", "--by", "legal", "--release"]
    assert runner.invoke(deletion_app, released).exit_code == 0
    done = runner.invoke(deletion_app, ["run"])
    assert done.exit_code == 0 and "completed" in done.output
    assert not lake.exists("raw/interviews/iv-cli-1.json")
