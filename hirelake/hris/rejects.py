"""Reading back the rows an HRIS sync quarantined, for people to fix at the source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hirelake.hris.store import SOURCE
from hirelake.lake import Lake

_KEY = re.compile(
    rf"^quarantine/{SOURCE}/(?P<entity>[^/]+)/load_date=(?P<day>\d{{4}}-\d{{2}}-\d{{2}})/rejected\.parquet$"
)


@dataclass(frozen=True)
class RejectedRow:
    load_date: str
    entity: str
    row: int
    key: str | None
    column: str
    reason: str
    original: str


def load_rejections(
    lake: Lake, *, entity: str | None = None, load_date: date | None = None
) -> list[RejectedRow]:
    """Rejected rows of one load date (default: the latest that has any), optionally of one entity."""
    prefix = f"quarantine/{SOURCE}/" + (f"{entity}/" if entity else "")
    found = [(m["day"], m["entity"], e.key) for e in lake.list(prefix) if (m := _KEY.match(e.key))]
    if not found:
        return []
    day = load_date.isoformat() if load_date else max(d for d, _, _ in found)
    rows: list[RejectedRow] = []
    for found_day, name, key in sorted(found):
        if found_day != day:
            continue
        for record in lake.read_parquet(key).to_pylist():
            rows.append(
                RejectedRow(
                    day,
                    name,
                    int(record["row"]),
                    record["key"],
                    str(record["column"]),
                    str(record["reason"]),
                    str(record["original"]),
                )
            )
    return rows
