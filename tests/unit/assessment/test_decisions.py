"""Reviewer and hire decisions: append-only events, mandatory reasons, no hire without a person."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hirelake.decisions import (
    DecisionError,
    ScoreRef,
    hire_decisions,
    latest_review,
    record_hire,
    record_review,
    review_decisions,
)
from tests.unit.assessment.memory_lake import MemoryLake

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _score(**changes: Any) -> ScoreRef:
    values: dict[str, Any] = {
        "interview_id": "iv-1",
        "score_key": "k1",
        "candidate_id": "C-1",
        "position_id": "P-1",
        "recommendation": "hold",
        "total_score": 71.0,
        "needs_review": True,
        "scored_at": T0.isoformat(),
        "dimension_scores": {"knowledge": 80.0, "clinical_skill": 66.0},
    }
    values.update(changes)
    return ScoreRef(**values)


def _lake() -> Any:
    return MemoryLake()


def test_override_without_a_reason_is_refused_and_writes_nothing() -> None:
    lake = _lake()
    for reason in ("", "   ", "ok"):
        with pytest.raises(DecisionError, match="reason"):
            record_review(
                lake, _score(), reviewer="li.na", action="override", override_to="recommend", reason=reason
            )
    assert lake.objects == {}


def test_override_to_the_same_recommendation_is_refused() -> None:
    with pytest.raises(DecisionError, match="Confirm"):
        record_review(
            _lake(),
            _score(),
            reviewer="li.na",
            action="override",
            override_to="hold",
            reason="clinical answers were strong on the recording",
        )


def test_decisions_are_events_and_the_latest_one_counts() -> None:
    lake = _lake()
    first = record_review(lake, _score(), reviewer="li.na", action="confirm", now=T0)
    second = record_review(
        lake,
        _score(),
        reviewer="wang.wei",
        action="override",
        override_to="recommend",
        reason="答案在录像 03:10 处完整覆盖了分诊要点",
        now=T0 + timedelta(hours=1),
    )
    assert [d.event_id for d in review_decisions(lake)] == [first.event_id, second.event_id]
    assert len(lake.objects) == 2  # the first decision is still there, unchanged
    latest = latest_review(lake, "iv-1", "k1")
    assert latest is not None
    assert latest.final_recommendation == "recommend"
    assert latest.system_recommendation == "hold"
    assert latest_review(lake, "iv-1", "another-score-set") is None


def test_no_hire_without_a_person_reviewing_the_current_scores() -> None:
    lake = _lake()
    with pytest.raises(DecisionError, match="review"):
        record_hire(lake, _score(), decided_by="hr.zhao", decision="hire", start_date=date(2026, 12, 1))
    # A review of an older score set does not count for the current one.
    record_review(lake, _score(score_key="old"), reviewer="li.na", action="confirm")
    with pytest.raises(DecisionError, match="review"):
        record_hire(lake, _score(), decided_by="hr.zhao", decision="hire", start_date=date(2026, 12, 1))


def test_hire_records_probation_from_the_contract_term_and_the_reference_scores() -> None:
    lake = _lake()
    record_review(lake, _score(), reviewer="li.na", action="confirm")
    hire = record_hire(
        lake,
        _score(),
        decided_by="hr.zhao",
        decision="hire",
        start_date=date(2026, 12, 1),
        contract_term_months=36,
        grade_code="N2",
    )
    assert hire.probation_months == 6  # art. 19: a 3-year contract allows at most 6 months
    assert hire.reference_scores == {"knowledge": 80.0, "clinical_skill": 66.0}
    assert [h.event_id for h in hire_decisions(lake)] == [hire.event_id]
    with pytest.raises(DecisionError, match="already"):
        record_hire(lake, _score(), decided_by="hr.zhao", decision="reject", reason="changed our mind")


@pytest.mark.parametrize(("term", "probation"), [(2, 0), (6, 1), (12, 2), (35, 2), (None, 6)])
def test_probation_months_follow_article_19(term: int | None, probation: int) -> None:
    lake = _lake()
    record_review(lake, _score(), reviewer="li.na", action="confirm")
    hire = record_hire(
        lake,
        _score(),
        decided_by="hr",
        decision="hire",
        start_date=date(2026, 12, 1),
        contract_term_months=term,
    )
    assert hire.probation_months == probation


def test_hiring_a_not_recommended_candidate_needs_an_override_first() -> None:
    lake = _lake()
    score = _score(recommendation="not_recommended", total_score=41.0)
    record_review(lake, score, reviewer="li.na", action="confirm")
    with pytest.raises(DecisionError, match="override"):
        record_hire(lake, score, decided_by="hr", decision="hire", start_date=date(2026, 12, 1))


def test_a_rejection_needs_a_reason_and_no_start_date() -> None:
    lake = _lake()
    record_review(lake, _score(), reviewer="li.na", action="confirm")
    with pytest.raises(DecisionError, match="reason"):
        record_hire(lake, _score(), decided_by="hr", decision="reject")
    rejected = record_hire(
        lake, _score(), decided_by="hr", decision="reject", reason="position filled internally"
    )
    assert rejected.probation_months is None
