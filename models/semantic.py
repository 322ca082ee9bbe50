"""Semantic coverage of a question's rubric: the paraphrases lexical matching (models/rubric.py) misses.

An answer is split into sentences (and comma clauses), embedded with e5, and compared with every
wording of every key point (the point and its synonyms) and every red flag of the question. A key
point counts as stated when one unit of the answer is

- close enough to one of its wordings (`key_point` threshold, per language: e5 compresses cosine
  similarity into ~0.75-0.95, and Mandarin sits higher than English),
- closer to this point than to any other point or red flag of the same question (`key_point_margin`),
  so a sentence that states point A does not also "cover" its neighbour B,
- of the same polarity as the wording (a negated sentence never states a positive point and vice
  versa: e5 puts "stop the drug" and "do not stop the drug" at ~0.9),
- not a vague hedge ("it depends") and not a sentence that states a red flag.

Red flags use a stricter threshold and margin on whole sentences only, with the same negation guard,
because a false red flag raises a high-severity risk flag against a candidate.

Thresholds were calibrated on the bank wordings (a sentence stating point A against the wordings of
the other points of its question: the margin rule separates them) and on the hand-written paraphrases
and negations in tests/unit/models/paraphrases.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from hirelake.question_banks import Question
from models.embeddings import Embedder
from models.language_features import count_phrase, normalise
from models.lexicon import (
    HEDGES,
    NEGATION_CUES_ZH,
    NEGATION_EXCEPTIONS_EN,
    NEGATION_EXCEPTIONS_ZH,
    NEGATION_WORDS_EN,
    Language,
)

SEMANTIC_VERSION = "semantic-2"  # 2: Mandarin sentences also start at sequence markers


@dataclass(frozen=True)
class SemanticThresholds:
    key_point: float  # cosine a unit must reach against one wording of the point
    key_point_margin: float  # ... and by which it must beat every other point / red flag of the question
    red_flag: float  # stricter: a false red flag is a high-severity risk flag
    red_flag_margin: float


# Calibrated with the query prefix on both sides (see module docstring). Paraphrases that state a point
# score en 0.83-0.94 / zh 0.90-0.97; unrelated or hedging sentences en <= 0.82 / zh <= 0.88.
THRESHOLDS: dict[Language, SemanticThresholds] = {
    "en": SemanticThresholds(key_point=0.85, key_point_margin=0.0, red_flag=0.90, red_flag_margin=0.02),
    "zh": SemanticThresholds(key_point=0.895, key_point_margin=0.0, red_flag=0.925, red_flag_margin=0.01),
}

# Whisper often writes a spoken Mandarin answer as one unpunctuated run ("首先...其次...最后..."); a
# negation in one step would then set the polarity of every step. A sequence marker that directly follows
# a character starts a sentence of its own (markers that also mean "the first time" etc. are left out).
_MARKER_START = "首先|其次|然后|接着|最后|另外|总之"
_SENTENCE_END = re.compile(rf"(?<=[。！？；!?;\n])|(?<=[.])(?=\s|$)|(?<=[\u4e00-\u9fff])(?={_MARKER_START})")
_CLAUSE_END = re.compile(r"(?<=[，,、：:])")
_EN_CUES = re.compile(
    r"\b(?:" + "|".join(NEGATION_WORDS_EN) + r")\b|n't\b|n t\b"
)  # won't -> "won t" once normalised
_MIN_CLAUSE_CHARS: dict[Language, int] = {"zh": 5, "en": 12}

BlockReason = Literal["negation", "hedge", "red_flag"]


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer with its character span in the answer text."""

    index: int
    text: str
    start_char: int
    end_char: int


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences on terminal punctuation (。！？； and . ! ? ;), and in Mandarin also before a sequence
    marker that follows a character directly (see `_MARKER_START`); blank pieces dropped."""
    return sentences_at(text, sentence_spans(text))


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """[start, end) of each sentence of `text`, as `split_sentences` cuts it."""
    spans: list[tuple[int, int]] = []
    position = 0
    for piece in _SENTENCE_END.split(text):
        start = position
        position += len(piece)
        stripped = piece.strip()
        if not stripped or not any(ch.isalnum() for ch in stripped):
            continue
        offset = start + piece.index(stripped)
        spans.append((offset, offset + len(stripped)))
    return tuple(spans)


def sentences_at(text: str, spans: Sequence[tuple[int, int]]) -> tuple[Sentence, ...]:
    """The sentences of `text` at the given spans: a second reading of an answer (same length, some
    characters respelled) is cut where the words as heard were, so sentence indices agree."""
    return tuple(Sentence(i, text[start:end], start, end) for i, (start, end) in enumerate(spans))


def _clauses(sentence: Sentence, language: Language) -> list[str]:
    """Comma clauses of a sentence, when it has more than one long enough to say something."""
    pieces = [p.strip(" ，,、：:") for p in _CLAUSE_END.split(sentence.text)]
    pieces = [p for p in pieces if len(p) >= _MIN_CLAUSE_CHARS[language]]
    return pieces if len(pieces) > 1 else []


def is_negated(text: str, language: Language) -> bool:
    """Whether the text contains a negation cue (after removing phrases that only look negative)."""
    clean = normalise(text)
    if language == "zh":
        clean = clean.replace(" ", "")
        for phrase in NEGATION_EXCEPTIONS_ZH:
            clean = clean.replace(phrase, " ")
        return any(cue in clean for cue in NEGATION_CUES_ZH)
    clean = f" {clean} "
    for phrase in NEGATION_EXCEPTIONS_EN:
        clean = clean.replace(f" {phrase} ", " ")
    return bool(_EN_CUES.search(clean))


def is_hedge(text: str, language: Language) -> bool:
    clean = normalise(text)
    return any(count_phrase(clean, hedge, language) for hedge in HEDGES[language])


@dataclass(frozen=True)
class SemanticHit:
    """The best unit of the answer for one key point or red flag, and whether it counts."""

    target_id: str
    counted: bool
    similarity: float  # best cosine over units and wordings of the same polarity
    margin: float  # that similarity minus the unit's best similarity to any other target
    sentence_index: int | None  # the sentence holding the best unit
    blocked_by: BlockReason | None  # why a similar-enough unit did not count


@dataclass(frozen=True)
class SemanticCoverage:
    question_id: str
    language: Language
    sentences: tuple[Sentence, ...]
    key_points: tuple[SemanticHit, ...]
    red_flags: tuple[SemanticHit, ...]
    red_flag_sentences: tuple[int, ...]  # sentence indices stating a red flag (semantic or given lexical)
    model_id: str
    model_version: str
    version: str = SEMANTIC_VERSION

    def covered_ids(self) -> tuple[str, ...]:
        return tuple(h.target_id for h in self.key_points if h.counted)

    def red_flag_ids(self) -> tuple[str, ...]:
        return tuple(h.target_id for h in self.red_flags if h.counted)


@dataclass(frozen=True)
class _Unit:
    sentence_index: int
    text: str
    whole_sentence: bool
    negated: bool
    hedge: bool


def _units(sentences: Sequence[Sentence], language: Language) -> list[_Unit]:
    units: list[_Unit] = []
    for sentence in sentences:
        for text, whole in [(sentence.text, True), *((c, False) for c in _clauses(sentence, language))]:
            units.append(
                _Unit(sentence.index, text, whole, is_negated(text, language), is_hedge(text, language))
            )
    return units


def _best(
    sims: np.ndarray,
    *,
    units: Sequence[_Unit],
    rows: Sequence[int],
    owner: Sequence[int],
    wording_negated: Sequence[bool],
    target: int,
    whole_only: bool,
) -> tuple[float, float, int | None, float]:
    """Best same-polarity (similarity, margin, unit) for `target`, and the best of any polarity."""
    own = [j for j, o in enumerate(owner) if o == target]
    others = [j for j, o in enumerate(owner) if o != target]
    best: tuple[float, float, int | None] = (0.0, -1.0, None)
    raw_best = 0.0
    for u in rows:
        if whole_only and not units[u].whole_sentence:
            continue
        row = sims[u]
        raw_best = max(raw_best, *(float(row[j]) for j in own))
        same = [float(row[j]) for j in own if wording_negated[j] == units[u].negated]
        if not same:
            continue
        value = max(same)
        rival = max((float(row[j]) for j in others), default=0.0)
        if value > best[0]:
            best = (value, value - rival, u)
    return best[0], best[1], best[2], raw_best


def semantic_coverage(
    answer: str,
    question: Question,
    language: Language,
    embedder: Embedder,
    *,
    lexical_red_flag_sentences: Sequence[int] = (),
    thresholds: SemanticThresholds | None = None,
    sentences: Sequence[Sentence] | None = None,
) -> SemanticCoverage:
    """Which key points and red flags of `question` the answer states, by meaning.

    `lexical_red_flag_sentences` are sentences (indices into `sentences`, by default
    `split_sentences(answer)`) already known to state a red flag; like semantic red-flag sentences, they
    never cover a key point.
    """
    limits = thresholds or THRESHOLDS[language]
    sentences = tuple(sentences) if sentences is not None else split_sentences(answer)
    rubric = question.rubric
    targets = [p.id for p in rubric.key_points] + [f.id for f in rubric.red_flags]
    n_points = len(rubric.key_points)
    wordings: list[str] = []
    owner: list[int] = []
    for i, point in enumerate(rubric.key_points):
        for wording in (point.text(language), *point.synonyms(language)):
            wordings.append(wording)
            owner.append(i)
    for i, flag in enumerate(rubric.red_flags, start=n_points):
        wordings.append(flag.text(language))
        owner.append(i)
    units = _units(sentences, language)
    if not units:
        empty = tuple(SemanticHit(t, False, 0.0, 0.0, None, None) for t in targets)
        return SemanticCoverage(
            question.question_id, language, sentences, empty[:n_points], empty[n_points:], (),
            embedder.model_id, embedder.version,
        )  # fmt: skip
    sims = embedder.queries([u.text for u in units]) @ embedder.queries(wordings).T
    negated = [is_negated(w, language) for w in wordings]
    best = functools.partial(_best, sims, units=units, owner=owner, wording_negated=negated)

    red_hits: list[SemanticHit] = []
    flagged = set(lexical_red_flag_sentences)
    all_rows = list(range(len(units)))
    for target in range(n_points, len(targets)):
        sim, margin, unit, raw = best(rows=all_rows, target=target, whole_only=True)
        polarity_blocked = raw >= limits.red_flag > sim
        strong = sim >= limits.red_flag and margin >= limits.red_flag_margin
        counted = strong and unit is not None and not units[unit].hedge
        if counted and unit is not None:
            flagged.add(units[unit].sentence_index)
        reason: BlockReason | None = "negation" if polarity_blocked and not counted else None
        red_hits.append(
            SemanticHit(
                targets[target], counted, round(sim, 4), round(margin, 4),
                units[unit].sentence_index if unit is not None else None, reason,
            )
        )  # fmt: skip

    usable = [u for u in all_rows if not units[u].hedge and units[u].sentence_index not in flagged]
    point_hits: list[SemanticHit] = []
    for target in range(n_points):
        sim, margin, unit, raw = best(rows=usable, target=target, whole_only=False)
        polarity_blocked = raw >= limits.key_point > sim
        counted = unit is not None and sim >= limits.key_point and margin >= limits.key_point_margin
        reason = None
        if not counted:
            # report why a unit that was similar enough did not count, for the reviewer
            sim_all, _, unit_all, _ = best(rows=all_rows, target=target, whole_only=False)
            if polarity_blocked:
                reason = "negation"
            elif unit_all is not None and sim_all >= limits.key_point and unit_all not in usable:
                reason = "red_flag" if units[unit_all].sentence_index in flagged else "hedge"
        point_hits.append(
            SemanticHit(
                targets[target], counted, round(sim, 4), round(margin, 4),
                units[unit].sentence_index if unit is not None else None, reason,
            )
        )  # fmt: skip
    return SemanticCoverage(
        question.question_id, language, sentences, tuple(point_hits), tuple(red_hits),
        tuple(sorted(flagged)), embedder.model_id, embedder.version,
    )  # fmt: skip
