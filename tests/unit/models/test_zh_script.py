"""Traditional -> simplified conversion and the segment-level hallucination filter (no model)."""

from __future__ import annotations

import pytest

from models.transcribe import SIMPLIFIED_CHINESE_PROMPT, DecodeOptions, Segment, Word, filter_segments
from models.zh_script import simplified_converter


def test_traditional_text_becomes_simplified() -> None:
    converter = simplified_converter()
    assert converter("我們應該聯繫醫院的護士") == "我们应该联系医院的护士"
    assert converter.convert(["醫生", "", "血壓 ok"]) == ["医生", "", "血压 ok"]
    assert converter("已经是简体") == "已经是简体"


def _segment(text: str, probability: float = 0.9, start: float = 0.0) -> Segment:
    words = tuple(
        Word(start + i * 0.3, start + i * 0.3 + 0.25, w, probability) for i, w in enumerate(text.split())
    )
    return Segment(start, start + 2.0, text, -0.3, 0.05, 1.2, words)


def test_filter_keeps_real_speech_and_drops_hallucinations_with_reasons() -> None:
    segments = [
        _segment("I checked the chart."),
        _segment("I checked the chart.", start=2.0),  # verbatim repeat of the previous segment
        _segment("um maybe", probability=0.05, start=4.0),  # every word improbable
        _segment("4-4-4-4-4-4-4-4-4-4", start=6.0),  # a decoding loop
        _segment("Thanks for watching!", start=8.0),  # a known outro invented over silence
        _segment("请不吝点赞 订阅 转发 打赏支持明镜与点点栏目", start=10.0),
        _segment("Then I called the doctor.", start=12.0),
    ]
    kept, dropped = filter_segments(segments, DecodeOptions())
    assert [s.text for s in kept] == ["I checked the chart.", "Then I called the doctor."]
    assert [d.reason for d in dropped] == [
        "repeat",
        "low_word_probability",
        "loop",
        "known_hallucination",
        "known_hallucination",
    ]


def test_filter_keeps_short_genuine_repetition_and_embedded_short_phrases() -> None:
    segments = [_segment("no no, I mean yes"), _segment("他说谢谢观看我们的节目以后才离开", start=2.0)]
    kept, dropped = filter_segments(segments, DecodeOptions())
    assert len(kept) == 2
    assert not dropped


def _chars(text: str, start: float = 0.0) -> Segment:
    """A Mandarin segment with one word per character, as Whisper times them."""
    words = tuple(Word(start + i * 0.2, start + i * 0.2 + 0.2, ch, 0.9) for i, ch in enumerate(text))
    return Segment(start, start + len(text) * 0.2, text, -0.3, 0.05, 1.2, words)


def test_text_that_repeats_the_prompt_is_cut_out_or_dropped_and_kept_for_audit() -> None:
    segments = [
        _chars("以下是普通话的句子，使用简体中文。对。"),  # the prompt instead of the answer
        _chars("我理解你的担心，使用简体中文。其次，用简单的话说明。", start=5.0),
        _chars("我会用普通话向患者解释。", start=12.0),  # shares only short runs with the prompt
    ]
    kept, dropped = filter_segments(segments, DecodeOptions(), prompt=SIMPLIFIED_CHINESE_PROMPT)

    assert [s.text for s in kept] == ["我理解你的担心。其次，用简单的话说明。", "我会用普通话向患者解释。"]
    assert "".join(w.text for w in kept[0].words) == "我理解你的担心，。其次，用简单的话说明。"
    assert [(d.reason, d.segment.text) for d in dropped] == [
        ("prompt_echo", "以下是普通话的句子，使用简体中文。对。"),
        ("prompt_echo", "使用简体中文"),
    ]
    assert [w.text for w in dropped[1].segment.words] == list("使用简体中文")


def test_without_a_prompt_nothing_counts_as_an_echo() -> None:
    kept, dropped = filter_segments([_chars("使用简体中文回答")], DecodeOptions())
    assert [s.text for s in kept] == ["使用简体中文回答"] and not dropped


@pytest.mark.parametrize(
    "options", [{"beam_size": 0}, {"temperatures": ()}, {"temperatures": (-0.1,)}, {"vad_threshold": 1.0}]
)
def test_invalid_decode_options_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must"):
        DecodeOptions(**options)  # type: ignore[arg-type]
