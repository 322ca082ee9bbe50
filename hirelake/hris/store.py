"""Where a sync's results live in the lake, and publishing them so a re-run changes nothing.

Accepted rows: `raw/hris/<entity>/load_date=YYYY-MM-DD/part-0000.parquet`, every column text, the
layout `raw_zone.land_csv` writes. Rejected rows: `quarantine/hris/<entity>/load_date=.../rejected.parquet`;
a refused table lands no raw object and files one row there (row 0, the whole table) with the reason.
The sync report `raw/hris/_syncs/<load_date>/<source-kind>.json` records each object's sha256: an object
whose bytes are unchanged is not written again, and an unchanged sync leaves even its report untouched.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from hirelake.errors import LakeError
from hirelake.hris.schema import ENTITIES
from hirelake.hris.steps import CheckedTable
from hirelake.lake import Lake
from hirelake.raw_zone import raw_table_key

SOURCE = "hris"


def quarantine_key(entity: str, load_date: date) -> str:
    return f"quarantine/{SOURCE}/{entity}/load_date={load_date.isoformat()}/rejected.parquet"


def report_key(load_date: date, source_kind: str) -> str:
    return f"raw/{SOURCE}/_syncs/{load_date.isoformat()}/{source_kind}.json"


def parquet_bytes(table: pa.Table) -> bytes:
    """The same writer settings as `Lake.write_parquet`; same rows, same bytes."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def accepted_table(checked: CheckedTable) -> pa.Table:
    columns = ENTITIES[checked.mapped.entity].column_names
    return pa.table(
        {c: pa.array([row.get(c) for row in checked.accepted], type=pa.string()) for c in columns}
    )


def rejected_table(checked: CheckedTable) -> pa.Table:
    rejections = checked.rejections
    return pa.table(
        {
            "row": pa.array([r.line for r in rejections], type=pa.int64()),
            "key": pa.array([r.key for r in rejections], type=pa.string()),
            "column": pa.array([r.column for r in rejections], type=pa.string()),
            "reason": pa.array([r.reason for r in rejections], type=pa.string()),
            "original": pa.array([r.original for r in rejections], type=pa.string()),
            "source_table": pa.array([checked.mapped.source_table] * len(rejections), type=pa.string()),
        }
    )


def entity_objects(checked: CheckedTable, load_date: date) -> dict[str, bytes]:
    """The objects one entity's sync produces (no quarantine object when nothing was rejected; no raw
    object for a refused table, so readers keep its last landed snapshot)."""
    entity = checked.mapped.entity
    objects: dict[str, bytes] = {}
    if checked.mapped.refused is None:
        objects[raw_table_key(SOURCE, entity, load_date)] = parquet_bytes(accepted_table(checked))
    if checked.rejections:
        objects[quarantine_key(entity, load_date)] = parquet_bytes(rejected_table(checked))
    return objects


@dataclass(frozen=True)
class StoredObject:
    key: str
    sha256: str
    size_bytes: int
    written: bool  # False: the same bytes were already there


def previous_objects(lake: Lake, load_date: date, source_kind: str) -> dict[str, dict[str, Any]]:
    """What the last sync of this day and source kind wrote, from its report (empty when none)."""
    key = report_key(load_date, source_kind)
    if not lake.exists(key):
        return {}
    document = lake.get_json(key)
    objects = document.get("objects") if isinstance(document, dict) else None
    return dict(objects) if isinstance(objects, dict) else {}


def publish(lake: Lake, objects: Mapping[str, bytes], previous: Mapping[str, Any]) -> list[StoredObject]:
    """Write each object unless the lake already holds exactly these bytes (by the last report)."""
    stored: list[StoredObject] = []
    for key, data in objects.items():
        digest = hashlib.sha256(data).hexdigest()
        known = previous.get(key)
        same = isinstance(known, dict) and known.get("sha256") == digest and _size(lake, key) == len(data)
        if not same:
            lake.put_bytes(key, data, "application/vnd.apache.parquet")
        stored.append(StoredObject(key, digest, len(data), written=not same))
    return stored


def _size(lake: Lake, key: str) -> int | None:
    return next((entry.size_bytes for entry in lake.list(key) if entry.key == key), None)


def remove_stale(lake: Lake, previous: Mapping[str, Any], current: set[str]) -> list[str]:
    """Objects the last sync of this day wrote that this one no longer produces (e.g. no rejects now)."""
    stale = sorted(set(previous) - current)
    for key in stale:
        try:
            lake.delete(key)
        except LakeError:
            if lake.exists(key):
                raise
    return stale
