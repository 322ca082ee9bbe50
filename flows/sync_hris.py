"""The `sync-hris` flow: HRIS entities into `raw/hris/`, rejected rows into `quarantine/hris/`.

Thin wiring around `hirelake.hris`: one read, check and publish task per entity; column rules run as
Great Expectations suites (`expectations.hris`); writes to the store retry with backoff; a markdown
artifact sums up accepted and rejected rows with the first reasons.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from expectations.hris import GxColumnGate
from flows import resources
from hirelake.errors import LakeError
from hirelake.hris.checks import ReferenceIndex
from hirelake.hris.mapping import FieldMapping, load_mapping
from hirelake.hris.rules import ColumnGate
from hirelake.hris.source import HrisSource, Progress
from hirelake.hris.steps import (
    CheckedTable,
    MappedTable,
    check_entity,
    entities_offered,
    read_entity,
    reference_index,
)
from hirelake.hris.store import StoredObject, entity_objects, previous_objects, publish
from hirelake.hris.sync import EntityReport, SyncReport, entity_report, finish_sync, now_iso
from hirelake.settings import Settings


def _store_error(_task: Any, _run: Any, state: Any) -> bool:
    """Retry only when the object store failed; a bad row or mapping will not fix itself."""
    try:
        state.result()
    except LakeError:
        return True
    except Exception:  # any other failure is final
        return False
    return False


@task(name="read-hris-entity", task_run_name="read-{entity}", cache_policy=NO_CACHE)
def read_hris_entity(
    source: HrisSource, mapping: FieldMapping, entity: str, progress: Progress | None = None
) -> MappedTable:
    # The API connector retries transient failures itself; a task retry would re-read every page.
    return read_entity(source, mapping, entity, progress)


@task(name="check-hris-entity", task_run_name="check-{table.entity}", cache_policy=NO_CACHE)
def check_hris_entity(table: MappedTable, index: ReferenceIndex, gate: ColumnGate) -> CheckedTable:
    return check_entity(table, index, gate)


@task(
    name="publish-hris-entity",
    task_run_name="publish-{checked.mapped.entity}",
    retries=3,
    retry_delay_seconds=[2, 10, 30],
    retry_condition_fn=_store_error,
    cache_policy=NO_CACHE,  # the sync report's hashes are the cache: unchanged objects are not rewritten
)
def publish_hris_entity(
    settings: Settings, checked: CheckedTable, load_date: date, previous: dict[str, Any]
) -> tuple[EntityReport, list[StoredObject]]:
    stored = publish(resources.lake(settings), entity_objects(checked, load_date), previous)
    return entity_report(checked, load_date), stored


@task(
    name="finish-hris-sync",
    retries=3,
    retry_delay_seconds=[2, 10, 30],
    retry_condition_fn=_store_error,
    cache_policy=NO_CACHE,
)
def finish_hris_sync(
    settings: Settings,
    *,
    source: HrisSource,
    load_date: date,
    started_at: str,
    mapping: FieldMapping,
    gate: ColumnGate,
    published: list[tuple[EntityReport, list[StoredObject]]],
    previous: dict[str, Any],
) -> SyncReport:
    return finish_sync(
        resources.lake(settings),
        source_kind=source.kind,
        source=source.describe(),
        load_date=load_date,
        started_at=started_at,
        mapping=mapping,
        gate_name=gate.name,
        entities=[report for report, _ in published],
        stored=[obj for _, objects in published for obj in objects],
        previous=previous,
    )


def summary_markdown(report: SyncReport) -> str:
    state = "unchanged (the lake already held these objects)" if report.unchanged else "written"
    lines = [
        "# HRIS sync",
        "",
        f"Source: {report.source_kind} `{report.source}`, load date {report.load_date.isoformat()}, {state}.",
        f"**accepted**: {report.accepted}, **rejected**: {report.rejected}; report `{report.report_key}`",
        "",
        "| entity | accepted | rejected | first reasons |",
        "|---|---|---|---|",
    ]
    for e in report.entities:
        reasons = "<br>".join(r.replace("|", "/") for r in e.first_reasons[:3])
        lines.append(f"| {e.entity} | {e.accepted} | {e.rejected} | {reasons} |")
    quarantined = [e.quarantine_key for e in report.entities if e.quarantine_key]
    if quarantined:
        lines += ["", "Rejected rows with their reasons: " + ", ".join(f"`{k}`" for k in quarantined)]
    return "\n".join(lines)


@flow(name="sync-hris", validate_parameters=False)  # a connector object is a parameter, not JSON
def sync_hris_flow(
    settings: Settings,
    source: HrisSource,
    load_date: date | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """Sync every entity the HRIS offers into the lake, rejected rows quarantined with their reasons."""
    started = now_iso()
    day = load_date or datetime.now(UTC).date()
    mapping = load_mapping(settings.hris.mapping_path)
    gate = GxColumnGate()
    names = entities_offered(source, mapping)
    tables = {name: read_hris_entity(source, mapping, name, progress) for name in names}
    index = reference_index(tables)
    previous = previous_objects(resources.lake(settings), day, source.kind)
    published: list[tuple[EntityReport, list[StoredObject]]] = []
    for done, name in enumerate(names, start=1):
        checked = check_hris_entity(tables[name], index, gate)
        published.append(publish_hris_entity(settings, checked, day, previous))
        if progress is not None:
            progress("checked", done, len(names))
    report = finish_hris_sync(
        settings,
        source=source,
        load_date=day,
        started_at=started,
        mapping=mapping,
        gate=gate,
        published=published,
        previous=previous,
    )
    create_markdown_artifact(key="hris-sync", markdown=summary_markdown(report), description="HRIS sync")
    return report


def run_sync_hris(
    settings: Settings,
    source: HrisSource,
    load_date: date | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """The flow from plain Python (the CLI, the demo): returns the sync report."""
    report: SyncReport = sync_hris_flow(settings, source, load_date, progress)
    return report
