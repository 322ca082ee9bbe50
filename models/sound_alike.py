"""Mandarin rubric words found by how they sound, in transcripts a small model mishears.

Whisper `base` hears robotic or accented Mandarin as other characters of nearly the same sound:
除颤 (chu chan) as 处长 (chu zhang), 护士 (hu shi) as 富士 (fu shi). Lexical and semantic coverage
compare characters and meanings, so a key point said well but transcribed so is lost. `respell` gives
the scorer a second reading of the answer: every run of characters that sounds like a word of the
question's vocabulary is written as that word. Only Han characters are replaced, one for one, so every
character offset (sentences, evidence times) stays the same, and each replacement is reported so the
evidence can say "heard 处长, read as 除颤".

Sound: toneless pinyin from pypinyin (its dictionary ships in the package), split into initial and
final; syllables compare by both parts, with the confusions Mandarin speech recognition commonly makes
(z/zh, c/ch, s/sh, n/l, f/h, r/l; an/ang, en/eng, in/ing) worth part of a match. A word needs at least two
syllables, one of them heard exactly, and a mean similarity of `MIN_SIMILARITY`: single characters
sound like too much.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from models.zh_script import is_han

SOUND_VERSION = "sound-alike-1"
MIN_SIMILARITY = 0.75  # mean syllable similarity a run needs to be read as the word
CONFUSABLE_PART = 0.5  # similarity of one part (initial or final) heard as a confusable other
MIN_WORD_SYLLABLES = 2
MAX_WORD_SYLLABLES = 8

_CONFUSABLE_INITIALS: tuple[frozenset[str], ...] = (
    frozenset({"z", "zh"}), frozenset({"c", "ch"}), frozenset({"s", "sh"}), frozenset({"n", "l"}),
    frozenset({"f", "h"}), frozenset({"r", "l"}), frozenset({"zh", "ch"}), frozenset({"z", "c"}),
    frozenset({"j", "q"}), frozenset({"b", "p"}), frozenset({"d", "t"}), frozenset({"g", "k"}),
)  # fmt: skip
_CONFUSABLE_FINALS: tuple[frozenset[str], ...] = (
    frozenset({"an", "ang"}), frozenset({"en", "eng"}), frozenset({"in", "ing"}),
    frozenset({"ian", "iang"}), frozenset({"uan", "uang"}), frozenset({"en", "un"}),
    frozenset({"eng", "ong"}), frozenset({"e", "o"}), frozenset({"i", "ü"}), frozenset({"u", "ü"}),
)  # fmt: skip


@dataclass(frozen=True)
class Syllable:
    initial: str
    final: str

    @property
    def text(self) -> str:
        return self.initial + self.final


@dataclass(frozen=True)
class Respelling:
    """A run of the answer read as a vocabulary word: `heard` at [start, end) became `word`."""

    start: int
    end: int
    heard: str
    word: str
    similarity: float


@dataclass(frozen=True)
class Respelled:
    text: str  # the answer with every respelling applied; same length as the original
    respellings: tuple[Respelling, ...]


@cache
def _syllable(ch: str) -> Syllable:
    from pypinyin import Style, lazy_pinyin

    initial = lazy_pinyin(ch, style=Style.INITIALS, strict=False)[0]
    final = lazy_pinyin(ch, style=Style.FINALS, strict=False, v_to_u=True)[0]
    return Syllable(initial, final)


def syllables(text: str) -> list[Syllable | None]:
    """One syllable per character of `text` (None for anything not a Han character)."""
    return [_syllable(ch) if is_han(ch) else None for ch in text]


def _part_similarity(a: str, b: str, confusable: Iterable[frozenset[str]]) -> float:
    if a == b:
        return 1.0
    return CONFUSABLE_PART if any(a in pair and b in pair for pair in confusable) else 0.0


def syllable_similarity(a: Syllable, b: Syllable) -> float:
    """1 for the same toneless syllable; part credit when initial and final are each the same or
    commonly confused; 0 when either part is unrelated."""
    initial = _part_similarity(a.initial, b.initial, _CONFUSABLE_INITIALS)
    final = _part_similarity(a.final, b.final, _CONFUSABLE_FINALS)
    return 0.0 if initial == 0.0 or final == 0.0 else (initial + final) / 2


def _run_similarity(word: Sequence[Syllable], heard: Sequence[Syllable | None]) -> float:
    scores = []
    for want, got in zip(word, heard, strict=True):
        if got is None:
            return 0.0
        scores.append(syllable_similarity(want, got))
    if max(scores) < 1.0 or min(scores) == 0.0:
        return 0.0
    return sum(scores) / len(scores)


def vocabulary_words(words: Iterable[str]) -> tuple[str, ...]:
    """The words worth respelling to: all-Han, 2-8 characters, longest first (then in order)."""
    kept = {
        w: None
        for w in words
        if MIN_WORD_SYLLABLES <= len(w) <= MAX_WORD_SYLLABLES and all(is_han(ch) for ch in w)
    }
    return tuple(sorted(kept, key=len, reverse=True))


def respell(text: str, vocabulary: Sequence[str]) -> Respelled:
    """Read runs of `text` that sound like a vocabulary word as that word (longest words first; runs
    never overlap; a run already written as the word is left as it is)."""
    heard = syllables(text)
    chars = list(text)
    taken = [False] * len(text)
    found: list[Respelling] = []
    for word in vocabulary_words(vocabulary):
        wanted = [_syllable(ch) for ch in word]
        size = len(wanted)
        for start in range(len(text) - size + 1):
            end = start + size
            if any(taken[start:end]):
                continue
            if text[start:end] == word:  # said and heard as written: keep it from shorter words
                taken[start:end] = [True] * size
                continue
            similarity = _run_similarity(wanted, heard[start:end])
            if similarity >= MIN_SIMILARITY:
                found.append(Respelling(start, end, text[start:end], word, round(similarity, 3)))
                chars[start:end] = list(word)
                taken[start:end] = [True] * size
    return Respelled("".join(chars), tuple(sorted(found, key=lambda r: r.start)))
