"""hirelake dashboards: sign-in, then the pages of the visitor's role (`st.navigation`).

Run: `hirelake dashboards up` (or `streamlit run apps/streamlit_app.py`). Pages live in `apps/app_pages/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts this file's folder on sys.path, not the repository root that holds `apps/`.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from apps import context  # noqa: E402
from apps.context import t  # noqa: E402
from hirelake.auth import UserStore, start_session, users_path  # noqa: E402
from hirelake.i18n import LANGUAGES  # noqa: E402
from hirelake.roles import pages_for  # noqa: E402

PAGE_FILES = {
    "pipeline": "app_pages/pipeline.py",
    "report": "app_pages/report.py",
    "review": "app_pages/review.py",
    "weights": "app_pages/weights.py",
    "pay": "app_pages/pay.py",
    "compliance": "app_pages/compliance.py",
    "data_engineering": "app_pages/data_engineering.py",
}
ICONS = {
    "pipeline": ":material/groups:",
    "report": ":material/description:",
    "review": ":material/fact_check:",
    "weights": ":material/tune:",
    "pay": ":material/payments:",
    "compliance": ":material/policy:",
    "data_engineering": ":material/monitoring:",
}


def language_switch() -> None:
    names = {"zh": "中文", "en": "English"}
    st.sidebar.selectbox(
        t("dash.language"),
        LANGUAGES,
        index=LANGUAGES.index(context.language()),
        format_func=names.__getitem__,
        key=context.LANGUAGE_KEY,
    )


def login() -> None:
    settings = context.settings()
    st.title(t("dash.app_title"))
    if st.session_state.pop("hl_expired", False):
        st.warning(t("dash.session_expired"))
    store = UserStore(users_path(settings))
    if not store.exists():
        st.error(t("dash.no_users"))
        return
    with st.form("login"):
        username = st.text_input(t("dash.username"), key="login_username")
        password = st.text_input(t("dash.password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("dash.login"))
    if submitted:
        user = store.authenticate(username, password)
        if user is None:
            st.error(t("dash.login_failed"))
            return
        st.session_state[context.SESSION_KEY] = start_session(user, context.session_minutes(settings))
        st.rerun()


def main() -> None:
    st.set_page_config(page_title="hirelake", page_icon=":material/local_hospital:", layout="wide")
    language_switch()
    session = context.current_session()
    if session is None:
        st.navigation([st.Page(login, title=t("dash.login"), url_path="login")], position="hidden").run()
        return
    st.sidebar.caption(t("dash.signed_in_as", name=session.display_name, role=t(f"role.{session.role}")))
    st.sidebar.caption(t("dash.session_left", minutes=session.minutes_left()))
    if st.sidebar.button(t("dash.logout"), key="logout"):
        st.session_state.clear()
        st.rerun()
    pages = [
        st.Page(PAGE_FILES[page], title=t(f"page.{page}"), icon=ICONS[page], url_path=page)
        for page in pages_for(session.role)
    ]
    st.navigation(pages).run()


main()
