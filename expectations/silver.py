"""Suites for the `silver/` tables, derived from their Arrow schemas plus each table's own rules."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from hirelake.schemas import SILVER_TABLES, SilverTable

_SHA256 = r"^[0-9a-f]{64}$"
_ROLES = ["interviewer", "candidate", "other"]
_EVENTS = ["second_voice", "second_face", "face_absent", "looking_away", "long_silence"]
_RECOMMENDATIONS = ["recommend", "hold", "not_recommended"]
_SEVERITIES = ["high", "medium", "low"]
_DIMENSIONS = ["knowledge", "clinical_skill", "professionalism", "communication", "teamwork"]


def _schema_expectations(table: SilverTable) -> list[Any]:
    import great_expectations as gx

    expectations: list[Any] = [
        gx.expectations.ExpectColumnToExist(column=field.name) for field in table.schema
    ]
    expectations += [
        gx.expectations.ExpectColumnValuesToNotBeNull(column=field.name)
        for field in table.schema
        if not field.nullable
    ]
    if len(table.key_columns) == 1:
        expectations.append(gx.expectations.ExpectColumnValuesToBeUnique(column=table.key_columns[0]))
    else:
        expectations.append(
            gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=list(table.key_columns))
        )
    expectations.append(gx.expectations.ExpectColumnValuesToMatchRegex(column="media_sha256", regex=_SHA256))
    if {"start_seconds", "end_seconds"} <= set(table.schema.names):
        expectations.append(
            gx.expectations.ExpectColumnValuesToBeBetween(column="start_seconds", min_value=0)
        )
        expectations.append(
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="end_seconds", column_B="start_seconds", or_equal=True
            )
        )
    return expectations


def _table_rules(table: SilverTable) -> list[Any]:
    import great_expectations as gx

    e = gx.expectations
    rules: dict[str, list[Any]] = {
        "media_ingest": [
            e.ExpectColumnValuesToBeBetween(column="duration_seconds", min_value=0, strict_min=True),
            e.ExpectColumnValuesToBeBetween(column="size_bytes", min_value=1),
            e.ExpectColumnValuesToBeInSet(column="has_audio", value_set=[True]),
            e.ExpectColumnValuesToBeInSet(column="consent_status", value_set=["granted"]),
        ],
        "transcript_segments": [e.ExpectColumnValuesToBeInSet(column="role", value_set=_ROLES)],
        "transcript_words": [e.ExpectColumnValuesToBeBetween(column="probability", min_value=0, max_value=1)],
        "speaker_turns": [e.ExpectColumnValuesToBeInSet(column="role", value_set=_ROLES)],
        "vision_frames": [
            e.ExpectColumnValuesToBeBetween(column="face_count", min_value=0, max_value=20),
            e.ExpectColumnValuesToBeBetween(column="time_seconds", min_value=0),
            e.ExpectColumnValuesToBeBetween(column="smile", min_value=0, max_value=1),
            e.ExpectColumnValuesToBeBetween(column="frown", min_value=0, max_value=1),
        ],
        "integrity_events": [e.ExpectColumnValuesToBeInSet(column="event_type", value_set=_EVENTS)],
        "answer_features": [
            e.ExpectColumnValuesToBeBetween(column="speech_rate_per_minute", min_value=0, max_value=1000),
            e.ExpectColumnValuesToBeBetween(column="pause_seconds", min_value=0),
            e.ExpectColumnValuesToBeBetween(column="filler_count", min_value=0),
        ],
        "interview_scores": [
            e.ExpectColumnValuesToBeBetween(column="total_score", min_value=0, max_value=100),
            e.ExpectColumnValuesToBeInSet(column="recommendation", value_set=_RECOMMENDATIONS),
            e.ExpectColumnValuesToBeInSet(column="language", value_set=["zh", "en"]),
        ],
        "dimension_scores": [
            e.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=100),
            e.ExpectColumnValuesToBeBetween(column="weight", min_value=0, max_value=100),
            e.ExpectColumnValuesToBeInSet(column="dimension", value_set=_DIMENSIONS),
        ],
        "answer_scores": [
            e.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=100),
            *(
                e.ExpectColumnValuesToBeBetween(column=part, min_value=0, max_value=1)
                for part in ("coverage", "terms", "structure", "feasibility", "communication")
            ),
        ],
        "score_evidence": [e.ExpectColumnValuesToBeInSet(column="dimension", value_set=_DIMENSIONS)],
        "risk_flags": [e.ExpectColumnValuesToBeInSet(column="severity", value_set=_SEVERITIES)],
    }
    return rules.get(table.name, [])


def silver_suite(name: str) -> Any:
    """The GX suite for one silver table (`SILVER_TABLES` names)."""
    import great_expectations as gx

    from expectations.validate import gx_context

    gx_context()
    table = SILVER_TABLES[name]
    suite = gx.ExpectationSuite(name=f"silver.{name}")
    for expectation in _schema_expectations(table) + _table_rules(table):
        suite.add_expectation(expectation)
    return suite


def validate_silver(name: str, table: pa.Table) -> Any:
    from expectations.validate import validate

    silver = SILVER_TABLES[name]
    return validate(table.to_pandas(), silver_suite(name), silver.key_columns)
