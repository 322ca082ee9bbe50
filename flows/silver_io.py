"""Publishing silver tables behind their GX gate, and the stage records that make re-runs cheap.

A stage record `silver/_stages/<interview_id>/<stage>.json` says which input (media sha256) and which
model version and options produced the stage's tables. A re-run whose record matches skips the stage;
anything else recomputes it and replaces the interview's rows in one publish per table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from expectations.silver import validate_silver
from expectations.validate import ValidationReport
from hirelake.lake import Lake
from hirelake.schemas import SILVER_TABLES


class DataQualityError(RuntimeError):
    """A stage produced rows its GX suite refused; nothing of that stage was published."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"data-quality gate failed: {report.describe()}")
        self.report = report


@dataclass(frozen=True)
class StageRecord:
    interview_id: str
    stage: str
    media_sha256: str
    fingerprint: str  # hash of model id/version and options
    tables: dict[str, int]  # table -> rows published
    finished_at: str

    @property
    def key(self) -> str:
        return stage_record_key(self.interview_id, self.stage)


def stage_record_key(interview_id: str, stage: str) -> str:
    return f"silver/_stages/{interview_id}/{stage}.json"


def fingerprint(provenance: dict[str, Any]) -> str:
    """A stable hash of what determines a stage's output besides its input bytes."""
    text = json.dumps(provenance, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cached_stage(
    lake: Lake, interview_id: str, stage: str, media_sha256: str, stage_fingerprint: str
) -> bool:
    """True when this stage already ran on these bytes with this model and options."""
    key = stage_record_key(interview_id, stage)
    if not lake.exists(key):
        return False
    record = lake.get_json(key)
    return bool(record.get("media_sha256") == media_sha256 and record.get("fingerprint") == stage_fingerprint)


def publish_stage(
    lake: Lake,
    *,
    interview_id: str,
    stage: str,
    media_sha256: str,
    stage_fingerprint: str,
    tables: dict[str, pa.Table],
) -> StageRecord:
    """Validate every table first; publish only if all pass; then write the stage record last."""
    for name, table in tables.items():
        report = validate_silver(name, table)
        if not report.success:
            raise DataQualityError(report)
    for name, table in tables.items():
        lake.write_parquet(SILVER_TABLES[name].key(interview_id, stage), table)
    record = StageRecord(
        interview_id=interview_id,
        stage=stage,
        media_sha256=media_sha256,
        fingerprint=stage_fingerprint,
        tables={name: table.num_rows for name, table in tables.items()},
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    lake.put_json(record.key, asdict(record))
    return record
