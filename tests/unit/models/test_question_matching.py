"""Answers find their questions from the interviewer's (imperfectly transcribed) prompts."""

from __future__ import annotations

import dataclasses

import pytest

from hirelake.question_banks import load_bank
from models.embeddings import Embedder
from models.question_matching import fuzzy_similarity, match_questions
from models.scoring_inputs import PromptInput

from .scripted import Scripted, scripted_interview

BANKS = ("nurse_emergency", "administrative", "clinical_physician_cardiology")


def _accuracy(runs: list[Scripted], embedder: Embedder | None) -> tuple[float, float]:
    right = total = 0
    confidence = 0.0
    for run in runs:
        inp = run.input
        result = match_questions(inp.questions, inp.answers, inp.prompts, inp.language, embedder)
        for match, truth in zip(result.matches, run.truth.answer_questions, strict=True):
            right += match.question_id == truth
            total += 1
            confidence += match.confidence
    return right / total, confidence / total


def _runs(language: str, noise: float) -> list[Scripted]:
    return [
        scripted_interview(load_bank(b), language, "medium", seed, noise=noise)  # type: ignore[arg-type]
        for b in BANKS
        for seed in range(3)
    ]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_clean_and_noisy_prompts_find_their_questions(language: str, embedder: Embedder) -> None:
    clean, clean_confidence = _accuracy(_runs(language, 0.0), embedder)
    assert clean == 1.0
    noisy, noisy_confidence = _accuracy(_runs(language, 0.3), embedder)
    assert noisy >= 0.95
    fuzzy_only, _ = _accuracy(_runs(language, 0.3), None)
    assert fuzzy_only >= 0.9
    assert noisy_confidence < clean_confidence


def test_greeting_reply_answers_no_question() -> None:
    run = scripted_interview(load_bank("nurse_ward"), "en", "strong", 3)
    inp = run.input
    result = match_questions(inp.questions, inp.answers, inp.prompts, "en")
    assert result.matches[0].question_id is None  # "Okay, thank you." after the greeting
    assert result.matches[0].method == "none"
    assert result.unanswered == ()


def test_a_pause_split_answer_stays_with_its_question() -> None:
    run = scripted_interview(load_bank("nurse_ward"), "en", "strong", 4)
    inp = run.input
    target = inp.answers[2]
    cut = target.text.index(". ") + 1
    first = dataclasses.replace(target, text=target.text[:cut], end_seconds=target.start_seconds + 4)
    second = dataclasses.replace(
        target, answer_index=99, text=target.text[cut:], start_seconds=target.start_seconds + 5
    )
    answers = (*inp.answers[:2], first, second, *inp.answers[3:])
    result = match_questions(inp.questions, answers, inp.prompts, "en")
    assert result.for_answer(99).question_id == result.for_answer(target.answer_index).question_id
    assert result.for_answer(99).method == "continuation"


def test_a_skipped_question_is_reported_unanswered() -> None:
    run = scripted_interview(load_bank("administrative"), "zh", "medium", 5)
    inp = run.input
    skipped = inp.questions[1]
    # drop the answer to the second question and the prompt that asked it
    answers = tuple(
        a for a, q in zip(inp.answers, run.truth.answer_questions, strict=True) if q != skipped.question_id
    )
    prompts = tuple(p for p in inp.prompts if fuzzy_similarity(p.text, skipped.prompt("zh"), "zh") < 0.9)
    result = match_questions(inp.questions, answers, prompts, "zh")
    assert result.unanswered == (skipped.question_id,)
    assert [m.question_id for m in result.matches if m.question_id] == [
        q.question_id for q in inp.questions if q != skipped
    ]


def test_without_prompts_answers_take_the_questions_in_order() -> None:
    run = scripted_interview(load_bank("nurse_emergency"), "en", "strong", 6)
    inp = run.input
    result = match_questions(inp.questions, inp.answers, (PromptInput(0, 1, " "),), "en")
    assert [m.question_id for m in result.matches] == list(run.truth.answer_questions)
    assert {m.method for m in result.matches} == {"none", "order"}
    assert max(m.confidence for m in result.matches) <= 0.3


def test_fuzzy_similarity_tolerates_errors_and_extra_words() -> None:
    question = "What are the key points of chest compressions in adult CPR?"
    assert fuzzy_similarity(question, question, "en") == 1.0
    heard = "okay so what are the key point of chest compression in adult cpr"
    assert fuzzy_similarity(heard, question, "en") > 0.7
    assert fuzzy_similarity("How do you handle a patient's private information?", question, "en") < 0.4
    assert fuzzy_similarity("", question, "en") == 0.0


def test_garbled_but_long_prompts_still_move_to_the_next_question_in_order() -> None:
    """Robotic Mandarin through a small Whisper model: the questions are heard, not recognised."""
    run = scripted_interview(load_bank("nurse_emergency"), "zh", "strong", 1)
    inp = run.input
    garble = "熬地以为面人来提神从此们哼傲其理曾么做"
    prompts = tuple(dataclasses.replace(p, text=garble) if len(p.text) >= 8 else p for p in inp.prompts)
    result = match_questions(inp.questions, inp.answers, prompts, "zh")
    assert result.unanswered == ()
    assigned = [m.question_id for m in result.matches if m.question_id is not None]
    assert list(dict.fromkeys(assigned)) == [q.question_id for q in inp.questions]
    truth = [q for q in run.truth.answer_questions if q is not None]
    assert sum(a == t for a, t in zip(assigned, truth, strict=False)) / len(truth) >= 0.8
    # a backchannel between two pieces of one answer is no question: the piece stays
    short = tuple(dataclasses.replace(p, text="好的。") for p in inp.prompts)
    stayed = match_questions(inp.questions, inp.answers, short, "zh")
    assert len({m.question_id for m in stayed.matches if m.question_id}) < len(inp.questions)
