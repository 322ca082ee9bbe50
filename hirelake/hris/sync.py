"""`sync_hris`: read every entity the HRIS offers, check each row, land accepted and rejected rows.

A table whose export cannot be taken at all, or lacks a required field, is refused on its own (reported
with its reason, quarantined, nothing landed); the other tables go through.

Same source, same day: same objects, byte for byte, and nothing written twice (see `hirelake.hris.store`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from hirelake.hris.mapping import FieldMapping, load_mapping
from hirelake.hris.rules import ColumnGate, PythonColumnGate
from hirelake.hris.source import HrisSource, Progress
from hirelake.hris.steps import (
    CheckedTable,
    MappedTable,
    check_entity,
    entities_offered,
    read_entity,
    reference_index,
)
from hirelake.hris.store import (
    StoredObject,
    entity_objects,
    previous_objects,
    publish,
    quarantine_key,
    remove_stale,
    report_key,
)
from hirelake.lake import Lake
from hirelake.logs import get_logger
from hirelake.raw_zone import raw_table_key
from hirelake.settings import Settings

log = get_logger(__name__)
_FIRST_REASONS = 5


@dataclass(frozen=True)
class EntityReport:
    entity: str
    source_table: str
    accepted: int
    rejected: int
    raw_key: str  # where the accepted rows land (nothing lands for a refused table)
    quarantine_key: str | None
    first_reasons: tuple[str, ...]  # "row 7 (E000006): grade code 'P5' is not in the grades table"
    ignored_fields: tuple[str, ...]
    missing_fields: tuple[str, ...]
    refused: str | None = None  # why the whole table was refused (nothing landed); None: it was read


@dataclass(frozen=True)
class SyncReport:
    source_kind: str
    source: str
    load_date: date
    started_at: str
    finished_at: str
    mapping: str
    gate: str
    entities: tuple[EntityReport, ...]
    report_key: str
    written: tuple[str, ...]  # objects (re)written by this run
    removed: tuple[str, ...]  # objects of an earlier run of this day that no longer apply
    unchanged: bool  # True: the lake already held exactly this sync's objects

    @property
    def accepted(self) -> int:
        return sum(e.accepted for e in self.entities)

    @property
    def rejected(self) -> int:
        return sum(e.rejected for e in self.entities)

    def entity(self, name: str) -> EntityReport:
        return next(e for e in self.entities if e.entity == name)


def entity_report(checked: CheckedTable, load_date: date) -> EntityReport:
    mapped = checked.mapped
    reasons = tuple(
        ("whole table refused" if mapped.refused is not None else f"row {r.line}")
        + (f" ({r.key})" if r.key else "")
        + f": {r.reason}"
        for r in checked.rejections[:_FIRST_REASONS]
    )
    return EntityReport(
        entity=mapped.entity,
        source_table=mapped.source_table,
        accepted=len(checked.accepted),
        rejected=len(checked.rejections),
        raw_key=raw_table_key("hris", mapped.entity, load_date),
        quarantine_key=quarantine_key(mapped.entity, load_date) if checked.rejections else None,
        first_reasons=reasons,
        ignored_fields=mapped.ignored_fields,
        missing_fields=mapped.missing_fields,
        refused=mapped.refused,
    )


def finish_sync(
    lake: Lake,
    *,
    source_kind: str,
    source: str,
    load_date: date,
    started_at: str,
    mapping: FieldMapping,
    gate_name: str,
    entities: Sequence[EntityReport],
    stored: Sequence[StoredObject],
    previous: Mapping[str, Any],
) -> SyncReport:
    """Remove what no longer applies and file the report, unless nothing changed at all."""
    removed = remove_stale(lake, previous, {s.key for s in stored})
    written = tuple(s.key for s in stored if s.written)
    key = report_key(load_date, source_kind)
    unchanged = bool(previous) and not written and not removed
    report = SyncReport(
        source_kind=source_kind,
        source=source,
        load_date=load_date,
        started_at=started_at,
        finished_at=now_iso(),
        mapping=mapping.origin,
        gate=gate_name,
        entities=tuple(entities),
        report_key=key,
        written=written,
        removed=tuple(removed),
        unchanged=unchanged,
    )
    if not unchanged:  # the stored report describes the run that wrote the objects
        lake.put_json(key, report_document(report, stored))
    log.info(
        "hris_sync_finished",
        source_kind=source_kind,
        load_date=load_date.isoformat(),
        accepted=report.accepted,
        rejected=report.rejected,
        refused=[e.entity for e in report.entities if e.refused is not None],
        written=len(written),
        unchanged=unchanged,
    )
    return report


def report_document(report: SyncReport, stored: Sequence[StoredObject]) -> dict[str, Any]:
    document = asdict(report)
    document["load_date"] = report.load_date.isoformat()
    for name in ("written", "removed", "unchanged"):
        document.pop(name)  # about this run, not about the objects: would break byte-identical re-runs
    document["totals"] = {"accepted": report.accepted, "rejected": report.rejected}
    document["entities"] = {e["entity"]: e for e in document["entities"]}
    document["objects"] = {s.key: {"sha256": s.sha256, "size_bytes": s.size_bytes} for s in stored}
    return document


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sync_hris(
    settings: Settings,
    lake: Lake,
    source: HrisSource,
    load_date: date,
    progress: Progress | None = None,
    *,
    gate: ColumnGate | None = None,
    mapping: FieldMapping | None = None,
) -> SyncReport:
    """The whole sync in one call. `gate` applies the column rules (plain Python unless given, e.g. the
    Great Expectations gate of `expectations.hris`); `mapping` defaults to the settings' mapping file."""
    started = now_iso()
    fields = mapping or load_mapping(settings.hris.mapping_path)
    rules = gate or PythonColumnGate()
    names = entities_offered(source, fields)
    log.info("hris_sync_started", source_kind=source.kind, source=source.describe(), entities=len(names))
    tables: dict[str, MappedTable] = {}
    for name in names:
        tables[name] = read_entity(source, fields, name, progress)
    index = reference_index(tables)
    previous = previous_objects(lake, load_date, source.kind)
    reports: list[EntityReport] = []
    stored: list[StoredObject] = []
    for done, name in enumerate(names, start=1):
        checked = check_entity(tables[name], index, rules)
        stored += publish(lake, entity_objects(checked, load_date), previous)
        reports.append(entity_report(checked, load_date))
        if progress is not None:
            progress("checked", done, len(names))
    return finish_sync(
        lake,
        source_kind=source.kind,
        source=source.describe(),
        load_date=load_date,
        started_at=started,
        mapping=fields,
        gate_name=rules.name,
        entities=reports,
        stored=stored,
        previous=previous,
    )
