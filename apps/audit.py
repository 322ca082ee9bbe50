"""Access log: every opening of a recording, transcript or report is an event in the lake.

An opening is logged once when a visitor opens an interview on a page, not on every rerun the widgets
cause; opening another interview and coming back logs again.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from apps import context, queries
from apps.resources import writer_lake
from hirelake.access_log import AccessAction, record_access
from hirelake.auth import Session

_ACTIONS: dict[str, AccessAction] = {
    "recording": "open_recording",
    "transcript": "open_transcript",
    "report": "open_report",
}


def log_openings(session: Session, page: str, interview_id: str, kinds: Iterable[tuple[str, str]]) -> None:
    """Record `(object_kind, object_id)` openings of `interview_id` once per opening on `page`.

    Kinds: recording, transcript, report.
    """
    marker = f"hl_opened_{page}"
    if st.session_state.get(marker) == interview_id:
        return
    settings = context.settings()
    lake = writer_lake(context.settings_key(settings), settings)
    for object_kind, object_id in kinds:
        record_access(
            lake,
            session.username,
            session.role,
            _ACTIONS[object_kind],
            object_kind=object_kind,
            object_id=object_id,
            interview_id=interview_id,
        )
    st.session_state[marker] = interview_id
    queries.access_events.clear()
