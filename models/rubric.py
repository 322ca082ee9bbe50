"""Lexical coverage of a question's rubric by an answer: key points, domain terms, red flags.

Mandarin is segmented with jieba (its dictionary ships in the package), English split into words;
function words are dropped on both sides. A key point counts as covered when one of its wordings (the
point itself or a synonym) has most of its content words in the answer. Sentence embeddings add the
paraphrases this misses (issue 5); this is the part a reviewer can check by eye.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from hirelake.question_banks import Question
from models.language_features import count_phrase, normalise
from models.lexicon import Language

COVERAGE_THRESHOLD = 0.6  # share of a wording's content words that must appear in the answer
_EN_STOP = frozenset(
    "a an the and or of to in on at for with by is are be been was were it its this that as i we you "
    "they he she them their our my your will would should can could do does did not no from into "
    "than then there here if so at least".split()
)
_ZH_STOP = frozenset(
    "的 了 和 与 及 并 在 是 我 你 您 他 她 我们 会 要 就 也 都 对 把 被 给 让 先 再 或 等".split()
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


@dataclass(frozen=True)
class KeyPointHit:
    key_point_id: str
    covered: bool
    score: float  # best share of content words found, over the point and its synonyms
    matched_wording: str


@dataclass(frozen=True)
class RubricCoverage:
    question_id: str
    language: Language
    key_points: tuple[KeyPointHit, ...]
    domain_terms: tuple[str, ...]
    red_flags: tuple[str, ...]  # ids of red-flag statements the answer makes

    @property
    def coverage(self) -> float:
        """Share of key points covered (0-1)."""
        return sum(h.covered for h in self.key_points) / len(self.key_points) if self.key_points else 0.0


@cache
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(60)  # silence its "Building prefix dict" chatter
    return jieba


def content_words(text: str, language: Language) -> frozenset[str]:
    clean = normalise(text)
    if language == "zh":
        jieba = _jieba()
        words = (w.strip() for w in jieba.lcut(clean.replace(" ", "")))  # type: ignore[attr-defined]
        return frozenset(w for w in words if w and w not in _ZH_STOP)
    return frozenset(w for w in _WORD.findall(clean) if w not in _EN_STOP)


def _wording_score(wording: str, answer_words: frozenset[str], language: Language) -> float:
    wanted = content_words(wording, language)
    return len(wanted & answer_words) / len(wanted) if wanted else 0.0


def rubric_vocabulary(question: Question, language: Language) -> tuple[str, ...]:
    """The content words of every wording the rubric looks for: key points and their synonyms, domain
    terms, red flags (what a misheard answer may be read back to, models/sound_alike.py)."""
    rubric = question.rubric
    wordings = [w for p in rubric.key_points for w in (p.text(language), *p.synonyms(language))]
    wordings += [*rubric.domain_terms(language), *(f.text(language) for f in rubric.red_flags)]
    words = {word: None for wording in wordings for word in sorted(content_words(wording, language))}
    words.update({normalise(term).replace(" ", ""): None for term in rubric.domain_terms(language)})
    return tuple(words)


def score_rubric(answer: str, question: Question, language: Language) -> RubricCoverage:
    answer_words = content_words(answer, language)
    answer_text = normalise(answer)
    hits = []
    for point in question.rubric.key_points:
        wordings = (point.text(language), *point.synonyms(language))
        scored = [(_wording_score(w, answer_words, language), w) for w in wordings]
        best, wording = max(scored)
        exact = any(count_phrase(answer_text, w, language) for w in point.synonyms(language))
        hits.append(KeyPointHit(point.id, exact or best >= COVERAGE_THRESHOLD, round(best, 3), wording))
    terms = tuple(t for t in question.rubric.domain_terms(language) if count_phrase(answer_text, t, language))
    flags = tuple(
        flag.id
        for flag in question.rubric.red_flags
        if _wording_score(flag.text(language), answer_words, language) >= COVERAGE_THRESHOLD
    )
    return RubricCoverage(question.question_id, language, tuple(hits), terms, flags)
