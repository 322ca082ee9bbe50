"""Connections the dashboards share across sessions (`st.cache_resource`).

Two lake identities: `reader` for every read and every presigned URL (read-only, so a leaked URL can
only read one object for minutes), `admin` only for writing events (decisions, access log). The warehouse
opens read-only; a new build swaps the file in, so the connection is keyed on the file's mtime.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import streamlit as st

from hirelake.lake import Lake
from hirelake.settings import Settings


@st.cache_resource(show_spinner=False)
def reader_lake(key: str, _settings: Settings) -> Lake:
    del key  # cache key only
    return Lake(_settings, role="reader")


@st.cache_resource(show_spinner=False)
def writer_lake(key: str, _settings: Settings) -> Lake:
    del key
    return Lake(_settings, role="admin")


@st.cache_resource(show_spinner=False, max_entries=4)
def _warehouse(key: str, path: str, mtime_ns: int, _lake: Lake) -> duckdb.DuckDBPyConnection:
    del key, mtime_ns  # cache key only: a rebuilt file gets a new connection
    # Staging views read s3:// Parquet, so the connection carries the reader's filesystem.
    return _lake.duckdb(Path(path), read_only=True)


def warehouse(key: str, settings: Settings) -> duckdb.DuckDBPyConnection | None:
    """A cursor on the serving warehouse (one per call: DuckDB cursors are not shared across threads)."""
    path = settings.warehouse_path
    if not path.exists():
        return None
    connection = _warehouse(key, str(path), path.stat().st_mtime_ns, reader_lake(key, settings))
    return connection.cursor()
