"""The lake's `silver/` tables: one Arrow schema each, the contract between flows, GX suites and dbt.

Every silver table carries `interview_id` and `media_sha256`; the rows of one interview and stage are
published as one Parquet object at `silver/<table>/interview_id=<id>/<stage>.parquet`, so re-processing
an interview replaces exactly its own rows and never duplicates them (a table two stages write, such
as integrity events, holds one object per stage).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyarrow as pa

_KEY = [
    pa.field("interview_id", pa.string(), nullable=False),
    pa.field("media_sha256", pa.string(), nullable=False),
]


@dataclass(frozen=True)
class SilverTable:
    name: str
    schema: pa.Schema
    key_columns: tuple[str, ...]  # unique together within one interview
    description: str

    def key(self, interview_id: str, stage: str) -> str:
        return f"silver/{self.name}/interview_id={interview_id}/{stage}.parquet"

    def glob(self, bucket: str) -> str:
        return f"s3://{bucket}/silver/{self.name}/*/*.parquet"

    def empty(self) -> pa.Table:
        return self.schema.empty_table()

    def conform(self, rows: Sequence[Mapping[str, object]]) -> pa.Table:
        """Rows to a table with exactly this schema (columns in order, types cast, extras refused)."""
        names = set(self.schema.names)
        for row in rows:
            extra = set(row) - names
            if extra:
                raise ValueError(f"{self.name}: unexpected columns {sorted(extra)}")
        return pa.Table.from_pylist([dict(row) for row in rows], schema=self.schema)


def _table(name: str, fields: list[pa.Field], key: tuple[str, ...], description: str) -> SilverTable:
    return SilverTable(name, pa.schema(_KEY + fields), ("interview_id", *key), description)


MEDIA_INGEST = _table(
    "media_ingest",
    [
        pa.field("candidate_id", pa.string(), nullable=False),
        pa.field("position_id", pa.string()),
        pa.field("media_key", pa.string(), nullable=False),
        pa.field("original_name", pa.string()),
        pa.field("container", pa.string(), nullable=False),
        pa.field("size_bytes", pa.int64(), nullable=False),
        pa.field("duration_seconds", pa.float64(), nullable=False),
        pa.field("has_audio", pa.bool_(), nullable=False),
        pa.field("has_video", pa.bool_(), nullable=False),
        pa.field("width", pa.int32()),
        pa.field("height", pa.int32()),
        pa.field("fps", pa.float64()),
        pa.field("consent_status", pa.string(), nullable=False),
        pa.field("ingested_at", pa.timestamp("us", tz="UTC"), nullable=False),
    ],
    (),
    "One row per accepted recording: what was probed before anything else ran.",
)

TRANSCRIPT_SEGMENTS = _table(
    "transcript_segments",
    [
        pa.field("segment_index", pa.int32(), nullable=False),
        pa.field("start_seconds", pa.float64(), nullable=False),
        pa.field("end_seconds", pa.float64(), nullable=False),
        pa.field("speaker", pa.string()),
        pa.field("role", pa.string()),  # interviewer | candidate | other
        pa.field("text", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
        pa.field("avg_logprob", pa.float64()),
        pa.field("no_speech_prob", pa.float64()),
        pa.field("model_id", pa.string(), nullable=False),
    ],
    ("segment_index",),
    "Transcript segments with times, speaker and role.",
)

TRANSCRIPT_WORDS = _table(
    "transcript_words",
    [
        pa.field("segment_index", pa.int32(), nullable=False),
        pa.field("word_index", pa.int32(), nullable=False),
        pa.field("start_seconds", pa.float64(), nullable=False),
        pa.field("end_seconds", pa.float64(), nullable=False),
        pa.field("word", pa.string(), nullable=False),
        pa.field("probability", pa.float64()),
        pa.field("speaker", pa.string()),
    ],
    ("segment_index", "word_index"),
    "Words with times, assigned to speakers.",
)

SPEAKER_TURNS = _table(
    "speaker_turns",
    [
        pa.field("turn_index", pa.int32(), nullable=False),
        pa.field("start_seconds", pa.float64(), nullable=False),
        pa.field("end_seconds", pa.float64(), nullable=False),
        pa.field("speaker", pa.string(), nullable=False),
        pa.field("role", pa.string(), nullable=False),
        pa.field("backend", pa.string(), nullable=False),
    ],
    ("turn_index",),
    "Who spoke when (diarization), with the interviewer/candidate role.",
)

VISION_FRAMES = _table(
    "vision_frames",
    [
        pa.field("frame_index", pa.int32(), nullable=False),
        pa.field("time_seconds", pa.float64(), nullable=False),
        pa.field("face_count", pa.int32(), nullable=False),
        pa.field("gaze_on_camera", pa.bool_()),
        pa.field("head_yaw_degrees", pa.float64()),
        pa.field("head_pitch_degrees", pa.float64()),
        pa.field("head_movement", pa.float64()),
        # Expression measures stay null where the jurisdiction forbids them (EU AI Act art. 5(1)(f)).
        pa.field("smile", pa.float64()),
        pa.field("frown", pa.float64()),
    ],
    ("frame_index",),
    "Sampled video frames: face presence, gaze, head pose, expressions where allowed.",
)

INTEGRITY_EVENTS = _table(
    "integrity_events",
    [
        pa.field("event_index", pa.int32(), nullable=False),
        pa.field("event_type", pa.string(), nullable=False),  # second_voice | second_face | face_absent | ...
        pa.field("start_seconds", pa.float64(), nullable=False),
        pa.field("end_seconds", pa.float64(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
    ],
    ("event_index",),
    "Integrity and quality events with their times.",
)

ANSWER_FEATURES = _table(
    "answer_features",
    [
        pa.field("answer_index", pa.int32(), nullable=False),
        pa.field("start_seconds", pa.float64(), nullable=False),
        pa.field("end_seconds", pa.float64(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("token_count", pa.int32(), nullable=False),
        pa.field("speech_rate_per_minute", pa.float64(), nullable=False),
        pa.field("speech_rate_variation", pa.float64()),
        pa.field("pause_count", pa.int32(), nullable=False),
        pa.field("pause_seconds", pa.float64(), nullable=False),
        pa.field("filler_count", pa.int32(), nullable=False),
        pa.field("domain_terms", pa.list_(pa.string()), nullable=False),
        pa.field("empathy_phrase_count", pa.int32(), nullable=False),
        pa.field("structure_marker_count", pa.int32(), nullable=False),
    ],
    ("answer_index",),
    "Language features per candidate answer.",
)

# Scores: one object set per interview and score key, where the key hashes what the scores depend on
# (the speech stage's output, bank version, weights version, scorer and embedder versions). A new
# weights version adds a score set beside the old one; the current one is the latest `scored_at`.
_SCORE_KEY = pa.field("score_key", pa.string(), nullable=False)

INTERVIEW_SCORES = _table(
    "interview_scores",
    [
        _SCORE_KEY,
        pa.field("candidate_id", pa.string(), nullable=False),
        pa.field("position_id", pa.string()),
        pa.field("role_family", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
        pa.field("bank_id", pa.string(), nullable=False),
        pa.field("bank_version", pa.int32(), nullable=False),
        pa.field("weights_version", pa.int32(), nullable=False),
        pa.field("scorer_version", pa.string(), nullable=False),
        pa.field("embedder_model", pa.string()),
        pa.field("speech_fingerprint", pa.string(), nullable=False),
        pa.field("expression_used", pa.bool_(), nullable=False),
        pa.field("total_score", pa.float64(), nullable=False),
        pa.field("recommendation", pa.string(), nullable=False),
        pa.field("needs_review", pa.bool_(), nullable=False),
        pa.field("review_reasons", pa.list_(pa.string()), nullable=False),
        pa.field("flags", pa.list_(pa.string()), nullable=False),
        pa.field("report_key", pa.string(), nullable=False),
        pa.field("scored_at", pa.timestamp("us", tz="UTC"), nullable=False),
    ],
    ("score_key",),
    "One row per interview and score key: total, recommendation, review need, versions.",
)

DIMENSION_SCORES = _table(
    "dimension_scores",
    [
        _SCORE_KEY,
        pa.field("dimension", pa.string(), nullable=False),
        pa.field("score", pa.float64(), nullable=False),
        pa.field("weight", pa.float64()),  # the role's weight after folding; null: shown, not weighed
        pa.field("answer_count", pa.int32(), nullable=False),
    ],
    ("score_key", "dimension"),
    "Competency dimension scores 0-100 with the weight each carries for the role.",
)

ANSWER_SCORES = _table(
    "answer_scores",
    [
        _SCORE_KEY,
        pa.field("answer_index", pa.int32(), nullable=False),
        pa.field("question_id", pa.string()),
        pa.field("dimension", pa.string()),
        pa.field("start_seconds", pa.float64(), nullable=False),
        pa.field("end_seconds", pa.float64(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("coverage", pa.float64(), nullable=False),
        pa.field("terms", pa.float64(), nullable=False),
        pa.field("structure", pa.float64(), nullable=False),
        pa.field("feasibility", pa.float64(), nullable=False),
        pa.field("communication", pa.float64(), nullable=False),
        pa.field("score", pa.float64(), nullable=False),
        pa.field("key_points_covered", pa.list_(pa.string()), nullable=False),
        pa.field("key_points_missed", pa.list_(pa.string()), nullable=False),
        pa.field("domain_terms", pa.list_(pa.string()), nullable=False),
        pa.field("red_flags", pa.list_(pa.string()), nullable=False),
        pa.field("match_confidence", pa.float64(), nullable=False),
    ],
    ("score_key", "answer_index"),
    "Per answer: the question it answers, rubric coverage and its component scores.",
)

SCORE_EVIDENCE = _table(
    "score_evidence",
    [
        _SCORE_KEY,
        pa.field("evidence_index", pa.int32(), nullable=False),
        pa.field("dimension", pa.string(), nullable=False),
        pa.field("answer_index", pa.int32()),
        pa.field("question_id", pa.string()),
        pa.field("start_seconds", pa.float64(), nullable=False),
        pa.field("end_seconds", pa.float64(), nullable=False),
        pa.field("excerpt", pa.string(), nullable=False),
        pa.field("signals", pa.list_(pa.string()), nullable=False),
    ],
    ("score_key", "evidence_index"),
    "What each dimension score rests on: answer spans with times and the signals found in them.",
)

RISK_FLAGS = _table(
    "risk_flags",
    [
        _SCORE_KEY,
        pa.field("flag_index", pa.int32(), nullable=False),
        pa.field("code", pa.string(), nullable=False),
        pa.field("severity", pa.string(), nullable=False),
        pa.field("detail", pa.string(), nullable=False),
        pa.field("question_id", pa.string()),
        pa.field("start_seconds", pa.float64()),
        pa.field("end_seconds", pa.float64()),
    ],
    ("score_key", "flag_index"),
    "Risk flags: compliance misunderstanding, integrity events, missing answers.",
)

SCORE_TABLES = (INTERVIEW_SCORES, DIMENSION_SCORES, ANSWER_SCORES, SCORE_EVIDENCE, RISK_FLAGS)

SILVER_TABLES: dict[str, SilverTable] = {
    table.name: table
    for table in (
        MEDIA_INGEST,
        TRANSCRIPT_SEGMENTS,
        TRANSCRIPT_WORDS,
        SPEAKER_TURNS,
        VISION_FRAMES,
        INTEGRITY_EVENTS,
        ANSWER_FEATURES,
        *SCORE_TABLES,
    )
}
