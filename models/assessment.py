"""One interview's competency assessment: answers matched and scored, dimensions, decision, flags.

`assess_interview` composes the scoring stages (pure, deterministic; the embedder is the only model):

1. match each answer to a planned question (models/question_matching.py);
2. score each question's answer, pieces of a split answer together (models/answer_scoring.py);
3. dimension scores 0-100: the mean answer score of the dimension's planned questions, an unanswered
   question counting 0 (a missing answer costs points; its evidence is the missing_answer flag).
   Communication is scored for every role from the communication part of every matched answer
   (administrative weighs it, nurses fold it into professionalism); where questions measure
   communication directly, their answer scores make up half;
4. the decision with models/recommendation.py and the risk flags (models/risk_flags.py).

**Jurisdiction rule** (DOMAIN.md section 3): with `ScoringPolicy(expression_allowed=False)` the
expression frames are not read at all, so no expression signal reaches a score, evidence or flag;
where allowed they make up `EXPRESSION_WEIGHT` of each answer's communication part.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from hirelake.question_banks import Question
from hirelake.weights import WeightSet
from models.answer_scoring import (
    ANSWER_WEIGHTS_VERSION,
    AnswerScore,
    ComponentScore,
    expression_score,
    score_answer,
)
from models.embeddings import Embedder
from models.question_matching import MATCHING_VERSION, MatchResult, match_questions
from models.recommendation import Decision, decide
from models.risk_flags import RISK_FLAGS_VERSION, RiskFlag, risk_flags
from models.scoring_inputs import (
    AnswerInput,
    AssessmentInput,
    ExpressionFrame,
    IntegrityInput,
    PromptInput,
    SpeechCoverage,
)
from models.semantic import SEMANTIC_VERSION
from models.sound_alike import SOUND_VERSION

__all__ = [
    "SCORER_VERSION",
    "AnswerInput",
    "AnswerScore",
    "AssessmentInput",
    "AssessmentVersions",
    "ComponentScore",
    "DimensionScore",
    "Evidence",
    "ExpressionFrame",
    "IntegrityInput",
    "InterviewAssessment",
    "PromptInput",
    "RiskFlag",
    "ScoringPolicy",
    "SpeechCoverage",
    "assess_interview",
    "rescore",
]

SCORER_VERSION = "+".join(
    (
        "competency-scoring-1",
        ANSWER_WEIGHTS_VERSION,
        SEMANTIC_VERSION,
        MATCHING_VERSION,
        RISK_FLAGS_VERSION,
        SOUND_VERSION,
    )
)
COMMUNICATION = "communication"
# Where questions measure communication directly, their answer scores make up this share of the
# communication dimension; the communication parts of all answers make up the rest.
COMMUNICATION_QUESTION_SHARE = 0.5
EXCERPT_CHARS = 120


@dataclass(frozen=True)
class ScoringPolicy:
    """Jurisdiction settings scoring obeys. `expression_allowed=False` in the EU (AI Act art. 5(1)(f))."""

    expression_allowed: bool


@dataclass(frozen=True)
class Evidence:
    dimension: str
    answer_index: int
    question_id: str | None
    start_seconds: float
    end_seconds: float
    excerpt: str  # a short span of the transcript
    signals: tuple[str, ...]  # e.g. "key_point:assess_vitals", "term:triage", "fillers_per_minute:6.1"


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    score: float  # 0-100
    answer_count: int
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class AssessmentVersions:
    scorer: str
    embedder_model_id: str | None
    embedder_version: str | None
    bank_ref: str
    weights_ref: str

    @property
    def embedder(self) -> str | None:
        """`model_id@version` of the embedder, None when scoring ran lexical-only."""
        if self.embedder_model_id is None:
            return None
        return f"{self.embedder_model_id}@{self.embedder_version}"


@dataclass(frozen=True)
class InterviewAssessment:
    interview_id: str
    role_family: str
    answer_scores: tuple[AnswerScore, ...]
    dimension_scores: tuple[DimensionScore, ...]
    decision: Decision
    flags: tuple[RiskFlag, ...]
    versions: AssessmentVersions
    expression_used: bool

    def dimension(self, name: str) -> DimensionScore:
        for score in self.dimension_scores:
            if score.dimension == name:
                return score
        raise KeyError(f"{name} is not scored in {self.interview_id}")


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def _expression(
    pieces: Sequence[AnswerInput], frames: Sequence[ExpressionFrame], policy: ScoringPolicy
) -> float | None:
    if not policy.expression_allowed:
        return None  # the frames are not even read: nothing about expressions can leak
    inside = [f for f in frames if any(p.start_seconds <= f.time_seconds <= p.end_seconds for p in pieces)]
    smiles = [f.smile for f in inside if f.smile is not None]
    frowns = [f.frown for f in inside if f.frown is not None]
    return expression_score(smiles, frowns)


def _answer_evidence(dimension: str, answer: AnswerScore, *, parts: Sequence[str]) -> list[Evidence]:
    """One evidence per sentence that showed something, and one for the answer as a whole."""
    by_sentence: dict[tuple[str, float, float], list[str]] = {}
    for finding in answer.findings:
        key = (finding.sentence, finding.start_seconds, finding.end_seconds)
        by_sentence.setdefault(key, []).append(finding.signal)
    items = [
        Evidence(
            dimension, answer.answer_index, answer.question_id, start, end, _excerpt(sentence), tuple(signals)
        )
        for (sentence, start, end), signals in sorted(
            by_sentence.items(), key=lambda kv: (kv[0][1], kv[0][0])
        )
    ]
    summary = [f"answer_score:{answer.score:g}", f"match_confidence:{answer.match_confidence:g}"]
    for component in answer.components:
        if component.name in parts:
            summary.append(f"{component.name}:{component.score:g}")
            summary.extend(component.signals)
    items.append(
        Evidence(
            dimension, answer.answer_index, answer.question_id, answer.start_seconds, answer.end_seconds,
            _excerpt(answer.text), tuple(summary),
        )
    )  # fmt: skip
    return items


def _dimension_order(questions: Sequence[Question], weighted: Sequence[str]) -> list[str]:
    order: list[str] = []
    for name in [*(q.dimension for q in questions), COMMUNICATION, *weighted]:
        if name not in order:
            order.append(name)
    return order


def _dimensions(
    questions: Sequence[Question],
    scored: dict[str, AnswerScore],
    matched: Sequence[AnswerScore],
    weighted: Sequence[str],
) -> tuple[DimensionScore, ...]:
    result: list[DimensionScore] = []
    for dimension in _dimension_order(questions, weighted):
        planned = [q for q in questions if q.dimension == dimension]
        values = [scored[q.question_id].score if q.question_id in scored else 0.0 for q in planned]
        evidence: list[Evidence] = []
        for q in planned:
            if q.question_id in scored:
                content = ("coverage", "feasibility", "domain_terms", "structure", "red_flags")
                parts = (*content, COMMUNICATION) if dimension == COMMUNICATION else content
                evidence += _answer_evidence(dimension, scored[q.question_id], parts=parts)
        answered = sum(1 for q in planned if q.question_id in scored)
        if dimension == COMMUNICATION:
            communication = [100 * a.communication for a in matched]
            for answer in matched:
                if answer.dimension != COMMUNICATION:
                    evidence += _answer_evidence(dimension, answer, parts=(COMMUNICATION,))[-1:]
            from_parts = fmean(communication) if communication else 0.0
            if values:
                share = COMMUNICATION_QUESTION_SHARE
                score = share * fmean(values) + (1 - share) * from_parts
            else:
                score = from_parts
            count = len(matched)
        else:
            score = fmean(values) if values else 0.0
            count = answered
        result.append(DimensionScore(dimension, round(score, 2), count, tuple(evidence)))
    return tuple(result)


def _score_answers(
    inputs: AssessmentInput,
    matches: MatchResult,
    policy: ScoringPolicy,
    embedder: Embedder | None,
) -> tuple[dict[str, AnswerScore], list[AnswerScore], bool]:
    by_index = {a.answer_index: a for a in inputs.answers}
    groups: dict[int, list[AnswerInput]] = {}
    confidences: dict[int, float] = {}
    loose: list[tuple[AnswerInput, float]] = []
    for match in matches.matches:
        answer = by_index[match.answer_index]
        if match.question_index is None:
            loose.append((answer, match.confidence))
            continue
        groups.setdefault(match.question_index, []).append(answer)
        # a question's confidence is its weakest piece's
        confidences[match.question_index] = min(confidences.get(match.question_index, 1.0), match.confidence)
    scored: dict[str, AnswerScore] = {}
    everything: list[AnswerScore] = []
    expression_used = False
    for index in sorted(groups):
        question = inputs.questions[index]
        pieces = groups[index]
        expression = _expression(pieces, inputs.expression_frames, policy)
        expression_used = expression_used or expression is not None
        score = score_answer(
            pieces, question, embedder=embedder, expression=expression, match_confidence=confidences[index]
        )
        scored[question.question_id] = score
        everything.append(score)
    for answer, confidence in loose:
        # not an answer to a planned question: shown, never scored into a dimension, no expression read
        everything.append(score_answer([answer], None, embedder=embedder, match_confidence=confidence))
    everything.sort(key=lambda a: (a.start_seconds, a.answer_index))
    return scored, everything, expression_used


def _reviewed_first_when_transcript_incomplete(decision: Decision, flags: Sequence[RiskFlag]) -> Decision:
    """Scores built on a transcript that lost much of the candidate's speech go to review first."""
    lost = [f.detail for f in flags if f.code == "incomplete_transcript"]
    if not lost:
        return decision
    return dataclasses.replace(decision, needs_review=True, review_reasons=(*decision.review_reasons, *lost))


