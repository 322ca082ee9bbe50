"""Read-only SQL on the serving warehouse, for compliance officers and data engineers.

Only SELECT (and EXPLAIN) statements run; the DuckDB file opens read-only and the lake is reached as
the read-only store identity, so a query can neither change the marts nor the lake.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from hirelake.errors import QueryError
from hirelake.lake import Lake
from hirelake.settings import Settings

_ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


def check_read_only(sql: str) -> None:
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(f"SQL does not parse: {exc}") from exc
    if not statements:
        raise QueryError("No SQL statement given.")
    refused = [s.type.name for s in statements if s.type not in _ALLOWED]
    if refused:
        raise QueryError(
            f"Only read-only queries (SELECT, EXPLAIN) are allowed here; refused: {', '.join(refused)}."
        )


def run_read_only_query(settings: Settings, sql: str) -> pa.Table:
    """Run `sql` against the warehouse (when built) with `s3://` lake paths readable."""
    check_read_only(sql)
    lake = Lake(settings, role="reader")
    path = settings.warehouse_path
    connection = lake.duckdb(path, read_only=True) if path.exists() else lake.duckdb()
    try:
        result = connection.sql(sql).to_arrow_table()
    except duckdb.Error as exc:
        raise QueryError(f"Query failed: {exc}") from exc
    finally:
        connection.close()
    return result
