"""Who opened which recording, transcript or report, and when: append-only events in the lake.

One write-once JSON object per access at `raw/access_log/event_date=YYYY-MM-DD/<event_id>.json`;
dbt's `compliance.fct_access_log` reads them for auditors.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Literal, get_args

from hirelake.errors import HirelakeError
from hirelake.events import EventStore, append_event, new_event_id, read_events, utc_moment

PREFIX = "raw/access_log"
AccessAction = Literal[
    "open_recording", "open_transcript", "open_report", "open_evidence", "open_scores", "export_archive"
]
ACTIONS: tuple[str, ...] = get_args(AccessAction)


class AccessLogError(HirelakeError):
    """An access event that cannot be recorded as given."""


@dataclass(frozen=True)
class AccessEvent:
    event_id: str
    user: str
    role: str
    action: str
    object_kind: str
    object_id: str
    interview_id: str | None
    accessed_at: str


def event_key(event_id: str, accessed_at: str) -> str:
    return f"{PREFIX}/event_date={accessed_at[:10]}/{event_id}.json"


def record_access(
    lake: EventStore,
    user: str,
    role: str,
    action: AccessAction,
    *,
    object_kind: str,
    object_id: str,
    interview_id: str | None = None,
    accessed_at: datetime | None = None,
) -> AccessEvent:
    """Log one access before the object is shown; returns the event written."""
    if action not in ACTIONS:
        raise AccessLogError(f"action must be one of {', '.join(ACTIONS)}, got {action!r}")
    fields = {"user": user, "role": role, "object_kind": object_kind, "object_id": object_id}
    empty = sorted(name for name, value in fields.items() if not value.strip())
    if empty:
        raise AccessLogError(f"an access event needs {', '.join(empty)}")
    moment = utc_moment(accessed_at, AccessLogError, "accessed_at")
    event = AccessEvent(
        event_id=new_event_id("access", moment),
        user=user.strip(),
        role=role.strip(),
        action=action,
        object_kind=object_kind.strip(),
        object_id=object_id.strip(),
        interview_id=interview_id,
        accessed_at=moment.isoformat(timespec="microseconds"),
    )
    append_event(lake, event_key(event.event_id, event.accessed_at), asdict(event), AccessLogError)
    return event


def access_events(lake: EventStore) -> list[AccessEvent]:
    events = [AccessEvent(**document) for document in read_events(lake, f"{PREFIX}/")]
    return sorted(events, key=lambda e: (e.accessed_at, e.event_id))
