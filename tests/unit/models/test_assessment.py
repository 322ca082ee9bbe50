"""The interview assessment: determinism, the jurisdiction rule, re-scoring, missing answers, provenance."""

from __future__ import annotations

import dataclasses

import pytest

from hirelake.question_banks import load_bank
from hirelake.weights import WeightSet, load_weights
from models.assessment import (
    SCORER_VERSION,
    ExpressionFrame,
    InterviewAssessment,
    ScoringPolicy,
    SpeechCoverage,
    assess_interview,
    rescore,
)
from models.embeddings import Embedder

from .scripted import Scripted, scripted_interview

WEIGHTS = load_weights(1)
EU = ScoringPolicy(expression_allowed=False)
CN = ScoringPolicy(expression_allowed=True)


def _frames(run: Scripted, smile: float, frown: float) -> tuple[ExpressionFrame, ...]:
    end = max(a.end_seconds for a in run.input.answers)
    return tuple(ExpressionFrame(t * 0.5, smile, frown) for t in range(int(end * 2)))


def test_same_input_gives_an_equal_assessment(embedder: Embedder) -> None:
    run = scripted_interview(
        load_bank("nurse_emergency"), "zh", "medium", 11, misread=True, integrity_case=True
    )
    first = assess_interview(run.input, WEIGHTS, CN, embedder)
    again = assess_interview(run.input, WEIGHTS, CN, embedder)
    assert first == again
    assert repr(first) == repr(again)


def test_expression_moves_scores_only_where_the_jurisdiction_allows_it(embedder: Embedder) -> None:
    run = scripted_interview(load_bank("nurse_emergency"), "en", "medium", 12)
    smiling = dataclasses.replace(run.input, expression_frames=_frames(run, smile=0.9, frown=0.0))
    frowning = dataclasses.replace(run.input, expression_frames=_frames(run, smile=0.0, frown=0.9))

    eu_smiling = assess_interview(smiling, WEIGHTS, EU, embedder)
    eu_frowning = assess_interview(frowning, WEIGHTS, EU, embedder)
    eu_none = assess_interview(run.input, WEIGHTS, EU, embedder)
    assert eu_smiling == eu_frowning == eu_none  # the whole assessment: scores, evidence, flags, decision
    assert not eu_smiling.expression_used
    assert "expression:" not in repr(eu_smiling)

    cn_smiling = assess_interview(smiling, WEIGHTS, CN, embedder)
    cn_frowning = assess_interview(frowning, WEIGHTS, CN, embedder)
    assert cn_smiling.expression_used
    assert cn_smiling != cn_frowning
    assert cn_smiling.dimension("communication").score > cn_frowning.dimension("communication").score
    # small by design: at most EXPRESSION_WEIGHT of the communication part
    assert abs(cn_smiling.decision.total - cn_frowning.decision.total) < 3


def test_rescore_with_other_weights_keeps_the_answers(embedder: Embedder) -> None:
    run = scripted_interview(load_bank("clinical_physician_emergency"), "en", "strong", 13)
    assessment = assess_interview(run.input, WEIGHTS, EU, embedder)
    knowledge_only = WeightSet(
        version=99, thresholds=WEIGHTS.thresholds,
        role_families={"clinical_physician": {"knowledge": 100.0}},
    )  # fmt: skip
    other = rescore(assessment, knowledge_only, "clinical_physician")
    assert other.answer_scores == assessment.answer_scores
    assert other.dimension_scores == assessment.dimension_scores
    assert other.decision.total == pytest.approx(assessment.dimension("knowledge").score, abs=0.01)
    assert other.versions.weights_ref == "weights@99"
    assert rescore(other, WEIGHTS, "clinical_physician") == assessment


