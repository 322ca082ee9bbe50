"""Semantic coverage: paraphrases count, negations and red-flag statements never do."""

from __future__ import annotations

import pytest

from hirelake.question_banks import load_bank
from models.embeddings import Embedder
from models.semantic import is_hedge, is_negated, semantic_coverage, split_sentences

from .paraphrases import KEY_POINT_CASES, RED_FLAG_CASES, Case


def test_sentences_split_in_both_languages() -> None:
    zh = split_sentences("首先，立即停药。其次，呼叫医生！好吗？")
    assert [s.text for s in zh] == ["首先，立即停药。", "其次，呼叫医生！", "好吗？"]
    en = split_sentences("First, stop the drug at 0.5 mg. Then call for help!  um")
    assert [s.text for s in en] == ["First, stop the drug at 0.5 mg.", "Then call for help!", "um"]
    text = "First, stop the drug at 0.5 mg. Then call for help!"
    assert all(text[s.start_char : s.end_char] == s.text for s in split_sentences(text))


def test_an_unpunctuated_mandarin_answer_splits_at_its_sequence_markers() -> None:
    heard = "首先不向单位透露病情其次询问患者本人最后一次"
    assert [s.text for s in split_sentences(heard)] == [
        "首先不向单位透露病情",
        "其次询问患者本人",
        "最后一次",
    ]
    # a marker after punctuation (or the first in the text) splits nothing more than punctuation does
    assert [s.text for s in split_sentences("首先，停药。其次，呼叫。")] == ["首先，停药。", "其次，呼叫。"]


@pytest.mark.parametrize(
    ("text", "language", "negated"),
    [("I would not stop the drug", "en", True), ("I won't tell him", "en", True),
     ("without authorisation I do not reveal the results", "en", True),
     ("reply no later than Friday", "en", False), ("stop the drug at once", "en", False),
     ("我不会停药", "zh", True), ("没有授权就不透露检查结果", "zh", True), ("禁止静推", "zh", True),
     ("试用期不超过一个月", "zh", False), ("确认有没有禁忌证", "zh", False), ("告诉他没关系", "zh", False),
     ("倾听家属的不满", "zh", False)],
)  # fmt: skip
def test_negation_cues(text: str, language: str, negated: bool) -> None:
    assert is_negated(text, language) is negated  # type: ignore[arg-type]


def test_hedges() -> None:
    assert is_hedge("I think it depends on the situation.", "en")
    assert is_hedge("我会先问问同事怎么处理。", "zh")
    assert not is_hedge("Stop the drug and call for help.", "en")


def _hit(case: Case, embedder: Embedder, red_flag: bool) -> bool:
    question = load_bank(case.bank_id).question(case.question_id)
    coverage = semantic_coverage(case.sentence, question, case.language, embedder)
    hits = coverage.red_flags if red_flag else coverage.key_points
    return next(h for h in hits if h.target_id == case.target).counted


@pytest.mark.parametrize("language", ["en", "zh"])
def test_paraphrases_count_and_negations_never_do(language: str, embedder: Embedder) -> None:
    cases = [c for c in KEY_POINT_CASES if c.language == language]
    results = [(c, _hit(c, embedder, red_flag=False)) for c in cases]
    wrong_positive = [c.sentence for c, hit in results if hit and not c.states_it]
    recall = sum(hit for c, hit in results if c.states_it) / sum(c.states_it for c in cases)
    assert not wrong_positive  # a negation or another point must never count
    assert recall >= 0.85, recall


@pytest.mark.parametrize("language", ["en", "zh"])
def test_red_flags_are_strict_and_negation_guarded(language: str, embedder: Embedder) -> None:
    cases = [c for c in RED_FLAG_CASES if c.language == language]
    results = [(c, _hit(c, embedder, red_flag=True)) for c in cases]
    assert not [c.sentence for c, hit in results if hit and not c.states_it]
    assert sum(hit for c, hit in results if c.states_it) >= 2


def test_a_red_flag_sentence_covers_no_key_point(embedder: Embedder) -> None:
    question = load_bank("nurse_emergency").question("EDN-C01")
    answer = "He is family, so it is fine to tell him the results. I would tell him the results."
    coverage = semantic_coverage(answer, question, "en", embedder)
    assert coverage.red_flag_ids() == ("relatives_may_know",)
    assert 0 in coverage.red_flag_sentences
    assert "no_disclosure" not in coverage.covered_ids()
    assert coverage.model_id == embedder.model_id


def test_empty_answer(embedder: Embedder) -> None:
    question = load_bank("nurse_emergency").question("EDN-C01")
    coverage = semantic_coverage("  ", question, "zh", embedder)
    assert coverage.covered_ids() == () and coverage.red_flag_ids() == ()
