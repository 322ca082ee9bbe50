"""Risk flags of one interview: codes with a severity, times and the question they concern.

Codes only, with an English detail for logs and engineers; the report translates codes elsewhere.

- compliance_misunderstanding, high: a compliance_scenario answer states one of its red flags;
- compliance_misunderstanding, medium: a compliance_scenario answer covers at most
  `LOW_COMPLIANCE_COVERAGE` of its key points;
- second_voice, high / second_face, high: integrity events (another voice prompting, another face);
- face_absent: medium from `LONG_ABSENCE_SECONDS`, low below;
- missing_answer, medium: a planned question without an answer or with a near-empty one, or a
  weighted dimension that no planned question measured;
- incomplete_transcript, high: the transcript holds less than `MIN_TRANSCRIBED_SHARE` of the speech
  diarization heard from the candidate. Speech recognition lost part of what was said (a small model on
  accented or unclear speech skips whole stretches), so low scores may reflect the transcriber, not the
  candidate: the case goes to review first and the reviewer listens to the recording.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from hirelake.question_banks import Question
from models.answer_scoring import AnswerScore
from models.lexicon import Language
from models.scoring_inputs import IntegrityInput, SpeechCoverage

RISK_FLAGS_VERSION = "risk-flags-2"
LOW_COMPLIANCE_COVERAGE = 0.2  # "almost none" of a compliance answer's key points (share, 0-1)
NEAR_EMPTY_TOKENS: dict[Language, int] = {"zh": 8, "en": 5}  # fewer tokens: the answer says nothing
LONG_ABSENCE_SECONDS = 10.0
MIN_TRANSCRIBED_SHARE = 0.6  # of the candidate's diarized speech
MIN_SPEECH_FOR_COVERAGE = 10.0  # seconds of candidate speech below which the share says nothing

Severity = Literal["high", "medium", "low"]
_INTEGRITY: dict[str, tuple[Severity, str]] = {
    "second_voice": ("high", "another voice spoke"),
    "second_face": ("high", "another face appeared in the frame"),
    "face_absent": ("medium", "the candidate's face left the frame"),
}
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class RiskFlag:
    code: str
    severity: Severity
    detail: str  # English, for engineers and logs; the report shows a translation of `code`
    question_id: str | None
    start_seconds: float | None
    end_seconds: float | None


def _tokens(text: str, language: Language) -> int:
    if language == "zh":
        return sum(1 for ch in text if ch.isalnum())
    return len(text.split())


def _question_at(start: float, end: float, answers: Sequence[AnswerScore]) -> str | None:
    """The question whose answer the event overlaps most (None: between answers)."""
    best: tuple[float, str | None] = (0.0, None)
    for answer in answers:
        overlap = min(end, answer.end_seconds) - max(start, answer.start_seconds)
        if answer.question_id is not None and overlap > best[0]:
            best = (overlap, answer.question_id)
    if best[1] is None:
        for answer in answers:  # an instant event inside an answer
            if answer.question_id is not None and answer.start_seconds <= start <= answer.end_seconds:
                return answer.question_id
    return best[1]


def compliance_flags(question: Question, answer: AnswerScore) -> list[RiskFlag]:
    if question.category != "compliance_scenario":
        return []
    if answer.red_flags:
        flags = {f.id: f for f in question.rubric.red_flags}
        out = []
        for flag_id in answer.red_flags:
            finding = next((f for f in answer.findings if f.signal == f"red_flag:{flag_id}"), None)
            start = finding.start_seconds if finding else answer.start_seconds
            end = finding.end_seconds if finding else answer.end_seconds
            detail = f"states red flag {flag_id} ({flags[flag_id].en!r}): {flags[flag_id].reason}"
            out.append(
                RiskFlag("compliance_misunderstanding", "high", detail, question.question_id, start, end)
            )
        return out
    total = len(question.rubric.key_points)
    share = len(answer.key_points_covered) / total
    if share <= LOW_COMPLIANCE_COVERAGE:
        detail = f"covers {len(answer.key_points_covered)} of {total} key points of a compliance question"
        return [
            RiskFlag(
                "compliance_misunderstanding", "medium", detail, question.question_id,
                answer.start_seconds, answer.end_seconds,
            )
        ]  # fmt: skip
    return []


def transcript_flags(coverage: SpeechCoverage | None) -> list[RiskFlag]:
    if coverage is None or coverage.candidate_speech_seconds < MIN_SPEECH_FOR_COVERAGE:
        return []
    if coverage.share >= MIN_TRANSCRIBED_SHARE:
        return []
    detail = (
        f"the transcript holds {coverage.transcribed_seconds:.0f} s of the candidate's "
        f"{coverage.candidate_speech_seconds:.0f} s of speech ({coverage.share:.0%}): listen to the recording"
    )
    return [RiskFlag("incomplete_transcript", "high", detail, None, None, None)]


def risk_flags(
    questions: Sequence[Question],
    answers: Sequence[AnswerScore],
    integrity_events: Sequence[IntegrityInput],
    language: Language,
    *,
    unmeasured_dimensions: Sequence[str] = (),
    speech_coverage: SpeechCoverage | None = None,
) -> tuple[RiskFlag, ...]:
    """All flags of an interview, sorted by time (untimed last), then severity and code."""
    by_question = {a.question_id: a for a in answers if a.question_id is not None}
    flags: list[RiskFlag] = transcript_flags(speech_coverage)
    for question in questions:
        answer = by_question.get(question.question_id)
        if answer is None:
            flags.append(
                RiskFlag(
                    "missing_answer", "medium", "no answer to this question", question.question_id, None, None
                )
            )
            continue
        tokens = _tokens(answer.text, language)
        if tokens < NEAR_EMPTY_TOKENS[language]:
            detail = f"near-empty answer ({tokens} tokens)"
            flags.append(
                RiskFlag(
                    "missing_answer", "medium", detail, question.question_id,
                    answer.start_seconds, answer.end_seconds,
                )
            )  # fmt: skip
        flags.extend(compliance_flags(question, answer))
    for dimension in unmeasured_dimensions:
        detail = f"no planned question measured the weighted dimension {dimension}"
        flags.append(RiskFlag("missing_answer", "medium", detail, None, None, None))
    for event in integrity_events:
        if event.event_type not in _INTEGRITY:
            continue
        severity, what = _INTEGRITY[event.event_type]
        seconds = event.end_seconds - event.start_seconds
        if event.event_type == "face_absent" and seconds < LONG_ABSENCE_SECONDS:
            severity = "low"
        detail = f"{what} for {seconds:.1f} s ({event.stage})"
        flags.append(
            RiskFlag(
                event.event_type, severity, detail,
                _question_at(event.start_seconds, event.end_seconds, answers),
                event.start_seconds, event.end_seconds,
            )
        )  # fmt: skip
    return tuple(
        sorted(
            flags,
            key=lambda f: (
                f.start_seconds is None,
                f.start_seconds or 0.0,
                _SEVERITY_ORDER[f.severity],
                f.code,
                f.question_id or "",
            ),
        )
    )
