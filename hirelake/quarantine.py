"""Quarantine: what failed, at which stage, why, and the input's hash, at `quarantine/<stage>/<id>.json`.

A quarantined item stops there and the rest of the run carries on; the record is what a person reads to
fix the input (or the code) before a re-run picks the item up again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from hirelake.lake import Lake

PREFIX = "quarantine"


@dataclass(frozen=True)
class QuarantineRecord:
    stage: str
    item_id: str
    reason: str
    input_sha256: str | None
    quarantined_at: str
    run_id: str | None = None

    @property
    def key(self) -> str:
        return f"{PREFIX}/{self.stage}/{self.item_id}.json"


def quarantine(
    lake: Lake,
    *,
    stage: str,
    item_id: str,
    reason: str,
    input_sha256: str | None,
    run_id: str | None = None,
) -> QuarantineRecord:
    record = QuarantineRecord(
        stage=stage,
        item_id=item_id,
        reason=reason,
        input_sha256=input_sha256,
        quarantined_at=datetime.now(UTC).isoformat(timespec="seconds"),
        run_id=run_id,
    )
    lake.put_json(record.key, asdict(record))
    return record


def release(lake: Lake, stage: str, item_id: str) -> None:
    """Forget a quarantine record once the item has gone through."""
    key = f"{PREFIX}/{stage}/{item_id}.json"
    if lake.exists(key):
        lake.delete(key)


def record_for(lake: Lake, stage: str, item_id: str) -> QuarantineRecord | None:
    key = f"{PREFIX}/{stage}/{item_id}.json"
    return QuarantineRecord(**lake.get_json(key)) if lake.exists(key) else None


def quarantined(lake: Lake, stage: str | None = None) -> list[QuarantineRecord]:
    """Every record (`quarantine/<stage>/<id>.json`); the kept inputs beside them are not records."""
    prefix = f"{PREFIX}/{stage}/" if stage else f"{PREFIX}/"
    return [
        QuarantineRecord(**lake.get_json(entry.key))
        for entry in lake.list(prefix)
        if entry.key.endswith(".json") and entry.key.count("/") == 2
    ]
