"""Every shipped bank version is a usable starter bank: 8+ questions over the four categories in zh and en,
and every question has a full rubric (key points with synonyms, domain terms; red flags on compliance)."""

from __future__ import annotations

import pytest

from hirelake.question_banks import CATEGORIES, BankRef, list_banks, load_bank_file

FAMILIES = {
    "clinical_physician_emergency": "clinical_physician",
    "clinical_physician_cardiology": "clinical_physician",
    "nurse_emergency": "nurse",
    "nurse_ward": "nurse",
    "administrative": "administrative",
}


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_five_starter_banks_ship() -> None:
    assert {r.bank_id for r in list_banks()} >= set(FAMILIES)


@pytest.mark.parametrize("ref", list_banks(), ids=lambda r: f"{r.bank_id}-v{r.version}")
def test_shipped_bank_is_complete(ref: BankRef) -> None:
    bank = load_bank_file(ref.path)
    if bank.bank_id in FAMILIES:
        assert bank.role_family == FAMILIES[bank.bank_id]
    assert len(bank.questions) >= 8
    assert {q.category for q in bank.questions} == set(CATEGORIES)
    assert set(bank.languages) == {"zh", "en"} and _has_chinese(bank.title_zh) and bank.title_en.isascii()
    for q in bank.questions:
        where = f"{bank.ref} {q.question_id}"
        assert _has_chinese(q.prompt_zh) and q.prompt_en.isascii(), where
        rubric = q.rubric
        assert len(rubric.key_points) >= 2, where
        for point in rubric.key_points:
            assert _has_chinese(point.zh) and point.en.isascii(), f"{where} {point.id}"
            assert point.synonyms_zh and point.synonyms_en, f"{where} {point.id} needs synonyms in zh and en"
        assert rubric.domain_terms_zh and rubric.domain_terms_en, where
        if q.category == "compliance_scenario":
            assert rubric.red_flags, where
            for flag in rubric.red_flags:
                assert _has_chinese(flag.zh) and flag.en.isascii() and flag.reason, f"{where} {flag.id}"
