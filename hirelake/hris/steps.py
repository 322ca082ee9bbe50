"""The sync's steps for one entity: read and map it to canonical fields, then check every row.

Flows call these one by one (a task each); `sync_hris` composes them for callers without Prefect.
A table whose export cannot be taken at all (`HrisTableError`), or that lacks a required field, is refused
on its own: it carries the reason, lands nothing, is quarantined with that reason, and the other tables
go through.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from hirelake.hris.checks import ReferenceIndex, cross_row_problems
from hirelake.hris.errors import HrisTableError
from hirelake.hris.mapping import FieldMapping
from hirelake.hris.rules import ColumnGate, Problem, Row
from hirelake.hris.schema import ENTITIES
from hirelake.hris.source import HrisSource, Progress
from hirelake.logs import get_logger

log = get_logger(__name__)
_NUL = "\x00"
MAX_CELL_CHARS = 10_000  # far above any HR field (duties text included); more is a broken or hostile export
REFUSED_LINE = 0  # the line a whole-table refusal is filed under (records start on line 2)
REFUSED_COLUMN = "(whole table)"


@dataclass(frozen=True)
class MappedTable:
    """One entity as read from the source, in canonical fields, with each row's original."""

    entity: str
    source_table: str
    origin: str
    lines: tuple[int, ...]
    rows: tuple[Row, ...]  # canonical field -> text
    originals: tuple[Row, ...]  # source field -> text, exactly as received
    read_problems: tuple[Problem, ...]
    ignored_fields: tuple[str, ...]  # source fields the mapping does not use
    missing_fields: tuple[str, ...]  # optional canonical fields the source did not send
    refused: str | None = None  # why the whole table was refused (no rows then); None: it was read


@dataclass(frozen=True)
class Rejection:
    line: int
    key: str | None
    column: str
    reason: str  # every problem of the row, most basic first
    original: str  # the row as received, as JSON


@dataclass(frozen=True)
class CheckedTable:
    mapped: MappedTable
    accepted: tuple[Row, ...]
    rejections: tuple[Rejection, ...]


def entities_offered(source: HrisSource, mapping: FieldMapping) -> list[str]:
    """Canonical entities whose HRIS table the source has, in schema order."""
    offered = set(source.tables())
    chosen = [name for name in ENTITIES if mapping.for_entity(name).source in offered]
    unused = sorted(offered - {mapping.for_entity(name).source for name in chosen})
    if unused:
        log.warning("hris_tables_not_mapped", tables=unused, source=source.describe())
    return chosen


def read_entity(
    source: HrisSource, mapping: FieldMapping, entity: str, progress: Progress | None = None
) -> MappedTable:
    schema = ENTITIES[entity]
    fields = mapping.for_entity(entity)
    try:
        table = source.read(fields.source, progress)
    except HrisTableError as exc:
        return _refused(entity, fields.source, source.describe(), str(exc))
    sent = set(table.columns)
    missing_required = [
        f"{canonical} (from source field '{fields.source_of(canonical) or canonical}')"
        for canonical in schema.required
        if (fields.source_of(canonical) or canonical) not in sent
    ]
    if missing_required and table.rows:  # this table only: the others may be mapped right
        return _refused(
            entity,
            table.name,
            table.origin,
            f"{table.origin}: required field(s) {', '.join(missing_required)} missing for {entity}. "
            f"The source sent: {', '.join(table.columns)}. Map them in your mapping file "
            f"(HIRELAKE_HRIS__MAPPING_PATH; mapping in use: {mapping.origin}).",
        )
    by_canonical = {c: fields.source_of(c) for c in schema.column_names}
    missing = tuple(c for c, s in by_canonical.items() if s is None or s not in sent)
    used = {s for s in by_canonical.values() if s is not None}
    ignored = tuple(c for c in table.columns if c not in used)
    if ignored or missing:
        log.info("hris_fields_unmapped", entity=entity, ignored=list(ignored), missing=list(missing))
    rows = tuple(
        {c: (row.values.get(s) if s is not None else None) for c, s in by_canonical.items()}
        for row in table.rows
    )
    problems = tuple(Problem(row.line, p.column, p.reason) for row in table.rows for p in row.problems)
    problems += tuple(
        Problem(row.line, column, reason)
        for row in table.rows
        for column, value in row.values.items()
        if value is not None
        for reason in _cell_problems(column, value)
    )
    return MappedTable(
        entity=entity,
        source_table=table.name,
        origin=table.origin,
        lines=tuple(row.line for row in table.rows),
        rows=rows,
        originals=tuple(row.values for row in table.rows),
        read_problems=problems,
        ignored_fields=ignored,
        missing_fields=missing,
    )


def _refused(entity: str, source_table: str, origin: str, reason: str) -> MappedTable:
    """A table that cannot be read as a whole: nothing of it lands, the reason goes to quarantine."""
    log.warning("hris_table_refused", entity=entity, source_table=source_table, reason=reason)
    return MappedTable(
        entity=entity,
        source_table=source_table,
        origin=origin,
        lines=(),
        rows=(),
        originals=(),
        read_problems=(),
        ignored_fields=(),
        missing_fields=(),
        refused=reason,
    )


def _cell_problems(column: str, value: str) -> list[str]:
    """What makes one raw cell unusable whatever its field: a file's worth of text, a NUL byte."""
    problems = []
    if len(value) > MAX_CELL_CHARS:
        problems.append(
            f"{column} holds {len(value):,} characters, over the {MAX_CELL_CHARS:,} a field may hold: "
            "the export is broken or the field holds a file"
        )
    if _NUL in value:
        problems.append(
            f"{column} holds a NUL byte (\\x00) at character {value.index(_NUL) + 1}: binary data or a "
            "broken export, never HR text; export the field again"
        )
    return problems


def reference_index(tables: Mapping[str, MappedTable]) -> ReferenceIndex:
    """Keys of the tables read; a refused table is left out, so references to it are not checked (rather
    than every one of them failing against an empty table)."""
    return ReferenceIndex.build({name: t.rows for name, t in tables.items() if t.refused is None})


def refusal(table: MappedTable) -> Rejection:
    """The quarantine entry of a refused table: the whole table, with the reason."""
    return Rejection(
        line=REFUSED_LINE,
        key=None,
        column=REFUSED_COLUMN,
        reason=table.refused or "",
        original=json.dumps({"source_table": table.source_table, "source": table.origin}, ensure_ascii=False),
    )


def check_entity(table: MappedTable, index: ReferenceIndex, gate: ColumnGate) -> CheckedTable:
    """Every rule on every row; a row with any problem is rejected with all its reasons."""
    if table.refused is not None:
        return CheckedTable(table, (), (refusal(table),))
    schema = ENTITIES[table.entity]
    problems = [
        *table.read_problems,
        *gate.check(schema, table.rows, table.lines),
        *cross_row_problems(schema, table.rows, table.lines, index),
    ]
    by_line: dict[int, list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.reason not in {p.reason for p in by_line[problem.line]}:
            by_line[problem.line].append(problem)
    accepted: list[Row] = []
    rejections: list[Rejection] = []
    for line, row, original in zip(table.lines, table.rows, table.originals, strict=True):
        found = by_line.get(line)
        if not found:
            accepted.append(row)
            continue
        rejections.append(
            Rejection(
                line=line,
                key=row.get(schema.key),
                column=found[0].column,
                reason="; ".join(p.reason for p in found),
                original=json.dumps(dict(original), ensure_ascii=False),
            )
        )
    return CheckedTable(table, tuple(accepted), tuple(rejections))