def test_a_missing_answer_costs_points_and_is_flagged(embedder: Embedder) -> None:
    run = scripted_interview(load_bank("nurse_ward"), "en", "strong", 14)
    full = assess_interview(run.input, WEIGHTS, EU, embedder)
    skipped = run.input.questions[0]
    keep = [
        a
        for a, q in zip(run.input.answers, run.truth.answer_questions, strict=True)
        if q != skipped.question_id
    ]
    partial = assess_interview(dataclasses.replace(run.input, answers=tuple(keep)), WEIGHTS, EU, embedder)
    assert partial.decision.total < full.decision.total
    assert partial.dimension(skipped.dimension).score < full.dimension(skipped.dimension).score
    missing = [f for f in partial.flags if f.code == "missing_answer"]
    assert [f.question_id for f in missing] == [skipped.question_id]
    nothing = assess_interview(dataclasses.replace(run.input, answers=()), WEIGHTS, EU, embedder)
    assert all(d.score == 0 for d in nothing.dimension_scores)
    assert nothing.decision.recommendation == "not_recommended"


def test_a_transcript_that_lost_speech_goes_to_review_first(embedder: Embedder) -> None:
    run = scripted_interview(load_bank("nurse_ward"), "en", "strong", 15)
    heard = run.input.answers[:1]  # speech recognition kept one answer of the candidate's 80 s
    lost = dataclasses.replace(run.input, answers=heard, speech_coverage=SpeechCoverage(80.0, 20.0))
    assessment = assess_interview(lost, WEIGHTS, EU, embedder)
    flag = next(f for f in assessment.flags if f.code == "incomplete_transcript")
    assert flag.severity == "high" and "20 s of the candidate's 80 s" in flag.detail
    assert assessment.decision.needs_review and flag.detail in assessment.decision.review_reasons
    for coverage in (SpeechCoverage(80.0, 70.0), SpeechCoverage(8.0, 1.0)):  # kept; too little to judge
        other = assess_interview(dataclasses.replace(lost, speech_coverage=coverage), WEIGHTS, EU, embedder)
        assert "incomplete_transcript" not in {f.code for f in other.flags}


@pytest.mark.parametrize("bank_id", ["nurse_emergency", "administrative", "clinical_physician_cardiology"])
def test_communication_is_scored_for_every_role(bank_id: str, embedder: Embedder) -> None:
    bank = load_bank(bank_id)
    run = scripted_interview(bank, "zh", "strong", 15)
    assessment = assess_interview(run.input, WEIGHTS, EU, embedder)
    communication = assessment.dimension("communication")
    assert communication.score > 0 and communication.answer_count >= 1
    summaries = [e for e in communication.evidence if any(s.startswith("answer_score:") for s in e.signals)]
    assert len(summaries) == communication.answer_count
    assert all(any(s.startswith("fillers_per_minute:") for s in e.signals) for e in summaries)
    if bank.role_family == "nurse":
        assert "communication" not in assessment.decision.dimension_scores  # folded into professionalism


def test_evidence_links_scores_to_spans_and_versions_are_recorded(embedder: Embedder) -> None:
    bank = load_bank("nurse_emergency")
    run = scripted_interview(bank, "en", "strong", 16)
    assessment: InterviewAssessment = assess_interview(run.input, WEIGHTS, EU, embedder)
    assert assessment.versions.scorer == SCORER_VERSION
    assert assessment.versions.bank_ref == bank.ref
    assert assessment.versions.weights_ref == "weights@1"
    assert assessment.versions.embedder == f"{embedder.model_id}@{embedder.version}"
    for dimension in assessment.dimension_scores:
        for evidence in dimension.evidence:
            assert evidence.start_seconds <= evidence.end_seconds
            assert 0 < len(evidence.excerpt) <= 120
    signals = {s for d in assessment.dimension_scores for e in d.evidence for s in e.signals}
    assert any(s.startswith("key_point:") for s in signals)
    assert any(s.startswith("term:") for s in signals)
    lexical = assess_interview(run.input, WEIGHTS, EU, None)
    assert lexical.versions.embedder is None
    assert lexical.decision.recommendation == assessment.decision.recommendation
