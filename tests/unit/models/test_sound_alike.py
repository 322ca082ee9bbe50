"""Mandarin read back to the rubric's words where a small model misheard them."""

from __future__ import annotations

from hirelake.question_banks import load_bank
from hirelake.question_banks.loader import list_banks
from models.answer_scoring import score_answer
from models.rubric import rubric_vocabulary
from models.sound_alike import respell, syllable_similarity, syllables
from tests.unit.models.test_answer_scoring import _answer

NURSE = load_bank("nurse_emergency")
ANAPHYLAXIS = NURSE.question("EDN-O01")


def test_misheard_words_are_read_back_and_offsets_kept() -> None:
    heard = "首先处长，然后富士来帮忙。"  # said: 除颤 (chu chan), 护士 (hu shi)
    reading = respell(heard, ["除颤", "护士", "胸外按压"])
    assert reading.text == "首先除颤，然后护士来帮忙。"
    assert len(reading.text) == len(heard)
    assert [(r.heard, r.word, r.start) for r in reading.respellings] == [
        ("处长", "除颤", 2),
        ("富士", "护士", 7),
    ]


def test_words_heard_right_are_kept_and_not_read_into_shorter_ones() -> None:
    reading = respell("立即胸外按压。", ["胸外按压", "按钮"])
    assert reading.respellings == ()
    assert reading.text == "立即胸外按压。"


def test_unrelated_sounds_are_left_alone() -> None:
    assert respell("今天天气很好，我们去公园散步。", rubric_vocabulary(ANAPHYLAXIS, "zh")).respellings == ()
    # one syllable right is not enough: 按钮 (an niu) is not 按压 (an ya)
    assert respell("按钮", ["按压"]).respellings == ()


def test_syllables_compare_by_initial_and_final() -> None:
    chu, chan, zhang, yu = (s for s in syllables("除颤长鱼") if s is not None)
    assert syllable_similarity(chu, chu) == 1.0
    assert syllable_similarity(chan, zhang) == 0.5  # ch/zh and an/ang: both commonly confused
    assert syllable_similarity(chan, yu) == 0.0
    assert syllables("A1颤") == [None, None, chan]


def test_few_characters_of_natural_text_are_read_as_rubric_words() -> None:
    """The bank's own Mandarin (prompts and key points of every question) read against every question's
    vocabulary: a slip rate that keeps a weak answer weak."""
    questions = [q for ref in list_banks() for q in load_bank(ref.bank_id, ref.version).questions]
    corpus = "。".join(
        [q.prompt_zh for q in questions] + [p.text("zh") for q in questions for p in q.rubric.key_points]
    )
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in corpus)
    changed = sum(
        r.end - r.start
        for q in questions[:20]
        for r in respell(corpus, rubric_vocabulary(q, "zh")).respellings
    )
    assert changed / (20 * han) < 0.01


def test_a_misheard_answer_covers_its_key_points_with_the_reading_in_evidence() -> None:
    said = "我会立即停止可疑药物并呼救，然后保持气道通畅，给予高流量吸氧。"
    heard = said.replace("呼救", "胡就").replace("吸氧", "西洋")  # hu jiu / xi yang: sounds alike
    exact = score_answer([_answer(said, "zh")], ANAPHYLAXIS, embedder=None)
    misheard = score_answer([_answer(heard, "zh")], ANAPHYLAXIS, embedder=None)
    assert set(misheard.key_points_covered) == set(exact.key_points_covered) >= {"stop_drug", "airway_oxygen"}
    signals = {f.signal: f for f in misheard.findings}
    assert signals["sound_alike:胡就>呼救"].sentence == heard  # one sentence, quoted as heard
    assert "sound_alike:西洋>吸氧" in signals
    assert all(f.sentence in heard for f in misheard.findings)  # evidence quotes what was heard
