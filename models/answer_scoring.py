"""One answer against its question's rubric: six parts, each 0-1 with the signals that produced it.

- coverage: key points stated, as a weighted share; lexical (models/rubric.py) united with semantic
  (models/semantic.py);
- domain_terms: the rubric's terms, found outside red-flag sentences; 2 terms (or all, if fewer) = 1;
- structure: structure markers (3 = full) and ordered steps (an opening marker, then a later one);
- feasibility: concrete actions (key points stated) / (actions + vague hedges such as "it depends",
  "ask a colleague"); a red flag makes it 0;
- communication: pace in a normal band, fillers per minute, empathy where the rubric expects it, and
  expression only where the jurisdiction allows it;
- red_flags: 1 without red flags, 0 with one (lexical, or semantic at a strict threshold; both guarded
  against negation).

Mandarin answers are matched on a second reading in which runs that sound like a word of the rubric
are written as that word (models/sound_alike.py: a small Whisper model hears 除颤 as 处长); the evidence
keeps the words as heard and names each such reading (`sound_alike:处长>除颤`).

The answer score is 100 x the weighted sum in `COMPONENT_WEIGHTS` (version `ANSWER_WEIGHTS_VERSION`);
an answer that states a red flag is capped at `RED_FLAG_CAP` however much else it covers.
Lexical and semantic matching are both guarded: a sentence stating a red flag covers no key point,
and a sentence only counts for a wording of the same polarity (negated or not).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hirelake.question_banks import Question
from models.embeddings import Embedder
from models.language_features import count_phrase, normalise
from models.lexicon import Language
from models.rubric import rubric_vocabulary, score_rubric
from models.scoring_inputs import AnswerInput
from models.semantic import (
    Sentence,
    is_hedge,
    is_negated,
    semantic_coverage,
    sentence_spans,
    sentences_at,
)
from models.sound_alike import Respelled, respell

ANSWER_WEIGHTS_VERSION = "answer-weights-1"
# Weights of the answer score; they sum to 1. Content (coverage, feasibility) dominates because the
# rubric is what the hospital wrote down; delivery (communication) informs but cannot carry an answer.
COMPONENT_WEIGHTS: Mapping[str, float] = {
    "coverage": 0.45,
    "feasibility": 0.15,
    "domain_terms": 0.10,
    "structure": 0.10,
    "communication": 0.10,
    "red_flags": 0.10,
}
RED_FLAG_CAP = 35.0  # an answer stating a policy deviation scores at most this (0-100)

# Communication: speech rate band (Mandarin characters / English words per minute) scored 1 inside
# the band, falling linearly to 0 at half the lower bound / 1.5 x the upper bound.
PACE_BAND: dict[Language, tuple[float, float]] = {"zh": (150.0, 300.0), "en": (100.0, 180.0)}
FILLERS_PER_MINUTE_OK = 2.0  # up to this many fillers a minute cost nothing
FILLERS_PER_MINUTE_ZERO = 10.0  # from this many on, the filler part is 0
# Parts of communication: (pace, fillers, empathy). Empathy counts only where the rubric lists
# empathy phrases; elsewhere the others share its weight.
COMMUNICATION_WEIGHTS: tuple[float, float, float] = (0.35, 0.35, 0.30)
# Expression (smile vs frown during the answer), only where the jurisdiction allows it: a small part of
# communication so it can never decide a recommendation (at most 0.1 x 0.1 = 1 point of an answer).
EXPRESSION_WEIGHT = 0.10
MIN_TOKENS_FOR_PACE: dict[Language, int] = {"zh": 15, "en": 8}

_OPENERS: dict[Language, tuple[str, ...]] = {"zh": ("首先", "第一"), "en": ("first", "firstly")}
_LATER: dict[Language, tuple[str, ...]] = {
    "zh": ("其次", "然后", "接着", "最后", "第二", "第三", "另外", "还有"),
    "en": ("second", "secondly", "then", "next", "finally", "lastly", "also", "besides"),
}


@dataclass(frozen=True)
class ComponentScore:
    name: str
    score: float  # 0-1
    signals: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """A signal located in one sentence of the answer, with estimated times (for evidence)."""

    signal: str
    sentence: str
    start_seconds: float
    end_seconds: float


@dataclass(frozen=True)
class AnswerScore:
    answer_index: int  # the first answer of the question (see answer_indices)
    answer_indices: tuple[int, ...]  # all pieces of a split answer scored together
    question_id: str | None
    dimension: str | None
    start_seconds: float
    end_seconds: float
    text: str
    components: tuple[ComponentScore, ...]
    key_points_covered: tuple[str, ...]
    key_points_missed: tuple[str, ...]
    semantic_only_key_points: tuple[str, ...]  # covered by meaning only: worth a reviewer's look
    domain_terms: tuple[str, ...]
    red_flags: tuple[str, ...]
    score: float  # 0-100
    match_confidence: float
    findings: tuple[Finding, ...] = ()

    def component(self, name: str) -> ComponentScore:
        for part in self.components:
            if part.name == name:
                return part
        raise KeyError(name)

    # the parts as plain 0-1 numbers, for tables
    @property
    def coverage(self) -> float:
        return self.component("coverage").score

    @property
    def terms(self) -> float:
        return self.component("domain_terms").score

    @property
    def structure(self) -> float:
        return self.component("structure").score

    @property
    def feasibility(self) -> float:
        return self.component("feasibility").score

    @property
    def communication(self) -> float:
        return self.component("communication").score


@dataclass(frozen=True)
class _Piece:
    """One answer (or piece of a split answer) and where its text starts in the joined text."""

    answer: AnswerInput
    offset: int


def _join(answers: Sequence[AnswerInput], language: Language) -> tuple[str, list[_Piece]]:
    sep = "" if language == "zh" else " "
    pieces: list[_Piece] = []
    parts: list[str] = []
    offset = 0
    for answer in answers:
        text = answer.text.strip()
        if language == "zh" and text and text[-1] not in "。！？；.!?;":
            text += "。"  # keep a pause-split piece a sentence of its own
        pieces.append(_Piece(answer, offset))
        parts.append(text)
        offset += len(text) + len(sep)
    return sep.join(parts), pieces


def _times(sentence: Sentence, pieces: Sequence[_Piece]) -> tuple[float, float]:
    """Times of a sentence, interpolated by character position within the answer that holds it."""
    piece = pieces[0]
    for candidate in pieces:
        if candidate.offset <= sentence.start_char:
            piece = candidate
    answer = piece.answer
    length = max(1, len(answer.text.strip()))
    span = answer.end_seconds - answer.start_seconds

    def at(char: int) -> float:
        share = min(1.0, max(0.0, (char - piece.offset) / length))
        return round(answer.start_seconds + share * span, 2)

    return at(sentence.start_char), at(sentence.end_char)


def _clip(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 4)


def _lexical(
    sentences: Sequence[Sentence], question: Question, language: Language
) -> tuple[dict[str, int], dict[str, int]]:
    """Lexically covered key points and red flags -> the sentence index that shows them.

    Red flags are found sentence by sentence with a polarity guard ("even though he is family, I would
    not tell him" is not the red flag "he is family, so it is fine to tell him"). Key points are found on
    the text of the sentences of each polarity (red-flag sentences removed), keeping hits whose matched
    wording has the same polarity; each is then located in the sentence that shows it best.
    """
    flag_text = {f.id: f.text(language) for f in question.rubric.red_flags}
    per_sentence = [score_rubric(s.text, question, language) for s in sentences]
    flags: dict[str, int] = {}
    for sentence, coverage in zip(sentences, per_sentence, strict=True):
        for flag_id in coverage.red_flags:
            if is_negated(sentence.text, language) == is_negated(flag_text[flag_id], language):
                flags.setdefault(flag_id, sentence.index)
    usable = [s for s in sentences if s.index not in flags.values()]
    points: dict[str, int] = {}
    for negated in (False, True):
        group = [s for s in usable if is_negated(s.text, language) == negated]
        if not group:
            continue
        coverage = score_rubric(" ".join(s.text for s in group), question, language)
        for hit in coverage.key_points:
            if hit.covered and is_negated(hit.matched_wording, language) == negated:
                best = max(
                    group,
                    key=lambda s: (
                        next(
                            h.score
                            for h in per_sentence[s.index].key_points
                            if h.key_point_id == hit.key_point_id
                        ),
                        -s.index,
                    ),
                )
                points.setdefault(hit.key_point_id, best.index)
    return points, flags


def _pace(answer: AnswerInput, language: Language) -> tuple[float, str]:
    rate = answer.speech_rate_per_minute
    if answer.token_count < MIN_TOKENS_FOR_PACE[language] or rate <= 0:
        return 0.5, "pace:unknown"  # too short to judge: neutral
    low, high = PACE_BAND[language]
    if rate < low:
        score = (rate - low / 2) / (low / 2)
    elif rate > high:
        score = 1 - (rate - high) / (high / 2)
    else:
        score = 1.0
    return _clip(score), f"speech_rate_per_minute:{rate:.0f}"


def _merged_features(answers: Sequence[AnswerInput]) -> AnswerInput:
    first = answers[0]
    if len(answers) == 1:
        return first
    minutes = sum(a.token_count / a.speech_rate_per_minute for a in answers if a.speech_rate_per_minute > 0)
    tokens = sum(a.token_count for a in answers)
    variations = [a.speech_rate_variation for a in answers if a.speech_rate_variation is not None]
    return AnswerInput(
        answer_index=first.answer_index,
        start_seconds=first.start_seconds,
        end_seconds=answers[-1].end_seconds,
        text=" ".join(a.text for a in answers),
        language=first.language,
        speech_rate_per_minute=tokens / minutes if minutes > 0 else 0.0,
        speech_rate_variation=sum(variations) / len(variations) if variations else None,
        pause_count=sum(a.pause_count for a in answers),
        pause_seconds=sum(a.pause_seconds for a in answers),
        filler_count=sum(a.filler_count for a in answers),
        empathy_phrase_count=sum(a.empathy_phrase_count for a in answers),
        structure_marker_count=sum(a.structure_marker_count for a in answers),
        token_count=tokens,
    )


def _speaking_minutes(answers: Sequence[AnswerInput]) -> float:
    return sum(max(0.0, a.end_seconds - a.start_seconds) for a in answers) / 60.0


def communication_score(
    answers: Sequence[AnswerInput],
    question: Question | None,
    language: Language,
    text: str,
    expression: float | None,
) -> ComponentScore:
    """Pace, fillers per minute, empathy (where expected) and, only when given, expression."""
    merged = _merged_features(answers)
    pace, pace_signal = _pace(merged, language)
    minutes = _speaking_minutes(answers)
    per_minute = merged.filler_count / minutes if minutes > 0 else 0.0
    span = FILLERS_PER_MINUTE_ZERO - FILLERS_PER_MINUTE_OK
    fillers = _clip(1 - (per_minute - FILLERS_PER_MINUTE_OK) / span)
    signals = [pace_signal, f"fillers_per_minute:{per_minute:.1f}"]
    w_pace, w_fill, w_empathy = COMMUNICATION_WEIGHTS
    expected = question.rubric.empathy_phrases(language) if question is not None else ()
    if expected:
        clean = normalise(text)
        said = merged.empathy_phrase_count + sum(count_phrase(clean, p, language) for p in expected)
        empathy = 1.0 if said else 0.0
        signals.append(f"empathy_phrases:{said}")
        base = w_pace * pace + w_fill * fillers + w_empathy * empathy
    else:
        base = (w_pace * pace + w_fill * fillers) / (w_pace + w_fill)
    if expression is not None:
        base = (1 - EXPRESSION_WEIGHT) * base + EXPRESSION_WEIGHT * expression
        signals.append(f"expression:{expression:.2f}")
    return ComponentScore("communication", _clip(base), tuple(signals))


def _structure(text: str, markers: int, language: Language) -> ComponentScore:
    clean = normalise(text)
    opened = None
    for opener in _OPENERS[language]:
        found = _find(clean, opener, language)
        if found is not None:
            opened = found if opened is None else min(opened, found)
    ordered = opened is not None and any(
        (pos := _find(clean, later, language)) is not None and pos > opened for later in _LATER[language]
    )
    score = 0.5 * min(1.0, markers / 3) + 0.5 * (1.0 if ordered else 0.0)
    signals = (f"structure_markers:{markers}", f"ordered_steps:{'yes' if ordered else 'no'}")
    return ComponentScore("structure", _clip(score), signals)


def _find(clean: str, phrase: str, language: Language) -> int | None:
    if language == "zh":
        index = clean.replace(" ", "").find(phrase)
        return index if index >= 0 else None
    match = re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", clean)
    return match.start() if match else None


def expression_score(smiles: Sequence[float], frowns: Sequence[float]) -> float | None:
    """0-1 from mean smile minus mean frown (0.5 = neutral); None without any measure."""
    if not smiles and not frowns:
        return None
    smile = sum(smiles) / len(smiles) if smiles else 0.0
    frown = sum(frowns) / len(frowns) if frowns else 0.0
    return _clip(0.5 + 0.5 * (smile - frown))


def score_answer(
    answers: Sequence[AnswerInput],
    question: Question | None,
    *,
    embedder: Embedder | None,
    expression: float | None = None,
    match_confidence: float = 1.0,
) -> AnswerScore:
    """Score one question's answer (several pieces when the candidate paused and went on).

    `expression` is the 0-1 expression measure of the answer; pass None where the jurisdiction does not
    allow expression analysis (then nothing about expressions enters the result).
    """
    if not answers:
        raise ValueError("score_answer needs at least one answer piece")
    language = answers[0].language
    text, pieces = _join(answers, language)
    spans = sentence_spans(text)
    sentences = sentences_at(text, spans)
    merged = _merged_features(answers)
    communication = communication_score(answers, question, language, text, expression)
    structure = _structure(text, merged.structure_marker_count, language)
    hedges = sum(1 for s in sentences if is_hedge(s.text, language))
    if question is None:
        components = (
            ComponentScore("coverage", 0.0, ("question:unmatched",)),
            ComponentScore("feasibility", 0.0, (f"hedges:{hedges}",)),
            ComponentScore("domain_terms", 0.0, ()),
            structure,
            communication,
            ComponentScore("red_flags", 1.0, ()),
        )
        return AnswerScore(
            merged.answer_index, tuple(a.answer_index for a in answers), None, None,
            merged.start_seconds, merged.end_seconds, text, components, (), (), (), (), (),
            _total(components, ()), match_confidence,
        )  # fmt: skip

    reading = _reading(text, question, language)
    matched = sentences_at(reading.text, spans)  # cut where the words as heard were
    point_sentence, flag_sentence, lexical_points, semantic_points = _locate(
        reading.text, matched, question, language, embedder
    )
    points = question.rubric.key_points
    covered = tuple(p.id for p in points if p.id in point_sentence)
    missed = tuple(p.id for p in points if p.id not in point_sentence)
    semantic_only = tuple(p for p in covered if p in semantic_points and p not in lexical_points)
    red_flags = tuple(f.id for f in question.rubric.red_flags if f.id in flag_sentence)

    total_weight = sum(p.weight for p in points)
    coverage = ComponentScore(
        "coverage",
        _clip(sum(p.weight for p in points if p.id in point_sentence) / total_weight),
        tuple(f"key_point:{k}" for k in covered) + tuple(f"semantic:{k}" for k in semantic_only),
    )
    flagged_sentences = set(flag_sentence.values())
    clean_text = " ".join(s.text for s in matched if s.index not in flagged_sentences)
    clean = normalise(clean_text)
    terms_wanted = question.rubric.domain_terms(language)
    terms = tuple(t for t in terms_wanted if count_phrase(clean, t, language))
    domain_terms = ComponentScore(
        "domain_terms",
        _clip(len(terms) / min(2, len(terms_wanted))) if terms_wanted else 0.0,
        tuple(f"term:{t}" for t in terms),
    )
    concrete = len(covered)
    feasible = 0.0 if red_flags or concrete + hedges == 0 else concrete / (concrete + hedges)
    feasibility = ComponentScore(
        "feasibility",
        _clip(feasible),
        (f"concrete_actions:{concrete}", f"hedges:{hedges}") + (("red_flag_stated",) if red_flags else ()),
    )
    red = ComponentScore("red_flags", 0.0 if red_flags else 1.0, tuple(f"red_flag:{f}" for f in red_flags))
    components = (coverage, feasibility, domain_terms, structure, communication, red)

    findings = _findings(
        sentences,
        matched,
        reading,
        pieces=pieces,
        point_sentence=point_sentence,
        flag_sentence=flag_sentence,
        terms=terms,
        language=language,
    )
    return AnswerScore(
        merged.answer_index, tuple(a.answer_index for a in answers), question.question_id, question.dimension,
        merged.start_seconds, merged.end_seconds, text, components, covered, missed, semantic_only, terms,
        red_flags, _total(components, red_flags), match_confidence, findings,
    )  # fmt: skip


def _reading(text: str, question: Question, language: Language) -> Respelled:
    """The text the rubric is matched on: Mandarin read back to the rubric's words where it sounds
    like them; English as it is."""
    if language != "zh":
        return Respelled(text, ())
    return respell(text, rubric_vocabulary(question, language))


def _total(components: Sequence[ComponentScore], red_flags: Sequence[str]) -> float:
    total = 100 * sum(COMPONENT_WEIGHTS[c.name] * c.score for c in components)
    if red_flags:
        total = min(total, RED_FLAG_CAP)
    return round(total, 2)


def _locate(
    text: str,
    sentences: Sequence[Sentence],
    question: Question,
    language: Language,
    embedder: Embedder | None,
) -> tuple[dict[str, int], dict[str, int], set[str], set[str]]:
    """Key points and red flags -> the sentence showing them; and which key points each method found."""
    lexical_points, lexical_flags = _lexical(sentences, question, language)
    point_sentence = dict(lexical_points)
    flag_sentence = dict(lexical_flags)
    semantic_points: set[str] = set()
    if embedder is not None and sentences:
        semantic = semantic_coverage(
            text,
            question,
            language,
            embedder,
            lexical_red_flag_sentences=sorted(set(lexical_flags.values())),
            sentences=sentences,
        )
        for hit in semantic.red_flags:
            if hit.counted and hit.sentence_index is not None:
                flag_sentence.setdefault(hit.target_id, hit.sentence_index)
        for hit in semantic.key_points:
            if hit.counted and hit.sentence_index is not None:
                semantic_points.add(hit.target_id)
                point_sentence.setdefault(hit.target_id, hit.sentence_index)
    # a key point shown only by a sentence that states a red flag is not covered
    flagged = set(flag_sentence.values())
    point_sentence = {k: v for k, v in point_sentence.items() if v not in flagged}
    return point_sentence, flag_sentence, set(lexical_points), semantic_points


def _findings(
    sentences: Sequence[Sentence],
    matched: Sequence[Sentence],
    reading: Respelled,
    *,
    pieces: Sequence[_Piece],
    point_sentence: Mapping[str, int],
    flag_sentence: Mapping[str, int],
    terms: Sequence[str],
    language: Language,
) -> tuple[Finding, ...]:
    """Evidence in the words as heard; `matched` (the sentences as read for matching) finds them."""
    findings: list[Finding] = []
    by_index = {s.index: s for s in sentences}
    for prefix, located in (("key_point", point_sentence), ("red_flag", flag_sentence)):
        for target, index in sorted(located.items(), key=lambda kv: (kv[1], kv[0])):
            start, end = _times(by_index[index], pieces)
            findings.append(Finding(f"{prefix}:{target}", by_index[index].text, start, end))
    for term in terms:
        holder = next((s for s in matched if count_phrase(normalise(s.text), term, language)), None)
        if holder is not None:
            start, end = _times(holder, pieces)
            findings.append(Finding(f"term:{term}", by_index[holder.index].text, start, end))
    for respelling in reading.respellings:
        said = next((s for s in sentences if s.start_char <= respelling.start < s.end_char), None)
        if said is not None:
            start, end = _times(said, pieces)
            signal = f"sound_alike:{respelling.heard}>{respelling.word}"
            findings.append(Finding(signal, said.text, start, end))
    for sentence in sentences:
        if is_hedge(sentence.text, language):
            start, end = _times(sentence, pieces)
            findings.append(Finding("hedge", sentence.text, start, end))
    return tuple(findings)
