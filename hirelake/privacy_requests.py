"""Deletion requests, legal holds and completed deletions as append-only events in the lake.

Each event is one write-once JSON object at `raw/requests/<kind>/event_date=YYYY-MM-DD/<event_id>.json`
(never edited; the current state is derived, in dbt's `compliance.fct_deletion_requests`). A candidate
may ask for deletion of their interview data (due within 30 days, copies included); a legal hold on the
candidate overrides it until released, so a deletion cannot be recorded as done while a hold is on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

from hirelake.errors import HirelakeError
from hirelake.events import EventStore, append_event, new_event_id, read_events, utc_moment

PREFIX = "raw/requests"
RequestKind = Literal["deletion_request", "legal_hold", "deletion_completed"]
MIN_REASON_CHARS = 5


class PrivacyRequestError(HirelakeError):
    """A request the rules refuse; the message says why and what to do."""


@dataclass(frozen=True)
class DeletionRequest:
    event_id: str
    request_id: str
    candidate_id: str
    requested_by: str
    requested_at: str


@dataclass(frozen=True)
class LegalHold:
    event_id: str
    candidate_id: str
    reason: str
    placed_by: str
    released: bool  # a release is a new event with released=True; the latest event per candidate wins
    recorded_at: str


@dataclass(frozen=True)
class DeletionCompleted:
    event_id: str
    request_id: str
    candidate_id: str
    completed_by: str
    completed_at: str
    deleted_keys: tuple[str, ...]  # the objects removed, copies included, for the audit trail


def _moment(at: datetime | None) -> datetime:
    return utc_moment(at, PrivacyRequestError)


def _event_id(kind: RequestKind, moment: datetime) -> str:
    return new_event_id(kind.split("_")[0], moment)


def event_key(kind: RequestKind, event_id: str, at: str) -> str:
    return f"{PREFIX}/{kind}/event_date={at[:10]}/{event_id}.json"


def _write(lake: EventStore, kind: RequestKind, event_id: str, at: str, document: dict[str, Any]) -> None:
    append_event(lake, event_key(kind, event_id, at), document, PrivacyRequestError)


def _events(lake: EventStore, kind: RequestKind) -> list[dict[str, Any]]:
    return sorted(read_events(lake, f"{PREFIX}/{kind}/"), key=lambda d: str(d["event_id"]))


def _required(value: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise PrivacyRequestError(f"{what} must not be empty")
    return cleaned


def deletion_requests(lake: EventStore) -> list[DeletionRequest]:
    return [DeletionRequest(**d) for d in _events(lake, "deletion_request")]


def legal_holds(lake: EventStore) -> list[LegalHold]:
    return [LegalHold(**d) for d in _events(lake, "legal_hold")]


def completed_deletions(lake: EventStore) -> list[DeletionCompleted]:
    return [
        DeletionCompleted(**{**d, "deleted_keys": tuple(d.get("deleted_keys", ()))})
        for d in _events(lake, "deletion_completed")
    ]


def active_hold(lake: EventStore, candidate_id: str) -> LegalHold | None:
    """The hold in force on the candidate (the latest event, unless it is a release)."""
    holds = sorted(
        (h for h in legal_holds(lake) if h.candidate_id == candidate_id),
        key=lambda h: (h.recorded_at, h.event_id),
    )
    return holds[-1] if holds and not holds[-1].released else None


def record_deletion_request(
    lake: EventStore, candidate_id: str, requested_by: str, requested_at: datetime | None = None
) -> DeletionRequest:
    """A candidate's (or their representative's) request to delete their interview data."""
    moment = _moment(requested_at)
    event_id = _event_id("deletion_request", moment)
    event = DeletionRequest(
        event_id=event_id,
        request_id=event_id,  # one request per event; completions refer to it
        candidate_id=_required(candidate_id, "candidate_id"),
        requested_by=_required(requested_by, "requested_by"),
        requested_at=moment.isoformat(timespec="microseconds"),
    )
    _write(lake, "deletion_request", event_id, event.requested_at, asdict(event))
    return event


def record_legal_hold(
    lake: EventStore,
    candidate_id: str,
    reason: str,
    placed_by: str,
    *,
    released: bool = False,
    recorded_at: datetime | None = None,
) -> LegalHold:
    """Place (or, with released=True, lift) a legal hold; a hold blocks deletion while it is on."""
    if len(reason.strip()) < MIN_REASON_CHARS:
        raise PrivacyRequestError(f"a legal hold needs a reason of at least {MIN_REASON_CHARS} characters")
    moment = _moment(recorded_at)
    event = LegalHold(
        event_id=_event_id("legal_hold", moment),
        candidate_id=_required(candidate_id, "candidate_id"),
        reason=reason.strip(),
        placed_by=_required(placed_by, "placed_by"),
        released=released,
        recorded_at=moment.isoformat(timespec="microseconds"),
    )
    _write(lake, "legal_hold", event.event_id, event.recorded_at, asdict(event))
    return event


def record_deletion_completed(
    lake: EventStore,
    request_id: str,
    completed_by: str,
    deleted_keys: Sequence[str] = (),
    completed_at: datetime | None = None,
) -> DeletionCompleted:
    """Record that a request's data (copies included) is gone; refused while a legal hold is on."""
    request = next((r for r in deletion_requests(lake) if r.request_id == request_id), None)
    if request is None:
        raise PrivacyRequestError(f"no deletion request {request_id!r}: record the request first")
    if any(c.request_id == request_id for c in completed_deletions(lake)):
        raise PrivacyRequestError(f"deletion request {request_id} is already completed")
    hold = active_hold(lake, request.candidate_id)
    if hold is not None:
        raise PrivacyRequestError(
            f"candidate {request.candidate_id} is under legal hold since {hold.recorded_at} "
            f"({hold.reason}, placed by {hold.placed_by}): the hold overrides deletion until it is released"
        )
    moment = _moment(completed_at)
    event = DeletionCompleted(
        event_id=_event_id("deletion_completed", moment),
        request_id=request_id,
        candidate_id=request.candidate_id,
        completed_by=_required(completed_by, "completed_by"),
        completed_at=moment.isoformat(timespec="microseconds"),
        deleted_keys=tuple(deleted_keys),
    )
    _write(lake, "deletion_completed", event.event_id, event.completed_at, asdict(event))
    return event
