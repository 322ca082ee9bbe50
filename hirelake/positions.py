"""Positions as the HRIS sends them (`raw/hris/positions/`): what a recording's position asks of it."""

from __future__ import annotations

from dataclasses import dataclass

from hirelake.lake import Lake


@dataclass(frozen=True)
class PositionInfo:
    position_id: str
    role_family: str
    department_id: str
    competencies: tuple[str, ...]


def load_positions(lake: Lake) -> dict[str, PositionInfo]:
    """The latest load's positions by id; malformed rows are skipped here (staging reports them)."""
    if not any(True for _ in lake.list("raw/hris/positions/")):
        return {}
    connection = lake.duckdb()
    try:
        rows = connection.execute(
            f"""
            select position_id, role_family, department_id, competencies
            from read_parquet('{lake.uri("raw/hris/positions/*/*.parquet")}', filename = true)
            where position_id is not null and role_family is not null
            qualify row_number() over (partition by position_id order by filename desc) = 1
            """  # noqa: S608 - built from our own bucket name, not user input
        ).fetchall()
    finally:
        connection.close()
    return {
        str(pid): PositionInfo(str(pid), str(family), str(dept or ""), tuple(str(comp or "").split("|")))
        for pid, family, dept, comp in rows
    }
