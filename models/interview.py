"""From a transcript and a diarization to who said what: speakers, roles, answers, integrity events.

The composition layer of the media stages: pure functions over their typed results, shared by the
`process-interview` flow and `hirelake analyze`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.audio import AudioClip
from models.diarize import Diarization, Diarizer
from models.language_features import AnswerFeatures, measure_answer
from models.lexicon import Language
from models.speakers import (
    IntegrityEvent,
    Roles,
    SpeakerWord,
    assign_words,
    identify_roles,
    third_speaker_events,
)
from models.transcribe import Transcriber, Transcript

# A voice must speak this long in all before it counts as a second voice: short fillers ("嗯", "okay")
# give unreliable speaker embeddings and may split off as a speaker of their own; a prompt is a sentence.
SECOND_VOICE_MIN_SECONDS = 3.0
# ... and say something in one go: the shortest prompt the generated hospital whispers lasts 2.0 s
# (English) to 2.6 s (Mandarin), while the candidate's own voice split off by the diarizer came back as
# fragments of 0.6 - 1.7 s (Mandarin assessment benchmark, bench/README.md).
SECOND_VOICE_MIN_STRETCH_SECONDS = 2.0


class NoSpeechError(ValueError):
    """The recording holds no speech to analyse."""


@dataclass(frozen=True)
class SpeakerAttribution:
    words: tuple[SpeakerWord, ...]
    roles: Roles
    second_voices: tuple[IntegrityEvent, ...]

    def role_of(self, speaker: str | None) -> str:
        if speaker is not None and speaker == self.roles.interviewer:
            return "interviewer"
        if speaker is not None and speaker == self.roles.candidate:
            return "candidate"
        return "other"


@dataclass(frozen=True)
class Answer:
    """One stretch of the candidate speaking between two of the interviewer's turns."""

    index: int
    words: tuple[SpeakerWord, ...]

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end


def attribute_speakers(
    transcript: Transcript, diarization: Diarization, question_texts: Sequence[str] = ()
) -> SpeakerAttribution:
    if not transcript.segments:
        raise NoSpeechError(
            "no speech found in the recording (silence or noise only): check the candidate's microphone "
            "and record the interview again"
        )
    words = assign_words(transcript.words, diarization.annotation)
    roles = identify_roles(diarization.annotation, question_texts=question_texts, words=words)
    events = third_speaker_events(
        diarization.annotation,
        roles,
        min_total_seconds=SECOND_VOICE_MIN_SECONDS,
        min_stretch_seconds=SECOND_VOICE_MIN_STRETCH_SECONDS,
    )
    return SpeakerAttribution(words, roles, events)


def split_answers(attribution: SpeakerAttribution) -> tuple[Answer, ...]:
    """Candidate words grouped into answers; an interviewer word closes the current answer.

    Words of a third voice neither open nor close an answer: a prompt whispered mid-answer is an
    integrity event, not the end of what the candidate was saying.
    """
    answers: list[Answer] = []
    current: list[SpeakerWord] = []
    for word in attribution.words:
        role = attribution.role_of(word.speaker)
        if role == "candidate":
            current.append(word)
        elif role == "interviewer" and current:
            answers.append(Answer(len(answers), tuple(current)))
            current = []
    if current:
        answers.append(Answer(len(answers), tuple(current)))
    return tuple(answers)


def feature_language(language: str | None) -> Language:
    """Mandarin gets the Chinese lexicon; every other language is measured with the English one."""
    return "zh" if language == "zh" else "en"


def measure_answers(
    answers: Sequence[Answer], language: str | None, extra_terms: Sequence[str] = ()
) -> tuple[AnswerFeatures, ...]:
    lang = feature_language(language)
    return tuple(measure_answer(answer.words, lang, extra_terms=extra_terms) for answer in answers)


@dataclass(frozen=True)
class SpeechAnalysis:
    transcript: Transcript
    diarization: Diarization
    attribution: SpeakerAttribution
    features: tuple[AnswerFeatures, ...]


def analyse_speech(
    audio: AudioClip,
    transcriber: Transcriber,
    diarizer: Diarizer,
    *,
    language: str | None = None,
    question_texts: Sequence[str] = (),
) -> SpeechAnalysis:
    """Transcribe, diarize, attribute words to speakers and measure each answer."""
    transcript = transcriber.transcribe(audio, language=language)
    diarization = diarizer.diarize(audio)
    attribution = attribute_speakers(transcript, diarization, question_texts)
    features = measure_answers(split_answers(attribution), transcript.language)
    return SpeechAnalysis(transcript, diarization, attribution, features)
