"""Landing files in the lake's raw zone exactly as they were received.

Raw keeps what the source sent, defects included: every CSV column lands as text, so a bad date or a
negative number is preserved for the staging models and quality gates to catch and report, never
silently coerced or dropped on the way in.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from hirelake.lake import Lake


def raw_table_key(source: str, entity: str, load_date: date, part: int = 0) -> str:
    return f"raw/{source}/{entity}/load_date={load_date.isoformat()}/part-{part:04d}.parquet"


def read_csv_as_text(path: Path) -> pa.Table:
    """Read a UTF-8 CSV with every column as a string (empty cells as null)."""
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    return pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()),
            strings_can_be_null=True,
            null_values=[""],
        ),
    )


def land_csv(lake: Lake, *, source: str, entity: str, path: Path, load_date: date) -> tuple[str, int]:
    """Put one CSV export into `raw/<source>/<entity>/load_date=.../part-0000.parquet`."""
    table = read_csv_as_text(path)
    key = raw_table_key(source, entity, load_date)
    lake.write_parquet(key, table)
    return key, table.num_rows
