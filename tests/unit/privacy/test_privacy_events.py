"""Deletion requests, legal holds and the access log as append-only events (in-memory lake)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from hirelake.access_log import AccessLogError, access_events, record_access
from hirelake.privacy_requests import (
    PrivacyRequestError,
    active_hold,
    completed_deletions,
    deletion_requests,
    record_deletion_completed,
    record_deletion_request,
    record_legal_hold,
)
from tests.unit.assessment.memory_lake import MemoryLake

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_deletion_request_is_one_write_once_event() -> None:
    lake = MemoryLake()
    request = record_deletion_request(lake, "C1", "candidate", requested_at=T0)
    (key,) = lake.objects
    assert key == f"raw/requests/deletion_request/event_date=2026-03-02/{request.event_id}.json"
    assert json.loads(lake.objects[key])["candidate_id"] == "C1"
    assert deletion_requests(lake) == [request]
    assert request.requested_at == "2026-03-02T09:30:00.000000+00:00"


def test_completion_refused_under_legal_hold_then_allowed_after_release() -> None:
    lake = MemoryLake()
    request = record_deletion_request(lake, "C1", "candidate", requested_at=T0)
    record_legal_hold(lake, "C1", "labour dispute 2026-17", "legal", recorded_at=T0)
    assert active_hold(lake, "C1") is not None
    with pytest.raises(PrivacyRequestError, match="legal hold"):
        record_deletion_completed(lake, request.request_id, "dpo")
    record_legal_hold(lake, "C1", "dispute settled", "legal", released=True,
                      recorded_at=datetime(2026, 3, 5, tzinfo=UTC))  # fmt: skip
    assert active_hold(lake, "C1") is None
    done = record_deletion_completed(lake, request.request_id, "dpo", ["raw/media/I1/x.mp4"],
                                     completed_at=datetime(2026, 3, 6, tzinfo=UTC))  # fmt: skip
    assert completed_deletions(lake) == [done]
    assert done.deleted_keys == ("raw/media/I1/x.mp4",)
    with pytest.raises(PrivacyRequestError, match="already completed"):
        record_deletion_completed(lake, request.request_id, "dpo")


def test_unknown_request_short_reason_and_naive_time_are_refused() -> None:
    lake = MemoryLake()
    with pytest.raises(PrivacyRequestError, match="no deletion request"):
        record_deletion_completed(lake, "nope", "dpo")
    with pytest.raises(PrivacyRequestError, match="reason"):
        record_legal_hold(lake, "C1", "x", "legal")
    with pytest.raises(PrivacyRequestError, match="time zone"):
        record_deletion_request(lake, "C1", "candidate", requested_at=datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(PrivacyRequestError, match="requested_by"):
        record_deletion_request(lake, "C1", " ")
    assert lake.objects == {}


def test_access_event_written_under_its_date() -> None:
    lake = MemoryLake()
    event = record_access(lake, "li.wei", "compliance", "open_recording", object_kind="media",
                          object_id="raw/media/I1/ab.mp4",
                          interview_id="I1", accessed_at=T0)  # fmt: skip
    (key,) = lake.objects
    assert key == f"raw/access_log/event_date=2026-03-02/{event.event_id}.json"
    assert access_events(lake) == [event]
    with pytest.raises(AccessLogError, match="action"):
        record_access(lake, "li.wei", "compliance", "delete_everything", object_kind="media", object_id="x")  # type: ignore[arg-type]
    with pytest.raises(AccessLogError, match="user"):
        record_access(lake, "", "compliance", "open_report", object_kind="report", object_id="x")
