"""Append-only events in the lake: one write-once JSON object per event, never rewritten.

Review and hire decisions, onboarding deliveries, deletion requests, legal holds and the access log
all keep their history this way (each module owns its key layout, which dbt's sources read); this module
holds what they share: the store interface, time-sortable ids, the write-once rule and reading back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Protocol

from hirelake.errors import HirelakeError


class EventStore(Protocol):
    """The part of `hirelake.lake.Lake` the events need (an in-memory fake in unit tests)."""

    def exists(self, key: str) -> bool: ...

    def put_json(self, key: str, document: Any) -> None: ...

    def get_json(self, key: str) -> Any: ...

    def list(self, prefix: str) -> Iterable[Any]: ...


def utc_moment(at: datetime | None, error: type[HirelakeError], what: str = "event times") -> datetime:
    """`at` (default: now) in UTC; a naive time is refused, since events from machines in other
    time zones must still sort correctly."""
    moment = at or datetime.now(UTC)
    if moment.tzinfo is None:
        raise error(f"{what} must carry a time zone (e.g. datetime.now(UTC))")
    return moment.astimezone(UTC)


def new_event_id(prefix: str, moment: datetime) -> str:
    """Sortable by time, unique across machines."""
    return f"{prefix}-{moment:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"


def append_event(store: EventStore, key: str, document: dict[str, Any], error: type[HirelakeError]) -> None:
    """Write an event once; an existing key is a replay, never a rewrite."""
    if store.exists(key):
        raise error(f"event {document.get('event_id', key)} already exists; events are never rewritten")
    store.put_json(key, document)


def read_events(store: EventStore, prefix: str) -> list[dict[str, Any]]:
    """Every event document under `prefix`, in listing order (callers sort by their time field)."""
    return [store.get_json(entry.key) for entry in store.list(prefix) if entry.key.endswith(".json")]
