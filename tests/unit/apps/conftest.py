"""The dashboards on a real store (the session's SeaweedFS, bucket `dashboards`) and a warehouse file
built here, with demo users; every test signs in as one of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from hirelake.auth import UserStore, start_session, users_path
from hirelake.settings import Settings
from tests.dashboard_data import Dashboards, prepare_dashboards

APP = Path(__file__).resolve().parents[3] / "apps" / "streamlit_app.py"


@pytest.fixture(scope="session")
def dashboards(store_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Dashboards:
    return prepare_dashboards(store_settings, tmp_path_factory.mktemp("dashboards-data"))


@pytest.fixture
def app_env(dashboards: Dashboards, monkeypatch: pytest.MonkeyPatch) -> Iterator[Dashboards]:
    for name, value in dashboards.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("HIRELAKE_PREFECT__API_URL", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield dashboards
    st.cache_data.clear()
    st.cache_resource.clear()


def signed_in(dashboards: Dashboards, username: str, page: str | None = None) -> AppTest:
    """The app with `username` signed in (a session as the login form makes it), on `page` if given."""
    user = UserStore(users_path(dashboards.settings)).load()[username]
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["hl_session"] = start_session(user, 30)
    at.session_state["hl_language"] = "en"
    at.run()
    if page is not None:
        at.switch_page(f"app_pages/{page}.py").run()
    return at
