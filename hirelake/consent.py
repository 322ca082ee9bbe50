"""Consent on record, read from the HRIS consent extracts in `raw/hris/consents/`.

Two purposes matter to the pipeline: `ai_evaluation` (no consent, no AI processing at all) and
`biometric_processing` (PIPL treats face data as sensitive: without this separate consent the vision
stage does not run). The latest record per candidate and purpose wins; anything unreadable counts
as no consent, never as consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hirelake.lake import Lake

ConsentStatus = Literal["granted", "refused", "missing"]
AI_EVALUATION = "ai_evaluation"
BIOMETRIC = "biometric_processing"
_TRUE = {"true", "1", "yes", "y", "是"}


@dataclass(frozen=True)
class ConsentRegistry:
    latest: dict[tuple[str, str], bool]  # (candidate_id, purpose) -> granted

    def status(self, candidate_id: str, purpose: str) -> ConsentStatus:
        granted = self.latest.get((candidate_id, purpose))
        if granted is None:
            return "missing"
        return "granted" if granted else "refused"

    @classmethod
    def from_lake(cls, lake: Lake) -> ConsentRegistry:
        glob = lake.uri("raw/hris/consents/*/*.parquet")
        if not any(True for _ in lake.list("raw/hris/consents/")):
            return cls({})
        connection = lake.duckdb()
        try:
            rows = connection.execute(
                f"""
                select candidate_id, purpose, lower(trim(granted)) as granted
                from read_parquet('{glob}', union_by_name = true)
                where candidate_id is not null and purpose is not null
                qualify row_number() over (
                    partition by candidate_id, purpose
                    order by try_cast(recorded_at as timestamp) desc nulls last
                ) = 1
                """  # noqa: S608 - the glob is built from our own bucket name, not user input
            ).fetchall()
        finally:
            connection.close()
        return cls({(str(c), str(p)): str(g) in _TRUE for c, p, g in rows})
