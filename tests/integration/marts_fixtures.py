"""Interview scores and events written into a test lake the way the platform writes them.

Silver score rows go through the real schemas (`SilverTable.conform`), decisions through
`hirelake.decisions`, deletion requests / legal holds / access events through their core modules, the
plan through `hirelake.interview_plans`. The marts' expected values below follow from these rows and
the reference date `AS_OF` the build is given (var compliance_as_of_date).

- I-HIRED (candidate C000025, employee E000170 in the generated hospital): two score sets, the newer
  (weights v2) is current; a reviewer overrides hold -> recommend; hired; clinical_skill 90,
  communication 50 -> a patient-communication training plan.
- I-REJECTED (C000001): confirmed not_recommended, rejected on 2026-01-20; deletion requested on
  2026-02-01 and completed on 2026-02-10 (on time).
- I-WAITING (C000002): scored, no review yet; deletion requested 2026-02-01 but a legal hold is on.
- C000003 asked for deletion on 2026-01-10 and nothing happened: overdue on AS_OF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from hirelake.access_log import record_access
from hirelake.decisions import ScoreRef, record_hire, record_review
from hirelake.interview_plans import save_plan
from hirelake.lake import Lake
from hirelake.privacy_requests import (
    record_deletion_completed,
    record_deletion_request,
    record_legal_hold,
)
from hirelake.question_banks.selection import InterviewPlan
from hirelake.schemas import DIMENSION_SCORES, INTERVIEW_SCORES, MEDIA_INGEST, RISK_FLAGS

AS_OF = date(2026, 3, 31)
HIRED, REJECTED, WAITING = "I-HIRED", "I-REJECTED", "I-WAITING"
CANDIDATES = {HIRED: "C000025", REJECTED: "C000001", WAITING: "C000002"}
OVERDUE_CANDIDATE = "C000003"


def _at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@dataclass(frozen=True)
class WrittenFixtures:
    overdue_request_id: str
    blocked_request_id: str
    completed_request_id: str
    current_score_key: str


def _score_set(
    lake: Lake,
    interview_id: str,
    *,
    score_key: str,
    total: float,
    recommendation: str,
    dimensions: dict[str, float],
    weights_version: int,
    scored_at: datetime,
    flags: list[str],
) -> ScoreRef:
    candidate = CANDIDATES[interview_id]
    sha = f"sha-{interview_id}"
    report = f"reports/{interview_id}/{score_key}.zh.html"
    row = {
        "interview_id": interview_id, "media_sha256": sha, "score_key": score_key,
        "candidate_id": candidate, "position_id": "POS013", "role_family": "nurse", "language": "zh",
        "bank_id": "nurse-ed", "bank_version": 2, "weights_version": weights_version,
        "scorer_version": "scorer-1", "embedder_model": None, "speech_fingerprint": "fp",
        "expression_used": False, "total_score": total, "recommendation": recommendation,
        "needs_review": recommendation == "hold", "review_reasons": [], "flags": flags,
        "report_key": report, "scored_at": scored_at,
    }  # fmt: skip
    stage = f"score-{score_key}"
    lake.write_parquet(INTERVIEW_SCORES.key(interview_id, stage), INTERVIEW_SCORES.conform([row]))
    dims = [
        {"interview_id": interview_id, "media_sha256": sha, "score_key": score_key, "dimension": name,
         "score": score, "weight": None, "answer_count": 2}
        for name, score in dimensions.items()
    ]  # fmt: skip
    lake.write_parquet(DIMENSION_SCORES.key(interview_id, stage), DIMENSION_SCORES.conform(dims))
    risk = [
        {"interview_id": interview_id, "media_sha256": sha, "score_key": score_key, "flag_index": i,
         "code": code, "severity": "high", "detail": code, "question_id": None,
         "start_seconds": None, "end_seconds": None}
        for i, code in enumerate(flags)
    ]  # fmt: skip
    lake.write_parquet(RISK_FLAGS.key(interview_id, stage), RISK_FLAGS.conform(risk))
    return ScoreRef(
        interview_id=interview_id, score_key=score_key, candidate_id=candidate, position_id="POS013",
        recommendation=recommendation, total_score=total, needs_review=recommendation == "hold",
        scored_at=scored_at.isoformat(), dimension_scores=dimensions,
    )  # fmt: skip


def _ingest(lake: Lake, interview_id: str, ingested_at: datetime) -> None:
    row = {
        "interview_id": interview_id, "media_sha256": f"sha-{interview_id}",
        "candidate_id": CANDIDATES[interview_id], "position_id": "POS013",
        "media_key": f"raw/media/{interview_id}/sha-{interview_id}.mp4", "original_name": "a.mp4",
        "container": "mp4", "size_bytes": 1000, "duration_seconds": 300.0, "has_audio": True,
        "has_video": True, "width": 640, "height": 480, "fps": 25.0, "consent_status": "granted",
        "ingested_at": ingested_at,
    }  # fmt: skip
    lake.write_parquet(MEDIA_INGEST.key(interview_id, "ingest"), MEDIA_INGEST.conform([row]))


def write_interview_fixtures(lake: Lake) -> WrittenFixtures:
    for interview_id in CANDIDATES:
        _ingest(lake, interview_id, _at("2026-01-05"))
    save_plan(lake, InterviewPlan(
        interview_id=HIRED, candidate_id=CANDIDATES[HIRED], position_id="POS013", bank_id="nurse-ed",
        bank_version=2, language="zh", question_ids=("Q1", "Q2"), selected_at=_at("2026-01-04"),
    ))  # fmt: skip
    hired_dims = {"clinical_skill": 90.0, "knowledge": 80.0, "communication": 50.0}
    _score_set(lake, HIRED, score_key="k-old", total=70.0, recommendation="hold", dimensions=hired_dims,
               weights_version=1, scored_at=_at("2026-01-06"), flags=[])  # fmt: skip
    current = _score_set(lake, HIRED, score_key="k-new", total=74.5, recommendation="hold",
                         dimensions=hired_dims, weights_version=2, scored_at=_at("2026-01-07"),
                         flags=["second_voice", "confidentiality_deviation"])  # fmt: skip
    record_review(lake, current, reviewer="wang.fang", action="override", override_to="recommend",
                  reason="Strong clinical answers; the second voice was the nurse call bell.",
                  now=_at("2026-01-08"))  # fmt: skip
    record_hire(lake, current, decided_by="hr.lead", decision="hire", start_date=date(2026, 1, 4),
                contract_term_months=36, grade_code="N1", now=_at("2026-01-09"))  # fmt: skip

    rejected = _score_set(lake, REJECTED, score_key="k-r", total=41.0, recommendation="not_recommended",
                          dimensions={"clinical_skill": 40.0, "communication": 45.0}, weights_version=2,
                          scored_at=_at("2026-01-06"), flags=[])  # fmt: skip
    record_review(lake, rejected, reviewer="wang.fang", action="confirm", now=_at("2026-01-19"))
    record_hire(lake, rejected, decided_by="hr.lead", decision="reject",
                reason="Below the post's knowledge bar.", now=_at("2026-01-20"))  # fmt: skip
    _score_set(lake, WAITING, score_key="k-w", total=88.0, recommendation="recommend",
               dimensions={"clinical_skill": 88.0, "communication": 85.0}, weights_version=2,
               scored_at=_at("2026-01-06"), flags=[])  # fmt: skip

    completed = record_deletion_request(lake, CANDIDATES[REJECTED], "candidate", _at("2026-02-01"))
    record_deletion_completed(lake, completed.request_id, "dpo", [f"raw/media/{REJECTED}/x.mp4"],
                              completed_at=_at("2026-02-10"))  # fmt: skip
    blocked = record_deletion_request(lake, CANDIDATES[WAITING], "candidate", _at("2026-02-01"))
    record_legal_hold(lake, CANDIDATES[WAITING], "Labour dispute 2026-07 pending", "legal.office",
                      recorded_at=_at("2026-02-03"))  # fmt: skip
    overdue = record_deletion_request(lake, OVERDUE_CANDIDATE, "candidate", _at("2026-01-10"))

    for offset, action in enumerate(("open_recording", "open_report")):
        record_access(lake, "li.compliance", "compliance", action,  # type: ignore[arg-type]
                      object_kind="media" if action == "open_recording" else "report",
                      object_id=f"{HIRED}/{action}", interview_id=HIRED,
                      accessed_at=_at("2026-03-02") + timedelta(minutes=offset))  # fmt: skip
    return WrittenFixtures(overdue.request_id, blocked.request_id, completed.request_id, "k-new")
