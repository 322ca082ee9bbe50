"""Carry out candidates' deletion requests: every copy of their interviews goes, unless a legal hold is on.

For each open request (no completion event yet) whose candidate is not under an active legal hold:

- **deleted**: every object of the candidate's interviews: recordings (`raw/media/<id>/`) and their
  dedup index entry when it points at a deleted recording, ingest records, interview plans, every
  silver table's rows (`silver/<table>/interview_id=<id>/`, score tables included), stage records,
  reports, quarantine entries and held media, landing leftovers;
- **rows removed**: every exported mart (`marts/**.parquet`) is rewritten without the rows that name the
  candidate or one of the interviews (the serving DuckDB file drops them at its next build);
- **pseudonymised, kept under a legal basis**: the append-only records that other duties rely on:
  reviewer and hire decisions (`raw/decisions/`: proof of how an employment decision was made, EEOC
  29 CFR 1602.14 and the AI Act's art. 26(6) log duty), the HRIS copy (`raw/hris/`: consents, applications
  and demographics feed the bias audit), rejected HRIS rows (`quarantine/hris/`) and the access log
  (`raw/access_log/`, accountability). The candidate id and interview ids are replaced by random
  pseudonyms that are stored nowhere (one per run, so rows stay linked to each other but not to a
  person), the candidate's name and birth year are cleared, and their name is cut from free text;
- **kept as they are**: the request, hold and completion events (`raw/requests/`) and this module's
  run reports (`raw/deletion_runs/`): the proof that the deletion happened, which names whom it was for.

Then a completion event is recorded per request (with the deleted keys) and a run report with the counts
per request, skipped requests included with the hold that stopped them. Objects are deleted with the
sources that identify the candidate's interviews last, so a run stopped half way finds them again.
"""

from __future__ import annotations

import json
import re
import secrets
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from hirelake.errors import HirelakeError
from hirelake.lake import Lake
from hirelake.logs import get_logger
from hirelake.privacy_requests import (
    DeletionRequest,
    active_hold,
    completed_deletions,
    deletion_requests,
    record_deletion_completed,
)

RUN_PREFIX = "raw/deletion_runs"
COMPLETED_BY = "hirelake-deletion"
# Proof of the deletion itself: never touched by it.
PROOF_PREFIXES = ("raw/requests/", f"{RUN_PREFIX}/")
# Append-only records other duties rely on: pseudonymised in place, not deleted.
_PSEUDONYMISED_PREFIXES = ("raw/hris/", "raw/decisions/", "raw/access_log/", "quarantine/hris/")
# Direct identifiers cleared on the candidate's own HRIS rows (entity folder -> columns).
_CANDIDATE_IDENTIFIERS = {"candidates": ("name_zh", "name_en", "birth_year", "birth_date")}
_ID_CHARS = "A-Za-z0-9_-"
_WORKERS = 8  # parallel GETs: the store answers many small requests faster side by side
log = get_logger(__name__)

Outcome = Literal["completed", "held"]


class DeletionError(HirelakeError):
    """A deletion that could not be carried out; the message says which object and why."""


@dataclass(frozen=True)
class RequestOutcome:
    request_id: str
    candidate_id: str
    outcome: Outcome
    reason: str
    interview_ids: tuple[str, ...] = ()
    deleted_keys: tuple[str, ...] = ()
    rewritten_marts: tuple[str, ...] = ()  # mart files rewritten without the candidate's rows
    mart_rows_removed: int = 0
    pseudonymised_keys: tuple[str, ...] = ()
    completion_event_id: str | None = None

    @property
    def counts(self) -> dict[str, int]:
        return {
            "interviews": len(self.interview_ids),
            "deleted_objects": len(self.deleted_keys),
            "rewritten_marts": len(self.rewritten_marts),
            "mart_rows_removed": self.mart_rows_removed,
            "pseudonymised_objects": len(self.pseudonymised_keys),
        }


@dataclass(frozen=True)
class DeletionRun:
    run_id: str
    started_at: str
    finished_at: str
    outcomes: tuple[RequestOutcome, ...] = field(default_factory=tuple)
    report_key: str | None = None

    @property
    def completed(self) -> tuple[RequestOutcome, ...]:
        return tuple(o for o in self.outcomes if o.outcome == "completed")

    @property
    def held(self) -> tuple[RequestOutcome, ...]:
        return tuple(o for o in self.outcomes if o.outcome == "held")


# --- matching ------------------------------------------------------------------------------------


