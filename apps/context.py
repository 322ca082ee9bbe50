"""Per-run context of the dashboards: settings, the signed-in session, the chosen language.

Every page starts with `require("<page>")`: it stops the page for a visitor without a live session or
whose role may not open it, whatever URL they typed (the router only offers allowed pages; this is the
second lock).
"""

from __future__ import annotations

import hashlib

import streamlit as st

from hirelake.auth import Session
from hirelake.i18n import LANGUAGES, Language, text
from hirelake.roles import PageId, can_open
from hirelake.settings import Settings

SESSION_KEY = "hl_session"
LANGUAGE_KEY = "hl_language"


def settings() -> Settings:
    return Settings()


def settings_key(current: Settings) -> str:
    """Identifies a configuration in cache keys (secrets are masked in the dump, so never exposed)."""
    return hashlib.sha256(current.model_dump_json().encode()).hexdigest()[:16]


def language() -> Language:
    chosen = st.session_state.get(LANGUAGE_KEY)
    return chosen if chosen in LANGUAGES else settings().language


def t(key: str, **values: object) -> str:
    return text(key, language(), **values)


def session_minutes(current: Settings) -> int:
    return current.dashboards.session_minutes


def current_session() -> Session | None:
    """The live session, or None; an expired one is dropped and the visitor told why."""
    session = st.session_state.get(SESSION_KEY)
    if not isinstance(session, Session):
        return None
    if not session.active():
        del st.session_state[SESSION_KEY]
        st.session_state["hl_expired"] = True
        return None
    return session


def require(page: PageId) -> Session:
    session = current_session()
    if session is None:
        st.error(t("dash.not_signed_in"))
        st.stop()
    if not can_open(session.role, page):
        st.error(t("dash.not_allowed"))
        st.stop()
    return session
