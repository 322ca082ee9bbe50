"""Passwords, the users file, sessions, the role matrix and masking, and the queue order: no Streamlit."""

from __future__ import annotations

import stat
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from apps.logic import ranking_preview, review_queue, save_weight_version
from hirelake.auth import (
    DEMO_USERS,
    UserStore,
    ensure_users,
    hash_password,
    start_session,
    verify_password,
)
from hirelake.decisions import ReviewDecision
from hirelake.roles import PAGES, ROLE_PAGES, can_open, department_scope, mask_value, masked_columns
from hirelake.settings import Settings
from hirelake.weights import load_weights


def test_passwords_are_salted_scrypt_hashes_checked_in_constant_time() -> None:
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first != second  # a fresh salt each time
    assert first.startswith("scrypt$32768$8$1$")
    assert verify_password("correct horse battery", first)
    assert not verify_password("correct horse batterY", first)
    assert not verify_password("anything", "pbkdf2$1$x$y$z$w")
    assert not verify_password("anything", "garbage")


def test_the_users_file_is_private_created_once_and_holds_no_password(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "dashboard-users.json"
    passwords = ensure_users(path)
    assert passwords is not None and set(passwords) == {u.username for u in DEMO_USERS}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text()
    assert not any(p in text for p in passwords.values())
    assert ensure_users(path) is None  # a second start keeps the users and prints nothing
    store = UserStore(path)
    user = store.authenticate("hr.emergency", passwords["hr.emergency"])
    assert user is not None and user.role == "hr_lead" and user.scope == frozenset({"DEP-ED", "DEP-ICU"})
    assert store.authenticate("hr.emergency", passwords["admin"]) is None
    assert store.authenticate("nobody", passwords["admin"]) is None
    renewed = ensure_users(path, reset=True)
    assert renewed is not None and renewed["admin"] != passwords["admin"]


def test_sessions_expire_after_the_configured_minutes(tmp_path: Path) -> None:
    ensure_users(tmp_path / "users.json")
    user = UserStore(tmp_path / "users.json").load()["reviewer"]
    now = time.time()
    session = start_session(user, 30, now=now)
    assert session.active(now + 29 * 60)
    assert not session.active(now + 30 * 60)
    assert Settings(_env_file=None).dashboards.session_minutes == 30  # type: ignore[call-arg]


def test_role_matrix() -> None:
    assert ROLE_PAGES["admin"] == PAGES
    assert can_open("hr_lead", "report") and can_open("hr_lead", "pay")
    assert not can_open("hr_lead", "compliance") and not can_open("hr_lead", "review")
    assert not can_open("reviewer", "pay") and not can_open("reviewer", "weights")
    assert ROLE_PAGES["compliance"] == ("compliance",)
    assert ROLE_PAGES["data_engineer"] == ("data_engineering",)


def test_only_hr_leads_are_scoped_and_never_widened_by_a_missing_assignment() -> None:
    assert department_scope("hr_lead", ["DEP-ED"]) == frozenset({"DEP-ED"})
    assert department_scope("hr_lead", []) == frozenset()  # sees nothing, not everything
    assert department_scope("hr_lead", ["*"]) is None
    assert department_scope("reviewer", []) is None


def test_pay_and_identity_numbers_are_masked_for_roles_that_need_not_see_them() -> None:
    columns = ["employee_id", "gross_pay_yuan", "contract_base_yuan", "licence_number"]
    assert masked_columns("hr_lead", columns) == ["licence_number"]
    assert masked_columns("compliance", columns) == ["gross_pay_yuan", "contract_base_yuan"]
    assert masked_columns("reviewer", columns) == ["gross_pay_yuan", "contract_base_yuan", "licence_number"]
    assert masked_columns("admin", columns) == []
    assert mask_value("110011777770001") == "11" + "●" * 11 + "01"
    assert "12345" not in mask_value(12345.67)


def _decision(interview_id: str, score_key: str) -> ReviewDecision:
    return ReviewDecision("e1", interview_id, score_key, "r", "confirm", "hold", "hold", "", "2026-01-01")


def test_the_queue_puts_borderline_and_split_cases_first_then_the_oldest() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    scores = pd.DataFrame(
        {
            "interview_id": ["routine-old", "split-new", "split-old", "decided"],
            "score_key": ["a", "b", "c", "d"],
            "needs_review": [False, True, True, True],
            "scored_at": [now - timedelta(days=9), now, now - timedelta(days=2), now - timedelta(days=5)],
        }
    )
    queue = review_queue(scores, [_decision("decided", "d")])
    assert list(queue["interview_id"]) == ["split-old", "split-new", "routine-old"]


def test_an_empty_scope_gives_an_empty_queue_with_its_columns() -> None:
    """A lead whose departments have no scored interview yet: no rows, and no KeyError on the columns."""
    scores = pd.DataFrame(
        {
            "interview_id": ["i1"],
            "score_key": ["k1"],
            "needs_review": [True],
            "scored_at": [datetime.now(UTC)],
        },
    )
    empty = scores.iloc[0:0]
    queue = review_queue(empty, [])
    assert queue.empty and {"interview_id", "needs_review", "priority"} <= set(queue.columns)
    decided_all = review_queue(scores, [_decision("i1", "k1")])
    assert decided_all.empty and "needs_review" in decided_all.columns


def test_ranking_preview_and_save_a_new_version(tmp_path: Path) -> None:
    scores = pd.DataFrame(
        {
            "interview_id": ["i1", "i2"],
            "score_key": ["k1", "k2"],
            "candidate_id": ["c1", "c2"],
            "position_id": ["P", "P"],
            "role_family": ["nurse", "nurse"],
            "total_score": [74.0, 70.0],
            "recommendation": ["hold", "hold"],
        }
    )
    dims = pd.DataFrame(
        {
            "interview_id": ["i1"] * 3 + ["i2"] * 3,
            "score_key": ["k1"] * 3 + ["k2"] * 3,
            "dimension": ["clinical_skill", "knowledge", "professionalism"] * 2,
            "score": [90.0, 50.0, 75.0, 60.0, 90.0, 60.0],
        }
    )
    base = load_weights(1)
    knowledge_first = base.model_copy(
        update={
            "version": 2,
            "role_families": {
                **base.role_families,
                "nurse": {"clinical_skill": 20.0, "knowledge": 50.0, "professionalism": 30.0},
            },
        }
    )
    preview = ranking_preview(scores, dims, knowledge_first).set_index("interview_id")
    assert preview.loc["i2", "rank_new"] == 1 and preview.loc["i1", "rank_new"] == 2
    assert preview.loc["i2", "rank_change"] == 1
    path = save_weight_version(knowledge_first, tmp_path)
    assert load_weights(2, tmp_path).role_families["nurse"]["knowledge"] == 50.0
    with pytest.raises(FileExistsError):
        save_weight_version(knowledge_first, tmp_path)  # a version is never rewritten
    assert path.name == "v2.yaml"


def test_every_text_the_pages_ask_for_exists_in_both_languages() -> None:
    import re

    from hirelake.i18n import missing_keys, text

    apps = Path(__file__).resolve().parents[3] / "apps"
    used = set()
    for source in apps.rglob("*.py"):
        used |= set(
            re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", source.read_text(encoding="utf-8"))
        )
    assert len(used) > 80
    assert missing_keys(used) == []
    assert all(text(key, "zh") != text(key, "en") for key in used)  # translated, not copied


def test_the_served_app_reads_the_same_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import SecretStr

    from apps.serve import settings_environment, streamlit_argv
    from hirelake.settings import StoreSettings

    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path,
        language="en",
        store=StoreSettings(
            endpoint="127.0.0.1:9999", bucket="b", embedded=False, access_key=SecretStr("AK")
        ),
    )
    for name, value in settings_environment(settings).items():
        monkeypatch.setenv(name, value)
    assert Settings(_env_file=None) == settings  # type: ignore[call-arg]
    argv = streamlit_argv(8765)
    assert argv[argv.index("--server.address") + 1] == "127.0.0.1"
    assert argv[argv.index("--browser.gatherUsageStats") + 1] == "false"
    assert argv[argv.index("--server.headless") + 1] == "true"
    assert "AK" not in " ".join(argv)  # secrets travel in the child's environment only


def test_the_users_command_prints_the_passwords_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from apps.cli import dashboards_app

    monkeypatch.setenv("HIRELAKE_DATA_DIR", str(tmp_path))
    first = CliRunner().invoke(dashboards_app, ["users"])
    assert first.exit_code == 0 and "shown once" in first.output and "hr.emergency" in first.output
    again = CliRunner().invoke(dashboards_app, ["users"])
    assert again.exit_code == 0 and "already exist" in again.output
    assert (tmp_path / "secrets" / "dashboard-users.json").exists()
