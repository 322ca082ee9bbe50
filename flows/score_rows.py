"""An InterviewAssessment to the five score tables (the mapping only: no computation of its own)."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa

from flows.score_inputs import ScoringJob
from hirelake.schemas import ANSWER_SCORES, DIMENSION_SCORES, INTERVIEW_SCORES, RISK_FLAGS, SCORE_EVIDENCE
from hirelake.weights import WeightSet
from models.assessment import InterviewAssessment


def _weights_shown(
    assessment: InterviewAssessment, job: ScoringJob, weight_set: WeightSet
) -> dict[str, float]:
    """Each scored dimension's weight for the role; a folded dimension shows its target's share."""
    weights = weight_set.for_family(job.role_family)
    folds = weight_set.folds.get(job.role_family, {})
    return {
        d.dimension: weights[folds.get(d.dimension, d.dimension)]
        for d in assessment.dimension_scores
        if folds.get(d.dimension, d.dimension) in weights
    }


def score_tables(
    assessment: InterviewAssessment,
    job: ScoringJob,
    weight_set: WeightSet,
    report_key: str,
    scored_at: datetime,
) -> dict[str, pa.Table]:
    interview = job.interview
    base = {
        "interview_id": interview.interview_id,
        "media_sha256": interview.media_sha256,
        "score_key": job.score_key,
    }
    decision = assessment.decision
    summary = {
        **base,
        "candidate_id": interview.candidate_id,
        "position_id": interview.position_id,
        "role_family": job.role_family,
        "language": job.plan.language,
        "bank_id": job.plan.bank_id,
        "bank_version": job.plan.bank_version,
        "weights_version": weight_set.version,
        "scorer_version": assessment.versions.scorer,
        "embedder_model": assessment.versions.embedder,
        "speech_fingerprint": job.speech_fingerprint,
        "expression_used": assessment.expression_used,
        "total_score": decision.total,
        "recommendation": decision.recommendation,
        "needs_review": decision.needs_review,
        "review_reasons": list(decision.review_reasons),
        "flags": sorted({f.code for f in assessment.flags}),
        "report_key": report_key,
        "scored_at": scored_at,
    }
    weights = _weights_shown(assessment, job, weight_set)
    dimensions = [
        {
            **base,
            "dimension": d.dimension,
            "score": d.score,
            "weight": weights.get(d.dimension),
            "answer_count": d.answer_count,
        }
        for d in assessment.dimension_scores
    ]
    answers = [
        {
            **base,
            "answer_index": a.answer_index,
            "question_id": a.question_id,
            "dimension": a.dimension,
            "start_seconds": a.start_seconds,
            "end_seconds": max(a.end_seconds, a.start_seconds),
            "text": a.text,
            "coverage": a.coverage,
            "terms": a.terms,
            "structure": a.structure,
            "feasibility": a.feasibility,
            "communication": a.communication,
            "score": a.score,
            "key_points_covered": list(a.key_points_covered),
            "key_points_missed": list(a.key_points_missed),
            "domain_terms": list(a.domain_terms),
            "red_flags": list(a.red_flags),
            "match_confidence": a.match_confidence,
        }
        for a in assessment.answer_scores
    ]
    evidence = [
        {
            **base,
            "evidence_index": index,
            "dimension": e.dimension,
            "answer_index": e.answer_index,
            "question_id": e.question_id,
            "start_seconds": e.start_seconds,
            "end_seconds": max(e.end_seconds, e.start_seconds),
            "excerpt": e.excerpt,
            "signals": list(e.signals),
        }
        for index, e in enumerate(e for d in assessment.dimension_scores for e in d.evidence)
    ]
    flags = [
        {
            **base,
            "flag_index": index,
            "code": f.code,
            "severity": f.severity,
            "detail": f.detail,
            "question_id": f.question_id,
            "start_seconds": f.start_seconds,
            "end_seconds": f.end_seconds,
        }
        for index, f in enumerate(assessment.flags)
    ]
    return {
        INTERVIEW_SCORES.name: INTERVIEW_SCORES.conform([summary]),
        DIMENSION_SCORES.name: DIMENSION_SCORES.conform(dimensions),
        ANSWER_SCORES.name: ANSWER_SCORES.conform(answers),
        SCORE_EVIDENCE.name: SCORE_EVIDENCE.conform(evidence),
        RISK_FLAGS.name: RISK_FLAGS.conform(flags),
    }
