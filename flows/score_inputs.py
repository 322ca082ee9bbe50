"""Everything scoring reads about one interview, gathered from `silver/` and `raw/` (never the media).

Scores depend on the speech (and vision) stage outputs, the interview plan's bank version and the
scorer's configuration; the score key hashes exactly those, so a new weights version or scorer gives a
new score set while the media stages stay untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.interview import IngestedInterview
from flows.silver_io import fingerprint, stage_record_key
from hirelake.errors import HirelakeError
from hirelake.interview_plans import load_plan
from hirelake.lake import Lake
from hirelake.positions import PositionInfo
from hirelake.question_banks import load_bank
from hirelake.question_banks.selection import InterviewPlan
from hirelake.schemas import (
    ANSWER_FEATURES,
    INTEGRITY_EVENTS,
    SPEAKER_TURNS,
    TRANSCRIPT_SEGMENTS,
    TRANSCRIPT_WORDS,
    VISION_FRAMES,
)
from hirelake.weights import WeightSet
from models.assessment import (
    AnswerInput,
    AssessmentInput,
    ExpressionFrame,
    IntegrityInput,
    PromptInput,
    ScoringPolicy,
    SpeechCoverage,
)
from models.scoring_inputs import PROMPTS_VERSION, SpokenWord, prompts_from_words


class NotScorableError(HirelakeError):
    """The interview lacks something scoring needs; the message says what to provide."""


class NotAnalysedError(NotScorableError):
    """The speech stage has not finished (still pending, or held in quarantine with its own reason)."""


@dataclass(frozen=True)
class ScoringJob:
    interview: IngestedInterview
    plan: InterviewPlan
    role_family: str
    inputs: AssessmentInput
    speech_fingerprint: str
    score_key: str


def _rows(lake: Lake, key: str) -> list[dict[str, Any]]:
    return lake.read_parquet(key).to_pylist() if lake.exists(key) else []


def _stage_fingerprint(lake: Lake, interview_id: str, stage: str) -> str | None:
    key = stage_record_key(interview_id, stage)
    return str(lake.get_json(key)["fingerprint"]) if lake.exists(key) else None


def _speech_coverage(turns: list[dict[str, Any]], segments: list[dict[str, Any]]) -> SpeechCoverage:
    def candidate_seconds(rows: list[dict[str, Any]]) -> float:
        return float(sum(r["end_seconds"] - r["start_seconds"] for r in rows if r["role"] == "candidate"))

    return SpeechCoverage(round(candidate_seconds(turns), 2), round(candidate_seconds(segments), 2))


def _prompts(
    lake: Lake, interview_id: str, turns: list[dict[str, Any]], language: str
) -> tuple[PromptInput, ...]:
    """The interviewer's prompts from the words the diarization gave them (see `prompts_from_words`)."""
    interviewer = {str(r["speaker"]) for r in turns if r["role"] == "interviewer"}
    words = [
        SpokenWord(r["start_seconds"], r["end_seconds"], r["word"], r["speaker"])
        for r in _rows(lake, TRANSCRIPT_WORDS.key(interview_id, "speech"))
    ]
    return prompts_from_words(words, interviewer, "zh" if language == "zh" else "en")


def scoring_job(
    lake: Lake,
    interview: IngestedInterview,
    *,
    position: PositionInfo | None,
    weight_set: WeightSet,
    policy: ScoringPolicy,
    scorer_provenance: dict[str, str | None],
) -> ScoringJob:
    """Inputs and score key of one interview, or NotScorableError with what is missing."""
    interview_id = interview.interview_id
    speech = _stage_fingerprint(lake, interview_id, "speech")
    if speech is None:
        raise NotAnalysedError(
            f"interview {interview_id} has no speech analysis yet: run `hirelake process`, or see "
            "`hirelake quarantine list` for why it is held"
        )
    plan = load_plan(lake, interview_id)
    if plan is None:
        raise NotScorableError(
            f"interview {interview_id} has no interview plan (raw/interview_plans/{interview_id}.json): "
            "record which bank version and questions were asked, then score again"
        )
    role_family = position.role_family if position else None
    if role_family is None:
        raise NotScorableError(
            f"position {interview.position_id} of interview {interview_id} is not in the HRIS positions: "
            "run `hirelake hris sync` so its role family is known"
        )
    bank = load_bank(plan.bank_id, plan.bank_version)
    questions = tuple(bank.question(q) for q in plan.question_ids)
    vision = _stage_fingerprint(lake, interview_id, "vision")
    answers = [
        AnswerInput(
            answer_index=r["answer_index"],
            start_seconds=r["start_seconds"],
            end_seconds=r["end_seconds"],
            text=r["text"],
            language="zh" if r["language"] == "zh" else "en",
            speech_rate_per_minute=r["speech_rate_per_minute"],
            speech_rate_variation=r["speech_rate_variation"],
            pause_count=r["pause_count"],
            pause_seconds=r["pause_seconds"],
            filler_count=r["filler_count"],
            empathy_phrase_count=r["empathy_phrase_count"],
            structure_marker_count=r["structure_marker_count"],
            token_count=r["token_count"],
        )
        for r in _rows(lake, ANSWER_FEATURES.key(interview_id, "speech"))
    ]
    segments = _rows(lake, TRANSCRIPT_SEGMENTS.key(interview_id, "speech"))
    turns = _rows(lake, SPEAKER_TURNS.key(interview_id, "speech"))
    prompts = _prompts(lake, interview_id, turns, plan.language)
    events = [
        IntegrityInput(r["event_type"], r["start_seconds"], r["end_seconds"], r["stage"], r["detail"])
        for stage in ("speech", "vision")
        for r in _rows(lake, INTEGRITY_EVENTS.key(interview_id, stage))
    ]
    frames = [
        ExpressionFrame(r["time_seconds"], r["smile"], r["frown"])
        for r in _rows(lake, VISION_FRAMES.key(interview_id, "vision"))
    ]
    inputs = AssessmentInput(
        interview_id=interview_id,
        role_family=role_family,
        language=plan.language,
        questions=questions,
        bank_ref=bank.ref,
        answers=tuple(sorted(answers, key=lambda a: a.answer_index)),
        prompts=prompts,
        integrity_events=tuple(events),
        expression_frames=tuple(frames),
        speech_coverage=_speech_coverage(turns, segments),
    )
    key = fingerprint(
        {
            "speech": speech,
            "vision": vision,
            "media": interview.media_sha256,
            "plan": plan.model_dump(mode="json"),
            "role_family": role_family,
            "weights": weight_set.ref,
            "expression_allowed": policy.expression_allowed,
            "prompts": PROMPTS_VERSION,
            **scorer_provenance,
        }
    )
    return ScoringJob(interview, plan, role_family, inputs, speech, key)
