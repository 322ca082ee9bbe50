"""Onboarding delivery: each hire reaches the HRIS once, failures are recorded and retried."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from hirelake.decisions import ScoreRef, onboarding_events, record_hire, record_review
from hirelake.errors import ServiceError
from hirelake.onboarding import pending_hires, push_onboarding
from hirelake.reports import report_key
from tests.unit.assessment.memory_lake import MemoryLake


class FlakyHris:
    """Fails the first `failures` calls, then stores records by idempotency key like a real HRIS."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls: list[str] = []
        self.stored: dict[str, Mapping[str, object]] = {}

    def post_onboarding(self, record: Mapping[str, object], idempotency_key: str) -> Mapping[str, Any]:
        self.calls.append(idempotency_key)
        if self.failures:
            self.failures -= 1
            raise ServiceError("HRIS answered 503 Service Unavailable")
        self.stored.setdefault(idempotency_key, record)
        return {"status": "created"}


def _hired(lake: MemoryLake, interview_id: str) -> str:
    score = ScoreRef(
        interview_id,
        "k1",
        f"C-{interview_id}",
        "P-1",
        "recommend",
        81.0,
        False,
        "2026-11-02T09:00:00+00:00",
        dimension_scores={"clinical_skill": 88.0},
    )
    lake.put_bytes(report_key(interview_id, "k1", "zh"), "<html>报告</html>".encode())
    record_review(lake, score, reviewer="li.na", action="confirm")
    return record_hire(
        lake, score, decided_by="hr", decision="hire", start_date=date(2026, 12, 1), contract_term_months=12
    ).event_id


def test_a_failed_delivery_is_recorded_and_the_next_run_delivers_it_once() -> None:
    lake = MemoryLake()
    first, second = _hired(lake, "iv-1"), _hired(lake, "iv-2")
    hris = FlakyHris(failures=1)
    run = push_onboarding(lake, hris)  # type: ignore[arg-type]
    assert [f[0] for f in run.failed] == [first] and run.sent == (second,)
    assert [h.event_id for h in pending_hires(lake)] == [first]  # type: ignore[arg-type]
    again = push_onboarding(lake, hris)  # type: ignore[arg-type]
    assert again.sent == (first,) and again.already_sent == 1
    assert push_onboarding(lake, hris).sent == ()  # type: ignore[arg-type]
    assert sorted(hris.stored) == sorted([first, second])
    statuses = [(e.hire_event_id, e.status) for e in onboarding_events(lake)]  # type: ignore[arg-type]
    assert statuses.count((first, "failed")) == 1 and statuses.count((first, "sent")) == 1


def test_the_record_carries_the_report_probation_and_reference_scores() -> None:
    lake = MemoryLake()
    event_id = _hired(lake, "iv-1")
    hris = FlakyHris()
    push_onboarding(lake, hris)  # type: ignore[arg-type]
    record = hris.stored[event_id]
    assert record["probation_months"] == 2
    assert record["probation_pay_share"] == 0.8
    assert record["probation_reference_scores"] == {"clinical_skill": 88.0}
    assert record["report_html"] == "<html>报告</html>"
    assert record["approval_id"] == event_id
