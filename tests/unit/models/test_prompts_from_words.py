"""The interviewer's prompts come from their own words, even inside a segment another speaker ends."""

from __future__ import annotations

from models.scoring_inputs import PromptInput, SpokenWord, prompts_from_words

INTERVIEWER = {"SPEAKER_00"}


def _words(speaker: str, start: float, tokens: str | list[str], step: float = 0.3) -> list[SpokenWord]:
    return [SpokenWord(start + i * step, start + (i + 1) * step, t, speaker) for i, t in enumerate(tokens)]


def test_a_question_inside_a_segment_the_candidate_ends_is_still_a_prompt() -> None:
    # One Whisper segment held greeting, reply, question and answer (iv0007 of the assessment bench).
    words = (
        _words("SPEAKER_00", 0.3, "欢迎参加面试")
        + _words("SPEAKER_01", 7.1, "好的")
        + _words("SPEAKER_00", 8.2, "长期卧床如何预防压力损伤")
        + _words("SPEAKER_01", 14.3, "首先评估风险")
    )
    prompts = prompts_from_words(words, INTERVIEWER, "zh")
    assert [p.text for p in prompts] == ["欢迎参加面试", "长期卧床如何预防压力损伤"]
    assert prompts[1].start_seconds == 8.2 and round(prompts[1].end_seconds, 2) == 11.8


def test_a_long_pause_splits_the_interviewers_words_and_english_keeps_its_spaces() -> None:
    words = _words("SPEAKER_00", 0.0, ["Okay.", "Thanks."], step=0.4) + _words(
        "SPEAKER_00", 3.0, ["How", "do", "you", "triage?"], step=0.4
    )
    prompts = prompts_from_words(words, INTERVIEWER, "en")
    assert prompts == (PromptInput(0.0, 0.8, "Okay. Thanks."), PromptInput(3.0, 4.6, "How do you triage?"))


def test_words_without_an_interviewer_speaker_make_no_prompt() -> None:
    words = [*_words("SPEAKER_01", 0.0, "我回答"), SpokenWord(2.0, 2.2, "嗯", None)]
    assert prompts_from_words(words, INTERVIEWER, "zh") == ()
    assert prompts_from_words(words, set(), "zh") == ()
