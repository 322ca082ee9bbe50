"""Transcript accuracy: word error rate (English) and character error rate (Chinese).

Both are Levenshtein distances over normalised tokens divided by the reference length:
(substitutions + deletions + insertions) / N. They can exceed 1 when the hypothesis is much longer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorRate:
    errors: int  # edit distance between reference and hypothesis tokens
    reference_length: int

    @property
    def rate(self) -> float:
        return self.errors / self.reference_length


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Levenshtein distance between two token sequences (unit costs), O(len(ref) * len(hyp))."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_token in enumerate(reference, start=1):
        current = [i]
        for j, hyp_token in enumerate(hypothesis, start=1):
            substitution = previous[j - 1] + (ref_token != hyp_token)
            current.append(min(previous[j] + 1, current[j - 1] + 1, substitution))
        previous = current
    return previous[-1]


def english_words(text: str) -> list[str]:
    """Lowercase words with punctuation removed; apostrophes vanish ("don't" -> "dont"), hyphens split."""
    cleaned = []
    for char in text.lower():
        category = unicodedata.category(char)
        if char in "'’":
            continue
        cleaned.append(" " if category[0] in "PSZC" else char)
    return "".join(cleaned).split()


def chinese_characters(text: str) -> list[str]:
    """Characters with punctuation, symbols and whitespace removed; Latin letters lowercased."""
    return [char for char in text.lower() if unicodedata.category(char)[0] not in "PSZC"]


def word_error_rate(reference: str, hypothesis: str) -> float:
    """WER of `hypothesis` against `reference` after English normalisation."""
    return word_errors(reference, hypothesis).rate


def character_error_rate(reference: str, hypothesis: str) -> float:
    """CER of `hypothesis` against `reference` after Chinese normalisation."""
    return character_errors(reference, hypothesis).rate


def word_errors(reference: str, hypothesis: str) -> ErrorRate:
    return _errors(english_words(reference), english_words(hypothesis))


def character_errors(reference: str, hypothesis: str) -> ErrorRate:
    return _errors(chinese_characters(reference), chinese_characters(hypothesis))


def _errors(reference: list[str], hypothesis: list[str]) -> ErrorRate:
    if not reference:
        raise ValueError("the reference is empty after normalisation: an error rate needs reference words")
    return ErrorRate(edit_distance(reference, hypothesis), len(reference))
