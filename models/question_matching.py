"""Which planned question each candidate answer answers, from the interviewer's words before it.

The interviewer's prompts are transcribed, so they are imperfect: each prompt heard between two
answers is compared with every planned question's wording, fuzzily (share of the question's
characters / words found in order) and, with an embedder, by meaning. A monotone alignment (questions
are asked in the planned order, some may be skipped, an answer may come in several pieces when the
candidate pauses) then picks the most likely question for every answer:

- a new question scores its prompt similarity minus `ASK_THRESHOLD`, less `SKIP_PENALTY` per planned
  question jumped over (an order prior: a garbled prompt still moves to the next question);
- staying on the same question (a split answer) scores `ASK_THRESHOLD` minus the best similarity
  heard in the gap: it wins when the interviewer said nothing question-like in between. A gap in which
  the interviewer spoke at length (`MIN_PROMPT_TOKENS`) costs staying `LONG_PROMPT_PENALTY` more: a
  question was asked even when its transcription is too garbled to say which one (robotic or accented
  Mandarin through a small Whisper model), so the order prior takes over;
- answers before the first question (a reply to the greeting) stay unassigned the same way.

With no interviewer prompts at all, answers long enough to be answers take the questions in order,
with a low confidence.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from hirelake.question_banks import Question
from models.embeddings import Embedder
from models.language_features import normalise
from models.lexicon import Language
from models.scoring_inputs import AnswerInput, PromptInput

MATCHING_VERSION = "question-matching-2"
ASK_THRESHOLD = 0.45  # a prompt at least this similar to a question is taken to ask it
SKIP_PENALTY = 0.3  # cost of a planned question left without an answer (the order prior)
ORDER_CONFIDENCE = 0.3  # confidence of an assignment made by order alone
# An answer shorter than this (tokens) is not taken for an answer when matching by order only.
MIN_ANSWER_TOKENS: dict[Language, int] = {"zh": 8, "en": 5}
# Interviewer speech this long (characters for zh, words for en) is a question, not a backchannel
# ("好的。", "Okay, thank you."); staying on the previous question across it costs LONG_PROMPT_PENALTY.
MIN_PROMPT_TOKENS: dict[Language, int] = {"zh": 8, "en": 5}
LONG_PROMPT_PENALTY = 1.0
# e5 cosine between a transcribed prompt and a question wording, mapped linearly to 0-1: at `low` or
# below it says nothing, at `high` it is as good as an exact fuzzy match. Unrelated questions of one
# bank sit at ~0.80 (en) / ~0.86 (zh), a noisy transcription of the right one above ~0.90 / ~0.94.
_EMBEDDING_SCALE: dict[Language, tuple[float, float]] = {"en": (0.84, 0.95), "zh": (0.89, 0.97)}
_EN_WORD = re.compile(r"[a-z0-9']+")

Method = Literal["prompt", "continuation", "order", "none"]


@dataclass(frozen=True)
class QuestionMatch:
    answer_index: int
    question_index: int | None  # into the planned questions; None: answers no planned question
    question_id: str | None
    method: Method
    confidence: float  # 0-1
    prompt_similarity: float  # best similarity of the prompts before the answer to the chosen question


@dataclass(frozen=True)
class MatchResult:
    matches: tuple[QuestionMatch, ...]  # one per answer, in answer order
    unanswered: tuple[str, ...]  # planned question ids no answer was assigned to
    embedder: str | None  # model id@version used, None: fuzzy only
    version: str = MATCHING_VERSION

    def for_answer(self, answer_index: int) -> QuestionMatch:
        for match in self.matches:
            if match.answer_index == answer_index:
                return match
        raise KeyError(f"no match for answer {answer_index}")


def _tokens(text: str, language: Language) -> list[str]:
    clean = normalise(text)
    if language == "zh":
        return [ch for ch in clean if not ch.isspace()]
    return _EN_WORD.findall(clean)


def fuzzy_similarity(heard: str, question_text: str, language: Language) -> float:
    """Share of the question's tokens found, in order, in what was heard (0-1)."""
    wanted = _tokens(question_text, language)
    got = _tokens(heard, language)
    if not wanted or not got:
        return 0.0
    matcher = difflib.SequenceMatcher(None, wanted, got, autojunk=False)
    found = sum(block.size for block in matcher.get_matching_blocks())
    # a long stretch of unrelated speech finds many short words by chance: damp by relative length
    spread = min(1.0, 2.0 * len(wanted) / len(got)) if len(got) > len(wanted) else 1.0
    return found / len(wanted) * (0.5 + 0.5 * spread)


def _gaps(answers: Sequence[AnswerInput], prompts: Sequence[PromptInput]) -> list[list[str]]:
    """Prompts heard before each answer (starting after the previous answer began), in order."""
    gaps: list[list[str]] = []
    previous_start = float("-inf")
    for answer in answers:
        gaps.append(
            [
                p.text
                for p in sorted(prompts, key=lambda p: p.start_seconds)
                if previous_start < p.start_seconds <= answer.start_seconds and p.text.strip()
            ]
        )
        previous_start = answer.start_seconds
    return gaps


