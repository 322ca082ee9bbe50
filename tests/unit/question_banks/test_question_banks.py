"""Starter banks load, validate and cover what the product needs; broken bank files fail with a fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from hirelake.question_banks import (
    BANKS_DIR,
    CATEGORIES,
    BankError,
    find_bank,
    list_banks,
    load_bank,
    load_bank_file,
)

STARTER_BANKS = {
    "clinical_physician_emergency": "clinical_physician",
    "clinical_physician_cardiology": "clinical_physician",
    "nurse_emergency": "nurse",
    "nurse_ward": "nurse",
    "administrative": "administrative",
}


def test_every_starter_bank_loads_with_eight_questions_across_four_categories() -> None:
    latest = {ref.bank_id for ref in list_banks()}
    assert set(STARTER_BANKS) <= latest
    for bank_id, role_family in STARTER_BANKS.items():
        bank = load_bank(bank_id)
        assert bank.role_family == role_family
        assert len(bank.questions) >= 8
        assert {q.category for q in bank.questions} == set(CATEGORIES)
        assert set(bank.languages) == {"zh", "en"}
        for question in bank.questions:
            assert question.prompt_zh and question.prompt_en
            assert len(question.rubric.key_points) >= 2
            assert question.rubric.domain_terms_zh and question.rubric.domain_terms_en
            # a Chinese prompt is in Chinese, an English one in ASCII English
            assert any("\u4e00" <= ch <= "\u9fff" for ch in question.prompt_zh)
            assert question.prompt_en.isascii()


def test_compliance_questions_carry_red_flags_and_role_plays_empathy() -> None:
    for bank_id in STARTER_BANKS:
        bank = load_bank(bank_id)
        for question in bank.by_category("compliance_scenario"):
            assert question.rubric.red_flags
            assert all(flag.reason for flag in question.rubric.red_flags)
        with_empathy = [q for q in bank.questions if q.rubric.empathy_phrases_zh]
        assert with_empathy, f"{bank_id} needs at least one question that rewards empathy"
        assert all(q.category in {"operational_skill", "professionalism"} for q in with_empathy)
        assert any("我理解" in p for q in with_empathy for p in q.rubric.empathy_phrases_zh)


def test_seed_examples_are_in_the_banks() -> None:
    emergency = load_bank("clinical_physician_emergency")
    assert "溶栓" in emergency.question("EDP-K01").prompt_zh
    assert emergency.question("EDP-P01").rubric.empathy_phrases_en
    nurse = load_bank("nurse_emergency")
    assert any("stress_scenario" in q.tags for q in nurse.questions)
    assert any("emergency_procedure" in q.tags for q in nurse.questions)
    flags = [f.id for q in nurse.by_category("compliance_scenario") for f in q.rubric.red_flags]
    assert "relatives_may_know" in flags


def test_a_policy_change_is_a_new_version_and_the_old_one_stays() -> None:
    v1, v2 = load_bank("nurse_emergency", 1), load_bank("nurse_emergency", 2)
    assert load_bank("nurse_emergency") == v2  # newest by default
    assert (v1.ref, v2.ref) == ("nurse_emergency@1", "nurse_emergency@2")
    assert v2.effective_from > v1.effective_from
    added = {q.question_id for q in v2.questions} - {q.question_id for q in v1.questions}
    assert added == {"EDN-C03"}
    old, new = v1.question("EDN-C01").rubric, v2.question("EDN-C01").rubric
    assert {k.id for k in new.key_points} - {k.id for k in old.key_points} == {"log_disclosure"}


def test_find_bank_by_role_family_and_department() -> None:
    assert find_bank("nurse", "ED").bank_id == "nurse_emergency"
    assert find_bank("nurse", "DEP-ED").bank_id == "nurse_emergency"  # HRIS department id
    assert find_bank("nurse", "ICU").bank_id == "nurse_ward"  # general bank
    assert find_bank("clinical_physician", "CARD").bank_id == "clinical_physician_cardiology"
    assert find_bank("clinical_physician", "ED").bank_id == "clinical_physician_emergency"
    assert find_bank("clinical_physician", "ORTH").role_family == "clinical_physician"  # stand-in
    assert find_bank("administrative", "FIN").bank_id == "administrative"


def test_unknown_bank_and_version_list_what_exists() -> None:
    with pytest.raises(BankError, match=r"known banks: .*nurse_ward"):
        load_bank("surgeon")
    with pytest.raises(BankError, match=r"no version 9; available: 1, 2\."):
        load_bank("nurse_emergency", 9)


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    """A writable copy of one starter bank in its own banks folder."""
    target = tmp_path / "banks" / "administrative"
    target.mkdir(parents=True)
    shutil.copy(BANKS_DIR / "administrative" / "v1.yaml", target / "v1.yaml")
    return target / "v1.yaml"


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_validation_error_names_file_and_field(bank_copy: Path) -> None:
    _edit(bank_copy, lambda d: d["questions"][2]["rubric"]["key_points"][0].pop("en"))
    with pytest.raises(BankError) as caught:
        load_bank("administrative", banks_dir=bank_copy.parent.parent)
    message = str(caught.value)
    assert str(bank_copy) in message
    assert "questions.2.rubric.key_points.0.en: Field required" in message


def test_misspelt_key_and_one_language_terms_are_refused(bank_copy: Path) -> None:
    _edit(bank_copy, lambda d: d["questions"][0]["rubric"].update(synonym_zh=["x"]))
    with pytest.raises(BankError, match="synonym_zh: Extra inputs are not permitted"):
        load_bank_file(bank_copy)
    shutil.copy(BANKS_DIR / "administrative" / "v1.yaml", bank_copy)
    _edit(bank_copy, lambda d: d["questions"][0]["rubric"].update(domain_terms_en=[]))
    with pytest.raises(BankError, match="both zh and en"):
        load_bank_file(bank_copy)


def test_compliance_question_without_red_flags_is_refused(bank_copy: Path) -> None:
    def drop(data: dict) -> None:
        question = next(q for q in data["questions"] if q["category"] == "compliance_scenario")
        question["rubric"].pop("red_flags")

    _edit(bank_copy, drop)
    with pytest.raises(BankError, match="needs at least one red flag"):
        load_bank_file(bank_copy)


def test_duplicate_ids_and_file_name_mismatch_are_refused(bank_copy: Path) -> None:
    _edit(bank_copy, lambda d: d["questions"][1].update(question_id=d["questions"][0]["question_id"]))
    with pytest.raises(BankError, match="question_id must be unique"):
        load_bank_file(bank_copy)
    shutil.copy(BANKS_DIR / "administrative" / "v1.yaml", bank_copy)
    renamed = bank_copy.with_name("v3.yaml")
    bank_copy.rename(renamed)
    with pytest.raises(BankError, match=r"store it as administrative/v1\.yaml"):
        load_bank_file(renamed)


def test_broken_yaml_and_missing_folder(tmp_path: Path, bank_copy: Path) -> None:
    bank_copy.write_text("bank_id: [unclosed\n", encoding="utf-8")
    with pytest.raises(BankError, match="not valid YAML"):
        load_bank_file(bank_copy)
    with pytest.raises(BankError, match="does not exist"):
        list_banks(tmp_path / "nowhere")
