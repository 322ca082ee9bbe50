"""Generated interview scripts as scoring inputs, without rendering audio or video (tests and benches).

`script_input(script)` lays the script's utterances on a timeline at a fixed speaking rate, groups the
candidate's utterances into answers the way `models.interview.split_answers` does (an interviewer
turn closes an answer; a third voice neither opens nor closes one), measures each answer with the
pipeline's own `measure_answer`, and records third-voice turns as second_voice integrity events.
Optional noise imitates transcription: characters / words dropped or replaced, in prompts and answers.

`scripted_interview(...)` draws a candidate, a bank and a script in one call and returns the input
with the generator's truth (strength, misread compliance question, question per answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hirelake.question_banks import QuestionBank
from hirelake.synth.media import CandidateRef
from hirelake.synth.media.config import Strength
from hirelake.synth.media.script import InterviewScript, build_script
from models.language_features import measure_answer
from models.lexicon import Language
from models.scoring_inputs import (
    AnswerInput,
    AssessmentInput,
    ExpressionFrame,
    IntegrityInput,
    PromptInput,
)

# speaking rates of the timeline: Mandarin in characters, English in words per second
_RATE: dict[Language, float] = {"zh": 4.0, "en": 2.5}
_NOISE_ZH = "的是了在和有我他这个们中来上大为"
_NOISE_EN = ("the", "a", "and", "uh", "so", "that", "it", "then")
STRENGTH_RANK: dict[Strength, int] = {"strong": 3, "medium": 2, "weak": 1}


@dataclass(frozen=True)
class _Word:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class ScriptTruth:
    strength: Strength
    misread_question_id: str | None  # the compliance question whose answer states a red flag
    answer_questions: tuple[str | None, ...]  # question id per AnswerInput (None: greeting reply)
    key_points: dict[str, tuple[str, ...]]  # question id -> key point ids the answer states


@dataclass(frozen=True)
class Scripted:
    input: AssessmentInput
    truth: ScriptTruth
    script: InterviewScript


def _tokens(text: str, language: Language) -> list[str]:
    if language == "zh":
        return [ch for ch in text if not ch.isspace()]
    return text.split()


def _garble(text: str, language: Language, rate: float, rng: np.random.Generator) -> str:
    """Drop or replace a share `rate` of the tokens (a crude stand-in for recognition errors)."""
    if rate <= 0:
        return text
    out: list[str] = []
    for token in _tokens(text, language):
        roll = float(rng.random())
        if roll < rate / 2:
            continue
        if roll < rate:
            pool = _NOISE_ZH if language == "zh" else _NOISE_EN
            out.append(pool[int(rng.integers(len(pool)))])
        else:
            out.append(token)
    return ("" if language == "zh" else " ").join(out)


def script_input(
    script: InterviewScript,
    *,
    role_family: str,
    bank: QuestionBank,
    noise: float = 0.0,
    seed: int = 0,
    expression_frames: Sequence[ExpressionFrame] = (),
) -> Scripted:
    language: Language = script.language
    rng = np.random.default_rng(seed)
    clock = 0.0
    prompts: list[PromptInput] = []
    events: list[IntegrityInput] = []
    groups: list[list[tuple[_Word, ...]]] = []
    group_truth: list[int | None] = []
    current: list[tuple[_Word, ...]] = []
    current_truth: int | None = None
    for utterance in script.utterances:
        start = max(0.0, clock + utterance.pause_before_s)
        tokens = _tokens(utterance.text, language)
        step = 1.0 / _RATE[language]
        end = start + step * max(1, len(tokens))
        clock = max(clock, end)
        if utterance.speaker == "interviewer":
            if current:
                groups.append(current)
                group_truth.append(current_truth)
                current, current_truth = [], None
            prompts.append(PromptInput(start, end, _garble(utterance.text, language, noise, rng)))
        elif utterance.speaker == "third":
            events.append(IntegrityInput("second_voice", start, end, "speech", "third speaker"))
        else:
            text = _garble(utterance.text, language, noise, rng)
            words = _tokens(text, language)
            timed = tuple(_Word(start + k * step, start + (k + 1) * step, w) for k, w in enumerate(words))
            if timed:
                current.append(timed)
                if utterance.answer_index is not None:
                    current_truth = utterance.answer_index
    if current:
        groups.append(current)
        group_truth.append(current_truth)
    answers: list[AnswerInput] = []
    for index, group in enumerate(groups):
        words = [w for utterance in group for w in utterance]
        features = measure_answer(words, language)
        answers.append(
            AnswerInput(
                answer_index=index,
                start_seconds=features.start_seconds,
                end_seconds=features.end_seconds,
                text=features.text,
                language=language,
                speech_rate_per_minute=features.speech_rate_per_minute,
                speech_rate_variation=features.speech_rate_variation,
                pause_count=features.pause_count,
                pause_seconds=features.pause_seconds,
                filler_count=features.filler_count,
                empathy_phrase_count=features.empathy_phrase_count,
                structure_marker_count=features.structure_marker_count,
                token_count=features.token_count,
            )
        )
    questions = tuple(plan.question for plan in script.answers)
    misread = next((p.question.question_id for p in script.answers if p.red_flags_spoken), None)
    truth = ScriptTruth(
        strength=script.strength,
        misread_question_id=misread,
        answer_questions=tuple(None if t is None else questions[t].question_id for t in group_truth),
        key_points={p.question.question_id: p.key_points_covered for p in script.answers},
    )
    assessment_input = AssessmentInput(
        interview_id=script.interview_id,
        role_family=role_family,
        language=language,
        questions=questions,
        bank_ref=bank.ref,
        answers=tuple(answers),
        prompts=tuple(prompts),
        integrity_events=tuple(events),
        expression_frames=tuple(expression_frames),
    )
    return Scripted(assessment_input, truth, script)


def scripted_interview(
    bank: QuestionBank,
    language: Language,
    strength: Strength,
    seed: int,
    *,
    answers: int = 4,
    misread: bool = False,
    integrity_case: bool = False,
    noise: float = 0.0,
    department: str = "DEP-GEN",
) -> Scripted:
    """One generated interview for `bank` as a scoring input, with the generator's truth."""
    candidate = CandidateRef(
        f"C{seed}", "POS1", bank.role_family, department, language=language, strength=strength
    )
    script = build_script(
        f"iv-{bank.bank_id}-{language}-{strength}-{seed}",
        candidate,
        bank,
        language,
        np.random.default_rng(seed),
        answers=answers,
        integrity_case=integrity_case,
        confidentiality_misread=misread,
    )
    return script_input(script, role_family=bank.role_family, bank=bank, noise=noise, seed=seed)
