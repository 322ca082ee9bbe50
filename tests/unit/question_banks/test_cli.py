"""`hirelake banks`: list, show, diff and apply-policy, driven through Typer's runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hirelake.question_banks import BANKS_DIR, POLICIES_DIR, PolicyError, load_bank
from hirelake.question_banks.cli import banks_app

runner = CliRunner(env={"COLUMNS": "400"})  # wide: rich tables must not fold the texts we look for


@pytest.fixture
def banks_dir(tmp_path: Path) -> Path:
    target = tmp_path / "banks"
    shutil.copytree(BANKS_DIR, target)
    return target


def test_list_shows_every_bank_and_its_versions() -> None:
    result = runner.invoke(banks_app, ["list"])
    assert result.exit_code == 0, result.output
    for bank_id in (
        "clinical_physician_emergency",
        "clinical_physician_cardiology",
        "nurse_emergency",
        "nurse_ward",
        "administrative",
    ):
        assert bank_id in result.output
    assert "v1, v2" in result.output and "privacy_2025" in result.output


@pytest.mark.parametrize(("language", "expected"), [("zh", "患者的哥哥"), ("en", "The patient's brother")])
def test_show_prints_questions_in_the_chosen_language(language: str, expected: str) -> None:
    args = ["show", "nurse_emergency", "--version", "2", "--language", language]
    result = runner.invoke(banks_app, args)
    assert result.exit_code == 0, result.output
    assert "nurse_emergency@2" in result.output and "EDN-C03" in result.output
    assert expected in result.output


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("zh", "新增评分要点 log_disclosure", "key point log_disclosure added"),
        ("en", "key point log_disclosure added", "新增评分要点"),
        ("both", "新增评分要点 log_disclosure", None),
    ],
)
def test_diff_is_a_bilingual_table(language: str, present: str, absent: str | None) -> None:
    args = ["diff", "nurse_emergency", "1", "2", "--language", language]
    result = runner.invoke(banks_app, args)
    assert result.exit_code == 0, result.output
    assert "EDN-C03" in result.output and present in result.output
    if absent:
        assert absent not in result.output
    else:
        assert "key point log_disclosure added" in result.output


def test_apply_policy_writes_new_versions_and_skips_on_a_second_run(banks_dir: Path) -> None:
    policy = POLICIES_DIR / "medical_record_2026.yaml"
    args = ["apply-policy", str(policy), "--banks-dir", str(banks_dir), "--language", "en"]
    result = runner.invoke(banks_app, args)
    assert result.exit_code == 0, result.output
    assert "clinical_physician_emergency@1 -> clinical_physician_emergency@2" in result.output
    assert "MRS-C01" in result.output
    for bank_id in ("clinical_physician_emergency", "clinical_physician_cardiology"):
        assert load_bank(bank_id, banks_dir=banks_dir).applied_policies() == ("medical_record_2026",)
    assert not (banks_dir / "nurse_ward" / "v2.yaml").exists()
    again = runner.invoke(banks_app, args)
    assert again.exit_code == 0 and "already contains medical_record_2026" in again.output
    privacy = runner.invoke(
        banks_app, ["apply-policy", str(POLICIES_DIR / "privacy_2025.yaml"), "--banks-dir", str(banks_dir)]
    )
    assert privacy.exit_code == 0 and "Nothing to do" in privacy.output


def test_apply_policy_that_matches_no_bank_is_an_error(tmp_path: Path) -> None:
    only_admin = tmp_path / "banks"
    shutil.copytree(BANKS_DIR / "administrative", only_admin / "administrative")
    result = runner.invoke(
        banks_app, ["apply-policy", str(POLICIES_DIR / "privacy_2025.yaml"), "--banks-dir", str(only_admin)]
    )
    assert isinstance(result.exception, PolicyError)
    assert "applies to no bank" in str(result.exception)