class _Matcher:
    """Finds and replaces the candidate's identifiers in text: ids as whole tokens, names anywhere."""

    def __init__(self, replacements: dict[str, str], names: Iterable[str] = ()) -> None:
        self._ids = dict(replacements)
        # An id must not match inside a longer one (C-1 in C-12, iv-3 in iv-3-b).
        alternatives = "|".join(re.escape(i) for i in sorted(self._ids, key=len, reverse=True))
        self._id_pattern = re.compile(rf"(?<![{_ID_CHARS}])(?:{alternatives})(?![{_ID_CHARS}])")
        # Names have no word boundaries in Chinese; very short ones would hit ordinary words.
        self._names = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True)

    def mentions(self, text: str) -> bool:
        return bool(self._id_pattern.search(text)) or any(n in text for n in self._names)

    def replace(self, text: str) -> str:
        text = self._id_pattern.sub(lambda m: self._ids[m.group(0)], text)
        for name in self._names:
            text = text.replace(name, "[erased]")
        return text

    def replace_document(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.replace(value)
        if isinstance(value, dict):
            return {self.replace(str(k)): self.replace_document(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.replace_document(v) for v in value]
        return value


def _pseudonym() -> str:
    # Random, kept nowhere: consistent within one run so rows stay linked, never linkable to the person.
    return f"erased-{secrets.token_hex(8)}"


# --- finding the candidate's interviews ----------------------------------------------------------


def _json_documents(lake: Lake, keys: list[str]) -> list[tuple[str, Any]]:
    with ThreadPoolExecutor(_WORKERS) as pool:
        return list(zip(keys, pool.map(lake.get_json, keys), strict=True))


def _keys(lake: Lake, prefix: str, suffix: str = "") -> list[str]:
    return [e.key for e in lake.list(prefix) if e.key.endswith(suffix)]


def _silver_interviews(lake: Lake, table: str, candidate_id: str) -> set[str]:
    keys = _keys(lake, f"silver/{table}/", ".parquet")
    if not keys:
        return set()
    with lake.duckdb() as connection:
        rows = connection.execute(
            "select distinct interview_id from read_parquet(?, union_by_name = true) where candidate_id = ?",
            [[lake.uri(k) for k in keys], candidate_id],
        ).fetchall()
    return {str(row[0]) for row in rows}


def candidate_interviews(lake: Lake, candidate_id: str) -> set[str]:
    """Every interview of the candidate, wherever the link is recorded."""
    found: set[str] = set()
    documents = _json_documents(
        lake,
        _keys(lake, "raw/interviews/", ".json")
        + _keys(lake, "raw/interview_plans/", ".json")
        + _keys(lake, "landing/interviews/", "/submission.json"),
    )
    for _key, document in documents:
        if isinstance(document, dict) and document.get("candidate_id") == candidate_id:
            found.add(str(document["interview_id"]))
    for table in ("media_ingest", "interview_scores"):
        found |= _silver_interviews(lake, table, candidate_id)
    # A recording held for missing consent has no ingest record: its quarantine reason names the candidate.
    matcher = _Matcher({candidate_id: candidate_id})
    quarantine_records = [
        k for k in _keys(lake, "quarantine/", ".json") if not k.startswith("quarantine/hris/")
    ]
    for _key, document in _json_documents(lake, quarantine_records):
        held = isinstance(document, dict) and document.get("item_id")
        if held and matcher.mentions(str(document.get("reason", ""))):
            found.add(str(document["item_id"]))
    return found


def _candidate_names(lake: Lake, candidate_id: str) -> set[str]:
    names: set[str] = set()
    for key in _keys(lake, "raw/hris/candidates/", ".parquet"):
        table = lake.read_parquet(key)
        if "candidate_id" not in table.column_names:
            continue
        for row in table.to_pylist():
            if row.get("candidate_id") == candidate_id:
                names |= {str(row[c]) for c in ("name_zh", "name_en") if row.get(c)}
    return names


# --- what to delete ------------------------------------------------------------------------------


def _top_level(lake: Lake, prefix: str) -> list[str]:
    """The immediate sub-folders of `prefix` (silver tables, quarantine stages)."""
    items = lake.client.list_objects(lake.bucket, prefix=prefix, recursive=False)
    return [i.object_name for i in items if i.is_dir and i.object_name is not None]


def interview_objects(lake: Lake, interview_ids: set[str]) -> tuple[list[str], list[str]]:
    """(derived objects, identifying records) of the interviews; the records are deleted last."""
    derived: list[str] = []
    records: list[str] = []
    silver_tables = [t for t in _top_level(lake, "silver/") if t != "silver/_stages/"]
    quarantine_stages = _top_level(lake, "quarantine/")
    for interview_id in sorted(interview_ids):
        media = _keys(lake, f"raw/media/{interview_id}/")
        derived += media
        for key in media:
            digest = key.rsplit("/", 1)[1].split(".", 1)[0]
            index_key = f"raw/media-index/{digest}.json"
            # The index entry goes only when it points at this recording; another interview's stays.
            if lake.exists(index_key) and lake.get_json(index_key).get("key") == key:
                derived.append(index_key)
        for table in silver_tables:
            keys = _keys(lake, f"{table}interview_id={interview_id}/")
            (records if table in ("silver/media_ingest/", "silver/interview_scores/") else derived).extend(
                keys
            )
        derived += _keys(lake, f"silver/_stages/{interview_id}/")
        derived += _keys(lake, f"reports/{interview_id}/")
        for stage in quarantine_stages:
            if stage == "quarantine/hris/":
                continue  # HRIS rows, not interviews: pseudonymised below
            derived += _keys(lake, f"{stage}{interview_id}/")
            records += [k for k in (f"{stage}{interview_id}.json",) if lake.exists(k)]
        landing = _keys(lake, f"landing/interviews/{interview_id}/")
        derived += [k for k in landing if not k.endswith("/submission.json")]
        records += [k for k in landing if k.endswith("/submission.json")]
        records += [
            k for k in (f"raw/interview_plans/{interview_id}.json", f"raw/interviews/{interview_id}.json")
            if lake.exists(k)
        ]  # fmt: skip
    return derived, records


# --- rewriting tables and documents --------------------------------------------------------------


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _cell_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _rows_mentioning(table: pa.Table, matcher: _Matcher) -> list[bool]:
    hits = [False] * table.num_rows
    for column in table.columns:
        kind = column.type
        if not (_is_text(kind) or pa.types.is_nested(kind)):
            continue  # numbers, dates and flags cannot hold an id or a name
        for i, value in enumerate(column.to_pylist()):
            if value is not None and not hits[i] and matcher.mentions(_cell_text(value)):
                hits[i] = True
    return hits


def _without_rows(table: pa.Table, matcher: _Matcher) -> tuple[pa.Table, int]:
    hits = _rows_mentioning(table, matcher)
    removed = sum(hits)
    if not removed:
        return table, 0
    return table.filter(pa.array([not h for h in hits], pa.bool_())), removed


def _pseudonymised_table(table: pa.Table, matcher: _Matcher, entity: str) -> pa.Table | None:
    """The table with identifiers replaced, or None when nothing in it names the candidate."""
    hits = _rows_mentioning(table, matcher)
    if not any(hits):
        return None
    clear = set(_CANDIDATE_IDENTIFIERS.get(entity, ()))
    columns = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        values = column.to_pylist()
        if name in clear:
            values = [None if hit else v for v, hit in zip(values, hits, strict=True)]
        elif _is_text(column.type):
            values = [
                matcher.replace(v) if hit and v is not None else v
                for v, hit in zip(values, hits, strict=True)
            ]
        elif pa.types.is_nested(column.type):
            values = [matcher.replace_document(v) if hit else v for v, hit in zip(values, hits, strict=True)]
        columns.append(pa.array(values, type=column.type))
    return pa.Table.from_arrays(columns, schema=table.schema)


def _entity(key: str) -> str:
    # raw/hris/<entity>/load_date=.../part.parquet, quarantine/hris/<entity>/...
    parts = key.split("/")
    return parts[2] if len(parts) > 3 else ""


def _rewrite_marts(lake: Lake, matcher: _Matcher) -> tuple[list[str], int]:
    rewritten: list[str] = []
    removed_total = 0
    for key in _keys(lake, "marts/", ".parquet"):
        filtered, removed = _without_rows(lake.read_parquet(key), matcher)
        if removed:
            lake.write_parquet(key, filtered)
            rewritten.append(key)
            removed_total += removed
    return rewritten, removed_total


def _pseudonymise(lake: Lake, matcher: _Matcher) -> list[str]:
    changed: list[str] = []
    keys = [k for prefix in _PSEUDONYMISED_PREFIXES for k in _keys(lake, prefix)]
    json_keys = [k for k in keys if k.endswith(".json")]
    for key, document in _json_documents(lake, json_keys):
        replaced = matcher.replace_document(document)
        if replaced != document or matcher.mentions(key):
            target = matcher.replace(key)
            lake.put_json(target, replaced)
            changed.append(_forget_renamed(lake, key, target))
    filesystem = lake.s3_filesystem()
    for key in (k for k in keys if k.endswith(".parquet")):
        if key.startswith("raw/hris/"):
            # Only entities that link to a candidate can name one; the footer says so without the
            # download (clock events and payroll inputs are the bulk of the HRIS copy).
            with filesystem.open(f"{lake.bucket}/{key}", "rb") as handle:
                if "candidate_id" not in pq.read_schema(handle).names:
                    continue
        source = lake.read_parquet(key)
        table = _pseudonymised_table(source, matcher, _entity(key))
        if table is not None or matcher.mentions(key):
            target = matcher.replace(key)
            lake.write_parquet(target, table if table is not None else source)
            changed.append(_forget_renamed(lake, key, target))
    return changed


def _forget_renamed(lake: Lake, key: str, target: str) -> str:
    """A key that named an id was rewritten under its pseudonymised name: the old one goes (after)."""
    if target != key:
        lake.delete(key)
    return target


def _delete_all(lake: Lake, keys: Iterable[str]) -> list[str]:
    deleted = sorted(set(keys))
    with ThreadPoolExecutor(_WORKERS) as pool:
        list(pool.map(lake.delete, deleted))
    return deleted


# --- the run -------------------------------------------------------------------------------------


def open_requests(lake: Lake) -> list[DeletionRequest]:
    """Requests without a completion event, oldest first."""
    done = {c.request_id for c in completed_deletions(lake)}
    return [r for r in deletion_requests(lake) if r.request_id not in done]


def _execute_one(lake: Lake, request: DeletionRequest, moment: datetime) -> RequestOutcome:
    candidate_id = request.candidate_id
    hold = active_hold(lake, candidate_id)
    if hold is not None:
        reason = (
            f"legal hold {hold.event_id} since {hold.recorded_at} by {hold.placed_by} ({hold.reason}): "
            "the hold overrides deletion; the request stays open until the hold is released"
        )
        log.warning("deletion held", request_id=request.request_id, hold_event_id=hold.event_id)
        return RequestOutcome(request.request_id, candidate_id, "held", reason)
    interviews = candidate_interviews(lake, candidate_id)
    names = _candidate_names(lake, candidate_id)
    matcher = _Matcher({i: _pseudonym() for i in {candidate_id, *interviews}}, names)
    derived, records = interview_objects(lake, interviews)
    deleted = _delete_all(lake, derived)
    marts, rows_removed = _rewrite_marts(lake, matcher)
    pseudonymised = _pseudonymise(lake, matcher)
    deleted += _delete_all(lake, records)  # last: until now a re-run finds the interviews again
    completion = record_deletion_completed(
        lake, request.request_id, COMPLETED_BY, deleted_keys=sorted(deleted), completed_at=moment
    )
    outcome = RequestOutcome(
        request_id=request.request_id,
        candidate_id=candidate_id,
        outcome="completed",
        reason="deleted every copy of the candidate's interviews; decisions and HRIS rows pseudonymised",
        interview_ids=tuple(sorted(interviews)),
        deleted_keys=tuple(sorted(deleted)),
        rewritten_marts=tuple(marts),
        mart_rows_removed=rows_removed,
        pseudonymised_keys=tuple(sorted(pseudonymised)),
        completion_event_id=completion.event_id,
    )
    log.info("deletion completed", request_id=request.request_id, **outcome.counts)
    return outcome


def _report(run: DeletionRun) -> dict[str, Any]:
    outcomes = []
    for outcome in run.outcomes:
        document = asdict(outcome)
        document.pop("deleted_keys")  # listed in the completion event; the report keeps the counts
        document["counts"] = outcome.counts
        outcomes.append(document)
    return {
        "run_id": run.run_id,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "outcomes": outcomes,
    }


def execute_deletion_requests(lake: Lake, now: datetime | None = None) -> DeletionRun:
    """Carry out every open deletion request not under legal hold; record what was done and skipped."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    started = moment.isoformat(timespec="microseconds")
    run_id = f"deletion-run-{moment:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
    outcomes = tuple(_execute_one(lake, request, moment) for request in open_requests(lake))
    finished = now.astimezone(UTC) if now is not None else datetime.now(UTC)
    run = DeletionRun(run_id, started, finished.isoformat(timespec="microseconds"), outcomes)
    if not outcomes:
        return run
    report_key = f"{RUN_PREFIX}/run_date={started[:10]}/{run_id}.json"
    lake.put_json(report_key, _report(run))
    return DeletionRun(run.run_id, run.started_at, run.finished_at, run.outcomes, report_key)
