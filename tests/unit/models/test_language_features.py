"""Language features counted on known answers, in Mandarin and English."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.language_features import count_phrase, measure_answer, normalise


@dataclass(frozen=True)
class W:
    start: float
    end: float
    text: str


def _words(tokens: list[str], *, step: float = 0.4, gaps: dict[int, float] | None = None) -> list[W]:
    words, t = [], 0.0
    for index, token in enumerate(tokens):
        t += (gaps or {}).get(index, 0.0)
        words.append(W(t, t + step * 0.8, token))
        t += step
    return words


def test_english_answer_features() -> None:
    tokens = (
        "um first I check the airway and breathing , then I give aspirin . "
        "I understand your worry , uh finally I record it in the medical record ."
    ).split()
    words = _words(tokens, gaps={5: 1.2, 12: 0.9})
    features = measure_answer(words, "en", extra_terms=["aspirin"])
    assert features.filler_count == 2  # um, uh
    assert features.structure_marker_count == 3  # first, then, finally
    assert features.empathy_phrase_count == 1
    assert features.domain_terms == ("airway", "aspirin", "breathing", "medical record")
    assert features.pause_count == 2
    assert features.pause_seconds == pytest.approx(1.2 + 0.9 + 2 * 0.08, abs=0.01)
    assert features.token_count == len([t for t in tokens if t not in {",", "."}])
    minutes = (words[-1].end - words[0].start) / 60
    assert features.speech_rate_per_minute == pytest.approx(features.token_count / minutes)


def test_mandarin_answer_features_count_characters() -> None:
    tokens = [
        "嗯",
        "首先",
        "评估",
        "气道",
        "，",
        "然后",
        "做",
        "心电图",
        "。",
        "我理解您的担心",
        "，",
        "最后",
        "记录",
        "病历",
    ]
    features = measure_answer(_words(tokens), "zh")
    assert features.filler_count == 1
    assert features.structure_marker_count == 3
    assert features.empathy_phrase_count == 1
    assert set(features.domain_terms) == {"气道", "心电图", "病历"}
    chars = sum(len(t) for t in tokens if t not in {"，", "。"})
    assert features.token_count == chars


def test_english_phrases_match_whole_words_only() -> None:
    text = normalise("We strengthen the team; then we rest.")
    assert count_phrase(text, "then", "en") == 1


def test_rate_variation_needs_two_windows_and_sees_uneven_pace() -> None:
    short = measure_answer(_words(["a"] * 10), "en")
    assert short.speech_rate_variation is None
    even = measure_answer(_words(["word"] * 100, step=0.3), "en")
    uneven_words = _words(["fast"] * 60, step=0.2) + [
        W(12.0 + i * 0.8, 12.0 + i * 0.8 + 0.6, "slow") for i in range(30)
    ]
    uneven = measure_answer(uneven_words, "en")
    assert even.speech_rate_variation is not None and uneven.speech_rate_variation is not None
    assert uneven.speech_rate_variation > even.speech_rate_variation + 0.2


def test_empty_answer_is_all_zero() -> None:
    features = measure_answer([], "zh")
    assert features.token_count == 0 and features.speech_rate_per_minute == 0.0
