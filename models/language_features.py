"""Language features of one answer: pace and its variation, pauses, fillers, terms, empathy, structure.

Mandarin is measured in characters (字/分钟, the usual unit for Chinese speech rate), English in words.
Phrases are counted on normalised text: lower case, punctuation removed; English phrases only at word
boundaries so "then" is not found inside "strengthen".
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from models.lexicon import LEXICONS, Language, Lexicon
from models.words import TextWord

FEATURES_VERSION = "language-features-1"
_PAUSE_SECONDS = 0.5  # a gap between words longer than this is a pause, as in speech-fluency studies
_RATE_WINDOW_SECONDS = 10.0


@dataclass(frozen=True)
class AnswerFeatures:
    language: Language
    start_seconds: float
    end_seconds: float
    text: str
    token_count: int
    speech_rate_per_minute: float
    speech_rate_variation: float | None  # coefficient of variation across 10 s windows; None if too short
    pause_count: int
    pause_seconds: float
    filler_count: int
    domain_terms: tuple[str, ...]
    empathy_phrase_count: int
    structure_marker_count: int
    version: str = FEATURES_VERSION


def normalise(text: str) -> str:
    """Lower case, full-width to half-width, punctuation to spaces, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def count_phrase(text: str, phrase: str, language: Language) -> int:
    phrase = normalise(phrase)
    if language == "zh":
        return text.replace(" ", "").count(phrase.replace(" ", ""))
    return len(re.findall(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", text))


def _tokens(text: str, language: Language) -> int:
    if language == "zh":
        return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or ch.isalnum())
    return len(text.split())


def _pauses(words: Sequence[TextWord]) -> list[float]:
    return [
        later.start - earlier.end
        for earlier, later in itertools.pairwise(words)
        if later.start - earlier.end > _PAUSE_SECONDS
    ]


def _rate_variation(words: Sequence[TextWord], language: Language) -> float | None:
    """Coefficient of variation of the rate over 10 s windows (needs at least two full windows)."""
    if not words:
        return None
    start = words[0].start
    counts: dict[int, int] = {}
    for word in words:
        window = int((word.start - start) // _RATE_WINDOW_SECONDS)
        counts[window] = counts.get(window, 0) + _tokens(normalise(word.text), language)
    full = [counts.get(i, 0) for i in range(int((words[-1].end - start) // _RATE_WINDOW_SECONDS))]
    if len(full) < 2 or statistics.fmean(full) == 0:
        return None
    return statistics.pstdev(full) / statistics.fmean(full)


def _count_all(text: str, phrases: Sequence[str], language: Language) -> int:
    # Longest first, removing each match, so "我理解你的担心" is not also counted as "我能理解"-like parts.
    remaining, total = text, 0
    for phrase in sorted(phrases, key=len, reverse=True):
        hits = count_phrase(remaining, phrase, language)
        if hits:
            total += hits
            remaining = remaining.replace(normalise(phrase), " ")
    return total


def measure_answer(
    words: Sequence[TextWord],
    language: Language,
    *,
    extra_terms: Sequence[str] = (),
    lexicon: Lexicon | None = None,
) -> AnswerFeatures:
    """Features of one answer from its timed words (in speaking order)."""
    lex = lexicon or LEXICONS[language]
    joiner = "" if language == "zh" else " "
    raw_text = joiner.join(w.text.strip() for w in words).strip()
    text = normalise(raw_text)
    if language == "zh":
        text = text.replace(" ", "")  # Chinese has no word spaces; transcribers insert some at random
    start = words[0].start if words else 0.0
    end = words[-1].end if words else 0.0
    tokens = _tokens(text, language)
    minutes = (end - start) / 60.0
    pauses = _pauses(words)
    terms = sorted(
        {term for term in (*lex.medical_terms, *extra_terms) if count_phrase(text, term, language)}
    )
    return AnswerFeatures(
        language=language,
        start_seconds=start,
        end_seconds=end,
        text=raw_text,
        token_count=tokens,
        speech_rate_per_minute=tokens / minutes if minutes > 0 else 0.0,
        speech_rate_variation=_rate_variation(words, language),
        pause_count=len(pauses),
        pause_seconds=round(sum(pauses), 3),
        filler_count=_count_all(text, lex.fillers, language),
        domain_terms=tuple(terms),
        empathy_phrase_count=_count_all(text, lex.empathy_phrases, language),
        structure_marker_count=_count_all(text, lex.structure_markers, language),
    )
