"""Words to speakers, interviewer/candidate roles and second-voice events."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pyannote.core import Annotation, Segment

from models.diarize import Diarization
from models.speakers import (
    IntegrityEvent,
    Roles,
    SpeakerWord,
    assign_words,
    identify_roles,
    locate_questions,
    third_speaker_events,
    tokenize,
)

from .conversation import QUESTIONS, Conversation


@dataclass(frozen=True)
class Word:
    """Shaped like faster_whisper.transcribe.Word."""

    start: float
    end: float
    word: str
    probability: float = 0.9


@dataclass(frozen=True)
class TextWord:
    start: float
    end: float
    text: str


def _annotation(*turns: tuple[float, float, str]) -> Annotation:
    annotation = Annotation()
    for index, (start, end, label) in enumerate(turns):
        annotation[Segment(start, end), index] = label
    return annotation


INTERVIEW = _annotation((0, 3, "S0"), (3.5, 8, "S1"), (8.4, 10, "S0"), (10.5, 12, "S2"), (12.5, 20, "S1"))


def test_words_go_to_the_speaker_they_overlap_most() -> None:
    words = [Word(0.2, 0.5, " How"), Word(2.8, 3.6, " well"), Word(3.4, 4.0, " I"), Word(9.0, 9.2, " and")]
    assigned = assign_words(words, INTERVIEW)
    assert [w.speaker for w in assigned] == ["S0", "S0", "S1", "S0"]
    assert assigned[0] == SpeakerWord(0.2, 0.5, "How", "S0")


def test_words_in_gaps_go_to_the_nearest_turn_and_text_words_work_too() -> None:
    words = [TextWord(3.05, 3.1, "so"), TextWord(3.35, 3.45, "yes"), TextWord(25, 26, "bye")]
    assert [w.speaker for w in assign_words(words, INTERVIEW)] == ["S0", "S1", "S1"]
    assert [w.speaker for w in assign_words(words, Annotation())] == [None, None, None]


def test_roles_from_question_spans() -> None:
    roles = identify_roles(INTERVIEW, question_spans=[(8.5, 9.8), (0.1, 2.9)])
    assert roles == Roles("S0", "S1", ("S2",), "question_spans")


def test_roles_from_question_texts_located_in_the_words() -> None:
    # S0 speaks first, but the question is asked in S1's turn: texts must beat speaking order
    annotation = _annotation((0, 2, "S0"), (2.5, 6, "S1"), (6.5, 9, "S0"))
    spoken = (
        "yes I am ready".split() + "so why do you want to work here".split() + "I like acute care".split()
    )
    starts = [0.1, 0.5, 0.9, 1.3] + [2.6 + 0.4 * i for i in range(8)] + [6.6, 7.0, 7.4, 7.8]
    words = [SpeakerWord(start, start + 0.3, text, None) for start, text in zip(starts, spoken, strict=True)]
    assert locate_questions(["Why do you want to work here?"], words) == ((words[5].start, words[11].end),)
    roles = identify_roles(annotation, question_texts=["Why do you want to work here?"], words=words)
    assert roles == Roles("S1", "S0", (), "question_texts")


def test_mandarin_questions_match_by_character() -> None:
    assert tokenize("你为什么想来我们医院？OK") == [
        "你",
        "为",
        "什",
        "么",
        "想",
        "来",
        "我",
        "们",
        "医",
        "院",
        "ok",
    ]
    words = [SpeakerWord(i * 0.2, i * 0.2 + 0.2, ch, None) for i, ch in enumerate("嗯你为什么想来我们医院")]
    assert locate_questions(["你为什么想来我们医院？"], words) == ((0.2, 2.2),)


def test_fallbacks_first_speaker_and_one_way_interviews() -> None:
    assert identify_roles(INTERVIEW) == Roles("S0", "S1", ("S2",), "first_speaker")
    assert identify_roles(INTERVIEW, question_spans=[(30, 40)]).method == "first_speaker"
    assert identify_roles(_annotation((1, 9, "S0"))) == Roles(None, "S0", (), "first_speaker")
    assert identify_roles(Annotation()) == Roles(None, None, (), "no_speech")


def test_third_speaker_events_need_enough_speech() -> None:
    roles = Roles("S0", "S1", ("S2",), "question_spans")
    assert third_speaker_events(INTERVIEW, roles) == (IntegrityEvent("second_voice", 10.5, 12, "S2"),)
    assert third_speaker_events(INTERVIEW, roles, min_total_seconds=2.0) == ()
    two_stretches = _annotation((0, 3, "S0"), (4, 5, "S2"), (5.5, 6, "S2"), (9, 10, "S2"))
    events = third_speaker_events(two_stretches, Roles("S0", None, ("S2",), "first_speaker"))
    assert [(e.start, e.end) for e in events] == [(4, 6), (9, 10)]


def test_a_second_voice_must_say_something_in_one_go() -> None:
    # the candidate's fillers split off as a speaker: 2.5 s in all, never more than 1.2 s at a time
    fragments = _annotation((0, 3, "S0"), (4, 5.2, "S2"), (8, 8.6, "S2"), (12, 12.7, "S2"), (20, 30, "S1"))
    roles = Roles("S0", "S1", ("S2",), "question_spans")
    assert len(third_speaker_events(fragments, roles)) == 3
    assert third_speaker_events(fragments, roles, min_stretch_seconds=2.0) == ()
    prompted = _annotation((0, 3, "S0"), (4, 6.5, "S2"), (8, 8.6, "S2"), (20, 30, "S1"))
    events = third_speaker_events(prompted, roles, min_stretch_seconds=2.0)
    assert [(e.start, e.end) for e in events] == [(4, 6.5), (8, 8.6)]


@pytest.mark.slow
def test_roles_and_second_voice_on_a_diarized_interview(
    three_speakers: Conversation, three_speaker_result: Diarization
) -> None:
    annotation = three_speaker_result.annotation
    questions = [(u.start, u.end) for u in three_speakers.utterances if u.text in QUESTIONS]
    roles = identify_roles(annotation, question_spans=questions)
    assert roles.method == "question_spans"
    reference = three_speakers.reference
    assert _main_reference_label(reference, annotation, roles.interviewer) == "interviewer"
    assert _main_reference_label(reference, annotation, roles.candidate) == "candidate"
    events = third_speaker_events(annotation, roles)
    expected = three_speakers.spans_of("third")
    assert len(events) == len(expected)
    for event, (start, end) in zip(events, expected, strict=True):
        assert event.kind == "second_voice"
        assert event.start == pytest.approx(start, abs=0.3)
        assert event.end == pytest.approx(end, abs=0.3)


@pytest.mark.slow
def test_words_of_a_diarized_interview_get_the_right_speaker(
    two_speakers: Conversation, two_speaker_result: Diarization
) -> None:
    roles = identify_roles(two_speaker_result.annotation)  # speaking order: the interviewer asks first
    names = {roles.interviewer: "interviewer", roles.candidate: "candidate"}
    words = [_utterance_word(u.start, u.end, u.text) for u in two_speakers.utterances]
    spoken_by = [
        names[w.speaker] for w in assign_words([w for ws in words for w in ws], two_speaker_result.annotation)
    ]
    truth = [u.speaker for u, ws in zip(two_speakers.utterances, words, strict=True) for _ in ws]
    agreement = sum(a == b for a, b in zip(spoken_by, truth, strict=True)) / len(truth)
    assert agreement > 0.97


def _utterance_word(start: float, end: float, text: str) -> list[Word]:
    """Evenly spaced words over the utterance, as a transcriber would time them."""
    tokens = text.split()
    step = (end - start) / len(tokens)
    return [Word(start + i * step, start + (i + 1) * step, f" {t}") for i, t in enumerate(tokens)]


def _main_reference_label(reference: Annotation, hypothesis: Annotation, label: str | None) -> str:
    assert label is not None
    own = hypothesis.label_timeline(label)
    overlap = {
        ref: sum(s.duration for s in reference.label_timeline(ref).crop(own)) for ref in reference.labels()
    }
    return str(max(overlap, key=lambda ref: overlap[ref]))