def assess_interview(
    inputs: AssessmentInput,
    weight_set: WeightSet,
    policy: ScoringPolicy,
    embedder: Embedder | None,
) -> InterviewAssessment:
    """Score one interview. Without an embedder, coverage and matching are lexical / fuzzy only."""
    matches = match_questions(inputs.questions, inputs.answers, inputs.prompts, inputs.language, embedder)
    scored, all_scores, expression_used = _score_answers(inputs, matches, policy, embedder)
    weighted = list(weight_set.for_family(inputs.role_family))
    matched = [a for a in all_scores if a.question_id is not None]
    dimensions = _dimensions(inputs.questions, scored, matched, weighted)
    measured = {q.dimension for q in inputs.questions} | {COMMUNICATION}
    folds = weight_set.folds.get(inputs.role_family, {})
    unmeasured = [d for d in weighted if d not in measured and d not in folds.values()]
    flags = risk_flags(
        inputs.questions,
        matched,
        inputs.integrity_events,
        inputs.language,
        unmeasured_dimensions=unmeasured,
        speech_coverage=inputs.speech_coverage,
    )
    decision = _reviewed_first_when_transcript_incomplete(
        decide({d.dimension: d.score for d in dimensions}, inputs.role_family, weight_set), flags
    )
    versions = AssessmentVersions(
        scorer=SCORER_VERSION,
        embedder_model_id=embedder.model_id if embedder is not None else None,
        embedder_version=embedder.version if embedder is not None else None,
        bank_ref=inputs.bank_ref,
        weights_ref=weight_set.ref,
    )
    return InterviewAssessment(
        interview_id=inputs.interview_id,
        role_family=inputs.role_family,
        answer_scores=tuple(all_scores),
        dimension_scores=dimensions,
        decision=decision,
        flags=flags,
        versions=versions,
        expression_used=expression_used,
    )


def rescore(assessment: InterviewAssessment, weight_set: WeightSet, role_family: str) -> InterviewAssessment:
    """The same dimension scores decided under another weight set (or role family); answers untouched."""
    decision = decide({d.dimension: d.score for d in assessment.dimension_scores}, role_family, weight_set)
    versions = dataclasses.replace(assessment.versions, weights_ref=weight_set.ref)
    return dataclasses.replace(assessment, role_family=role_family, decision=decision, versions=versions)
