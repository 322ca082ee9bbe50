"""Every page for every role that may open it, the role matrix, masking, decisions as events."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from hirelake.access_log import access_events
from hirelake.decisions import review_decisions
from hirelake.roles import PAGES, ROLE_PAGES
from tests.unit.apps.conftest import APP, Dashboards, signed_in

pytestmark = [pytest.mark.integration, pytest.mark.slow]

USERS = {
    "hr_lead": "hr.emergency",
    "reviewer": "reviewer",
    "compliance": "compliance",
    "data_engineer": "data.engineer",
    "admin": "admin",
}
TITLES = {
    "pipeline": "Positions and pipeline",
    "report": "Candidate report",
    "review": "Review queue",
    "weights": "Weights and banks",
    "pay": "Pay simulation",
    "compliance": "Compliance",
    "data_engineering": "Data engineering",
}


def _click(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    return button.click().run()


def _texts(at: AppTest) -> str:
    """Everything a visitor can read on the page: tables, markdown, captions, widgets' options."""
    parts = [str(df.value.to_dict()) for df in at.dataframe]
    parts += [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    parts += [str(sb.options) for sb in at.selectbox]
    return "\n".join(parts)


def test_sign_in_with_the_generated_password(app_env: Dashboards) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["hl_language"] = "en"
    at.run()
    assert not at.exception
    at.text_input(key="login_username").input("reviewer")
    at.text_input(key="login_password").input("not-the-password")
    _click(at, "Sign in")
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    at.text_input(key="login_password").input(app_env.passwords["reviewer"])
    _click(at, "Sign in")
    assert not at.exception
    assert [t.value for t in at.title] == ["Review queue"]


def test_an_expired_session_goes_back_to_sign_in(app_env: Dashboards) -> None:
    at = signed_in(app_env, "admin")
    session = at.session_state["hl_session"]
    at.session_state["hl_session"] = type(session)(**{**session.__dict__, "expires_at": session.started_at})
    at.run()
    assert "Your session expired; please sign in again." in [w.value for w in at.warning]
    assert at.text_input(key="login_password") is not None


@pytest.mark.parametrize(
    ("role", "page"), [(role, page) for role, pages in ROLE_PAGES.items() for page in pages]
)
def test_every_page_renders_for_the_roles_that_may_open_it(app_env: Dashboards, role: str, page: str) -> None:
    at = signed_in(app_env, USERS[role], page)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [TITLES[page]]
    assert not at.error


@pytest.mark.parametrize(
    ("role", "page"),
    [(role, page) for role in ROLE_PAGES for page in PAGES if page not in ROLE_PAGES[role]],
)
def test_a_role_cannot_open_another_roles_page(app_env: Dashboards, role: str, page: str) -> None:
    # The router does not register it for this role: there is no way to navigate there.
    at = signed_in(app_env, USERS[role])
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(f"app_pages/{page}.py")
    # And the page itself refuses, should its file be run for this session by any route.
    direct = AppTest.from_file(str(APP.parent / "app_pages" / f"{page}.py"), default_timeout=60)
    direct.session_state["hl_session"] = at.session_state["hl_session"]
    direct.session_state["hl_language"] = "en"
    direct.run()
    assert [e.value for e in direct.error] == ["Your role may not open this page."]
    assert not direct.dataframe


def test_a_page_refuses_a_visitor_without_a_session(app_env: Dashboards) -> None:
    direct = AppTest.from_file(str(APP.parent / "app_pages" / "report.py"), default_timeout=60)
    direct.session_state["hl_language"] = "en"
    direct.run()
    assert [e.value for e in direct.error] == ["Please sign in first."]


def test_hr_leads_see_only_their_departments(app_env: Dashboards) -> None:
    emergency = signed_in(app_env, "hr.emergency", "report")
    assert sorted(emergency.selectbox[0].options[i].split(" · ")[0] for i in range(2)) == ["I-ED-1", "I-ED-2"]
    assert len(emergency.selectbox[0].options) == 2
    surgery = signed_in(app_env, "hr.surgery", "pipeline")
    text = _texts(surgery)
    assert "POS002" in text
    assert "POS001" not in text and "I-ED-1" not in text


def test_licence_numbers_are_masked_for_hr_leads_not_for_compliance(app_env: Dashboards) -> None:
    hr = signed_in(app_env, "hr.emergency", "pipeline")
    licences = hr.dataframe[-1].value
    assert set(licences["department_id"]) <= {"DEP-ED", "DEP-ICU"}
    assert all("●" in n for n in licences["licence_number"])
    assert "Some columns (pay, identity numbers) are masked for your role." in [c.value for c in hr.caption]
    compliance = signed_in(app_env, "compliance", "compliance")
    numbers = next(df.value for df in compliance.dataframe if "licence_number" in df.value.columns)
    assert not any("●" in n for n in numbers["licence_number"])


def test_pay_figures_are_shown_to_admins(app_env: Dashboards) -> None:
    at = signed_in(app_env, "admin", "pay")
    detail = at.dataframe[-1].value
    assert detail["gross_pay_yuan"].astype(float).min() > 0


def test_the_report_plays_the_recording_from_a_presigned_url_and_logs_the_opening(
    app_env: Dashboards,
) -> None:
    def opened() -> list[str]:
        return [
            e.action
            for e in access_events(app_env.lake())
            if e.user == "hr.emergency" and e.interview_id == "I-ED-1"
        ]

    earlier = len(opened())
    at = signed_in(app_env, "hr.emergency", "report")
    assert [m.value for m in at.metric][:2] == ["68.0", "Hold"]
    html = str(at.get("video")[0].proto)
    assert "X-Amz-Signature" in html and "X-Amz-Expires=300" in html
    keys = json.loads(app_env.settings.secrets_dir.joinpath("store-credentials.json").read_text())
    assert keys["reader"]["access_key"] in html  # signed by the read-only identity
    assert keys["admin"]["access_key"] not in html
    assert keys["reader"]["secret_key"] not in html and keys["admin"]["secret_key"] not in html
    # Jump to the second evidence item: the player starts there.
    at.button(key="evidence-1").click().run()
    assert at.get("video")[0].proto.start_time == 2
    # One opening of each, although the page ran twice (a rerun is not another opening).
    assert sorted(opened()[earlier:]) == ["open_recording", "open_report", "open_transcript"]


def test_an_override_needs_a_reason_then_lands_as_an_event_in_the_override_log(app_env: Dashboards) -> None:
    lake = app_env.lake()
    before = len(review_decisions(lake))
    at = signed_in(app_env, "reviewer", "review")
    assert at.selectbox(key="review_interview").value == "I-ED-1"  # split case, oldest first
    at.radio(key="review_action").set_value("override")
    at.selectbox(key="review_override_to").set_value("recommend")
    at.text_area(key="review_reason").input("")
    _click(at, "Record decision")
    assert any("reason" in e.value for e in at.error)
    assert len(review_decisions(lake)) == before

    at.text_area(key="review_reason").input("Knowledge answer was cut off by a network drop; re-asked live.")
    _click(at, "Record decision")
    assert not at.exception
    decisions = review_decisions(lake)
    assert len(decisions) == before + 1
    event = decisions[-1]
    assert (event.interview_id, event.action, event.final_recommendation) == (
        "I-ED-1",
        "override",
        "recommend",
    )
    assert event.reviewer == "reviewer"

    log = signed_in(app_env, "compliance", "compliance")
    overrides = [
        df.value for df in log.dataframe if "event_id" in df.value.columns and "reviewer" in df.value.columns
    ]
    assert event.event_id in set(overrides[0]["event_id"])

    # Reviewed, so the HR lead may decide; the HRIS is not configured: the hire stays, delivery waits.
    hr = signed_in(app_env, "hr.emergency", "report")
    _click(hr, "Record hire decision")
    assert not hr.exception
    assert any("Recorded: hire-" in s.value for s in hr.success)
    assert any("retried" in w.value for w in hr.warning)


def test_a_new_weight_version_is_previewed_then_saved(app_env: Dashboards) -> None:
    at = signed_in(app_env, "admin", "weights")
    at.selectbox(key="weights_family").set_value("nurse").run()
    at.number_input(key="weight-nurse-clinical_skill").set_value(30.0).run()
    assert any("must sum to 100" in e.value for e in at.error)
    at.number_input(key="weight-nurse-knowledge").set_value(40.0).run()
    assert not at.error
    preview = at.dataframe[-1].value
    assert {"I-ED-1", "I-ED-2"} <= set(preview["interview_id"])
    at.text_input(key="weights_note").input("More knowledge for nurses").run()
    at.button(key="weights_save").click().run()
    saved = app_env.settings.assessment.weights_dir / "v2.yaml"  # type: ignore[operator]
    assert saved.exists()
    assert "knowledge: 40.0" in saved.read_text()


def test_compliance_sees_the_bias_audit_with_the_four_fifths_line_and_overdue_deletions(
    app_env: Dashboards,
) -> None:
    at = signed_in(app_env, "compliance", "compliance")
    labels = [m.label for m in at.metric]
    assert "Categories below 0.8: 1" in labels
    assert "Overdue: 1" in labels


def test_language_switch(app_env: Dashboards) -> None:
    at = signed_in(app_env, "data.engineer")
    at.selectbox(key="hl_language").set_value("zh").run()
    assert [t.value for t in at.title] == ["数据工程"]
