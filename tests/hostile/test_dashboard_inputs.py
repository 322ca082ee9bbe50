"""Injection strings typed into the dashboards' search box, forms and override reason: no exception,
nothing of another department shown, the warehouse intact, every reason stored verbatim as text.

Runs on a bucket and warehouse of its own (decisions are append-only: the page tests' bucket stays clean).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from hirelake.decisions import hire_decisions, review_decisions
from hirelake.settings import Settings
from tests.dashboard_data import Dashboards, prepare_dashboards
from tests.unit.apps.conftest import APP, signed_in

pytestmark = [pytest.mark.integration, pytest.mark.slow]

HOSTILE = [
    "' or 1=1 --",
    "%'; drop table x; --",
    "\\",
    "\"'`",
    "'); drop table staging.stg_hris__candidates; --",
    "张伟' union select * from information_schema.tables --",
    "%",
    "_",
    "<script>alert(1)</script>",
    "x" * 20_000,
]
# Override and hire reasons: each must come back byte for byte (the model strips only outer blanks).
REASONS = [
    "' or 1=1 -- reviewer typed SQL",
    "%'; drop table x; -- \\ \"double\" 'single' `tick` 中文理由：回答被网络中断",
    "长" * 5_000 + "<script>alert(1)</script>",
]
OTHER_DEPARTMENT = ("I-SUR-1", "POS002", "Wang Fang", "王芳", "DEP-GSUR")


@pytest.fixture(scope="module")
def hostile_dashboards(store_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Dashboards:
    return prepare_dashboards(
        store_settings, tmp_path_factory.mktemp("hostile-dash"), bucket="hostile-dashboards"
    )


@pytest.fixture
def env(hostile_dashboards: Dashboards, monkeypatch: pytest.MonkeyPatch) -> Iterator[Dashboards]:
    for name, value in hostile_dashboards.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("HIRELAKE_PREFECT__API_URL", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield hostile_dashboards
    st.cache_data.clear()
    st.cache_resource.clear()


def _warehouse_tables(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = [
            f"{s}.{t}"
            for s, t in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        ]
        return {n: int(con.execute(f"select count(*) from {n}").fetchone()[0]) for n in names}  # type: ignore[index]


def _archive(at: AppTest) -> list[pd.DataFrame]:
    """The archive's search result table, when it shows one (an empty result shows a note instead)."""
    return [df.value for df in at.dataframe if "candidate_name" in df.value.columns]


def _texts(at: AppTest) -> str:
    parts = [str(df.value.to_dict()) for df in at.dataframe]
    parts += [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    return "\n".join(parts + [str(sb.options) for sb in at.selectbox])


def test_the_archive_search_takes_injection_strings_as_plain_text(env: Dashboards) -> None:
    before = _warehouse_tables(env.settings.warehouse_path)
    at = signed_in(env, "compliance", "compliance")
    at.text_input(key="archive_person").input("zhang").run()
    assert [list(df["interview_id"]) for df in _archive(at)] == [["I-ED-1"]]  # the search works
    for text in HOSTILE:
        at.text_input(key="archive_person").input(text).run()
        assert not at.exception, (text[:40], [e.value for e in at.exception])
        # matched as a literal substring: no name or id holds these, so no row (not every row) comes back
        assert _archive(at) == [], text[:40]
    assert _warehouse_tables(env.settings.warehouse_path) == before


def test_the_login_form_takes_injection_strings_as_plain_text(env: Dashboards) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["hl_language"] = "en"
    at.run()
    for text in ("admin' --", "' or 1=1 --", "admin\x00", "管理员"):
        at.text_input(key="login_username").input(text)
        at.text_input(key="login_password").input("' or '1'='1")
        next(b for b in at.button if b.label == "Sign in").click().run()
        assert not at.exception and [e.value for e in at.error] == ["Wrong user name or password."]
        assert "hl_session" not in at.session_state


def test_override_and_hire_reasons_are_stored_verbatim_and_nothing_leaks(env: Dashboards) -> None:
    before = _warehouse_tables(env.settings.warehouse_path)
    lake = env.lake()
    at = signed_in(env, "reviewer", "review")
    for reason in REASONS:
        interview_id = at.selectbox(key="review_interview").value
        at.radio(key="review_action").set_value("override")
        at.selectbox(key="review_override_to").set_value(at.selectbox(key="review_override_to").options[0])
        at.text_area(key="review_reason").input(reason)
        next(b for b in at.button if b.label == "Record decision").click().run()
        assert not at.exception, [e.value for e in at.exception]
        event = review_decisions(lake)[-1]
        assert (event.interview_id, event.action) == (interview_id, "override")
        assert event.reason == reason  # verbatim, as text

    # An HR lead of emergency & ICU types injection into the hire form: recorded as text, and the page
    # shows nothing of surgery's interviews before or after.
    hr = signed_in(env, "hr.emergency", "report")
    assert not any(hidden in _texts(hr) for hidden in OTHER_DEPARTMENT)
    hire_form_grade = next(w for w in hr.text_input if w.label == "Grade")
    hire_form_grade.input("%'; drop table x; --")
    next(w for w in hr.text_area if w.label == "Reason").input(REASONS[1])
    next(b for b in hr.button if b.label == "Record hire decision").click().run()
    assert not hr.exception, [e.value for e in hr.exception]
    assert not any(hidden in _texts(hr) for hidden in OTHER_DEPARTMENT)
    hires = hire_decisions(lake)
    if hires:  # recorded when the first override made the case hireable
        assert hires[-1].reason == REASONS[1] and hires[-1].grade_code == "%'; drop table x; --"
    else:
        assert hr.error  # refused with a reason a person reads, not a traceback
    assert _warehouse_tables(env.settings.warehouse_path) == before