def _similarities(
    gaps: Sequence[Sequence[str]],
    questions: Sequence[Question],
    language: Language,
    embedder: Embedder | None,
) -> np.ndarray:
    """Answer x question similarity, from the last question-like prompt before each answer.

    When the interviewer asked two questions in a row (the first went unanswered), the answer belongs
    to the later one; when no single prompt is question-like, the joined prompts are tried too (a
    question split over two transcript segments).
    """
    texts = [q.prompt(language) for q in questions]
    heard = [[*gap, " ".join(gap)] if len(gap) > 1 else list(gap) for gap in gaps]
    flat = [h for rows in heard for h in rows]
    table = np.array([[fuzzy_similarity(h, t, language) for t in texts] for h in flat]).reshape(len(flat), -1)
    if embedder is not None and flat and texts:
        cos = embedder.queries(flat) @ embedder.queries(texts).T
        low, high = _EMBEDDING_SCALE[language]
        table = np.maximum(table, np.clip((cos - low) / (high - low), 0.0, 1.0))
    sims = np.zeros((len(gaps), len(texts)))
    row = 0
    for i, gap in enumerate(gaps):
        rows = table[row : row + len(heard[i])]
        row += len(heard[i])
        if not len(rows):
            continue
        asking = [k for k in range(len(gap)) if rows[k].max() >= ASK_THRESHOLD]
        sims[i] = rows[asking[-1]] if asking else rows.max(axis=0)
    return np.clip(sims, 0.0, 1.0)


def _asked(gaps: Sequence[Sequence[str]], language: Language) -> list[bool]:
    """Whether the interviewer said something question-long before each answer."""
    return [any(len(_tokens(text, language)) >= MIN_PROMPT_TOKENS[language] for text in gap) for gap in gaps]


def _align(sims: np.ndarray, asked: Sequence[bool] | None = None) -> list[int]:
    """Monotone question index per answer (-1: before the first question), maximising the score."""
    n_answers, n_questions = sims.shape
    states = n_questions + 1  # state s: question s - 1; state 0: no question yet
    best = np.full((n_answers, states), -np.inf)
    back = np.zeros((n_answers, states), dtype=int)
    heard = sims.max(axis=1) if n_questions else np.zeros(n_answers)
    for i in range(n_answers):
        stay = ASK_THRESHOLD - heard[i] - (LONG_PROMPT_PENALTY if asked and asked[i] else 0.0)
        for s in range(states):
            options: list[tuple[float, int]] = []
            previous = [0] if i == 0 else list(range(states))
            for p in previous:
                before = 0.0 if i == 0 else best[i - 1, p]
                if (i == 0 and s == 0) or (i > 0 and p == s):
                    options.append((before + stay, p))
                elif s > p:
                    options.append((before + sims[i, s - 1] - ASK_THRESHOLD - SKIP_PENALTY * (s - p - 1), p))
            if options:
                best[i, s], back[i, s] = max(options, key=lambda o: (o[0], -o[1]))
    final = [best[-1, s] - SKIP_PENALTY * (n_questions - s) for s in range(states)]
    state = int(np.argmax(final))
    path = [state]
    for i in range(n_answers - 1, 0, -1):
        state = int(back[i, state])
        path.append(state)
    return [s - 1 for s in reversed(path)]


def _by_order(
    questions: Sequence[Question], answers: Sequence[AnswerInput], language: Language
) -> list[QuestionMatch]:
    matches: list[QuestionMatch] = []
    next_question = 0
    for answer in answers:
        long_enough = answer.token_count >= MIN_ANSWER_TOKENS[language]
        if long_enough and next_question < len(questions):
            q = questions[next_question]
            matches.append(
                QuestionMatch(
                    answer.answer_index, next_question, q.question_id, "order", ORDER_CONFIDENCE, 0.0
                )
            )
            next_question += 1
        else:
            matches.append(QuestionMatch(answer.answer_index, None, None, "none", ORDER_CONFIDENCE, 0.0))
    return matches


def match_questions(
    questions: Sequence[Question],
    answers: Sequence[AnswerInput],
    prompts: Sequence[PromptInput],
    language: Language,
    embedder: Embedder | None = None,
) -> MatchResult:
    """Assign every answer to a planned question (or to none), with a confidence."""
    ordered = sorted(answers, key=lambda a: (a.start_seconds, a.answer_index))
    embedder_ref = f"{embedder.model_id}@{embedder.version}" if embedder is not None else None
    if not ordered:
        return MatchResult((), tuple(q.question_id for q in questions), embedder_ref)
    if not any(p.text.strip() for p in prompts) or not questions:
        matches = _by_order(questions, ordered, language)
    else:
        gaps = _gaps(ordered, prompts)
        sims = _similarities(gaps, questions, language, embedder)
        path = _align(sims, _asked(gaps, language))
        matches = []
        anchor_confidence = 0.0
        for i, (answer, j) in enumerate(zip(ordered, path, strict=True)):
            heard = float(sims[i].max())
            if j < 0:
                matches.append(
                    QuestionMatch(answer.answer_index, None, None, "none", round(1 - heard, 3), 0.0)
                )
                continue
            sim = float(sims[i, j])
            new_question = i == 0 or path[i - 1] != j
            if new_question:
                second = float(np.delete(sims[i], j).max()) if len(questions) > 1 else 0.0
                method: Method = "prompt" if sim >= ASK_THRESHOLD else "order"
                confidence = (
                    sim * min(1.0, 0.5 + 2 * (sim - second)) if method == "prompt" else ORDER_CONFIDENCE
                )
                anchor_confidence = max(0.0, min(1.0, confidence))
                confidence = anchor_confidence
            else:
                method = "continuation"
                confidence = anchor_confidence * (1 - heard)
            q = questions[j]
            matches.append(
                QuestionMatch(
                    answer.answer_index, j, q.question_id, method, round(confidence, 3), round(sim, 3)
                )
            )
    answered = {m.question_id for m in matches}
    unanswered = tuple(q.question_id for q in questions if q.question_id not in answered)
    return MatchResult(tuple(matches), unanswered, embedder_ref)
