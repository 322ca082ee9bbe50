"""What competency scoring reads about one interview: frozen copies of the silver rows it needs.

Built by the flow from `answer_features`, `transcript_segments`, `transcript_words`, `speaker_turns`,
`integrity_events` and `vision_frames`, plus the planned questions of the bank version used. Scoring
never reads the lake.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from hirelake.question_banks import Question
from models.lexicon import Language


@dataclass(frozen=True)
class AnswerInput:
    """One candidate answer (a row of answer_features)."""

    answer_index: int
    start_seconds: float
    end_seconds: float
    text: str
    language: Language
    speech_rate_per_minute: float
    speech_rate_variation: float | None
    pause_count: int
    pause_seconds: float
    filler_count: int
    empathy_phrase_count: int
    structure_marker_count: int
    token_count: int


@dataclass(frozen=True)
class PromptInput:
    """One stretch of the interviewer's words (a question, a greeting, a backchannel...)."""

    start_seconds: float
    end_seconds: float
    text: str


@dataclass(frozen=True)
class SpokenWord:
    """One transcript word with the speaker the diarization gave it (a row of transcript_words)."""

    start_seconds: float
    end_seconds: float
    text: str
    speaker: str | None


PROMPTS_VERSION = "prompts-from-words-1"
PROMPT_PAUSE_SECONDS = 1.5  # a silence this long between the interviewer's words starts a new prompt


def prompts_from_words(
    words: Sequence[SpokenWord], interviewer: Collection[str], language: Language
) -> tuple[PromptInput, ...]:
    """The interviewer's prompts as runs of their words, broken by the other speaker or a pause.

    Words, not segments: Whisper often returns greeting, question and the start of the answer as one
    segment, which then belongs to whoever spoke most of it, and the question is lost to matching.
    Each word carries its own speaker, as the answers' words do.
    """
    joiner = "" if language == "zh" else " "
    prompts: list[PromptInput] = []
    run: list[SpokenWord] = []

    def close() -> None:
        if run:
            text = joiner.join(w.text for w in run).strip()
            prompts.append(PromptInput(run[0].start_seconds, run[-1].end_seconds, text))
            run.clear()

    for word in sorted(words, key=lambda w: w.start_seconds):
        if word.speaker not in interviewer:
            close()
            continue
        if run and word.start_seconds - run[-1].end_seconds >= PROMPT_PAUSE_SECONDS:
            close()
        run.append(word)
    close()
    return tuple(prompts)


@dataclass(frozen=True)
class IntegrityInput:
    """One integrity event: second_voice, second_face, face_absent (others are ignored)."""

    event_type: str
    start_seconds: float
    end_seconds: float
    stage: str
    detail: str | None = None


@dataclass(frozen=True)
class ExpressionFrame:
    """Expression measures of one sampled frame; None where not measured (or not allowed)."""

    time_seconds: float
    smile: float | None
    frown: float | None


@dataclass(frozen=True)
class SpeechCoverage:
    """How much of the candidate's speech the transcript holds: diarized candidate turns against
    transcribed candidate segments, in seconds."""

    candidate_speech_seconds: float
    transcribed_seconds: float

    @property
    def share(self) -> float:
        if self.candidate_speech_seconds <= 0:
            return 1.0
        return min(1.0, self.transcribed_seconds / self.candidate_speech_seconds)


@dataclass(frozen=True)
class AssessmentInput:
    interview_id: str
    role_family: str
    language: Language
    questions: tuple[Question, ...]  # planned, in asked order
    bank_ref: str  # `bank_id@version`
    answers: tuple[AnswerInput, ...]
    prompts: tuple[PromptInput, ...]
    integrity_events: tuple[IntegrityInput, ...] = ()
    expression_frames: tuple[ExpressionFrame, ...] = ()
    speech_coverage: SpeechCoverage | None = None  # None: not measured (older silver rows)
