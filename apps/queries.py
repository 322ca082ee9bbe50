"""Every read the dashboards make, cached with `st.cache_data(ttl=...)`.

Analytic figures come from the serving warehouse (dbt marts, HRIS staging views); live records (scores,
decisions, quarantine, stage records, access log) from the lake through the read-only identity. Every
function takes the settings key first (the cache key) and the settings object as `_settings` (not hashed).
Frames are unscoped: pages narrow them to the visitor's departments and mask columns (apps.views).
SQL that carries a visitor's input binds it as a parameter.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pandas as pd
import streamlit as st

from apps.resources import reader_lake, warehouse
from hirelake.decisions import HireDecision, ReviewDecision, hire_decisions, review_decisions
from hirelake.lake import Lake
from hirelake.quarantine import quarantined
from hirelake.reports import ReportData, load_report_data
from hirelake.schemas import DIMENSION_SCORES, INTERVIEW_SCORES, TRANSCRIPT_SEGMENTS
from hirelake.settings import Settings
from hirelake.weights import WEIGHTS_DIR, WeightsError, load_weights

_TTL = Settings().dashboards.cache_ttl_seconds
_LIVE_TTL = min(_TTL, 15)  # decisions and the access log: a reviewer must see their own event soon

# The scores mart the dashboards prefer at scale (one row per interview's current score set); without
# it (or without its required columns) they read the silver score tables, as the CLI does.
SCORES_MART = "recruiting.fct_interview_reports"
SCORE_COLUMNS = (
    "interview_id",
    "score_key",
    "candidate_id",
    "position_id",
    "role_family",
    "language",
    "bank_id",
    "bank_version",
    "weights_version",
    "total_score",
    "recommendation",
    "needs_review",
    "review_reasons",
    "flags",
    "report_key",
    "scored_at",
)
_MART_REQUIRED = frozenset(SCORE_COLUMNS) - {"flags", "report_key"} | {"report_uri"}


def _frame(connection: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    return connection.execute(sql, params or []).df()


def _open(key: str, settings: Settings) -> duckdb.DuckDBPyConnection:
    connection = warehouse(key, settings)
    if connection is None:
        raise RuntimeError(f"no warehouse at {settings.warehouse_path}")  # callers check has_table first
    return connection


def _any_object(lake: Lake, prefix: str) -> bool:
    # list_objects pages lazily: the first entry answers without listing thousands.
    return next(iter(lake.client.list_objects(lake.bucket, prefix=prefix, recursive=True)), None) is not None


# --- warehouse ------------------------------------------------------------------------------------
@st.cache_data(ttl=_TTL, show_spinner=False)
def warehouse_tables(key: str, _settings: Settings) -> frozenset[str]:
    """`schema.table` of every table and view in the serving warehouse."""
    connection = warehouse(key, _settings)
    if connection is None:
        return frozenset()
    rows = connection.execute(
        "select table_schema || '.' || table_name from information_schema.tables"
    ).fetchall()
    return frozenset(str(r[0]) for r in rows)


def has_table(key: str, settings: Settings, table: str) -> bool:
    return table in warehouse_tables(key, settings)


def _table_columns(key: str, settings: Settings, table: str) -> frozenset[str]:
    connection = warehouse(key, settings)
    if connection is None or not has_table(key, settings, table):
        return frozenset()
    schema, name = table.split(".")
    rows = connection.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    return frozenset(str(r[0]) for r in rows)


@st.cache_data(ttl=_TTL, show_spinner=False)
def mart(key: str, _settings: Settings, table: str) -> pd.DataFrame | None:
    """A whole mart (or staging view) by its `schema.table` name; None when it is not built."""
    if not has_table(key, _settings, table):
        return None
    connection = _open(key, _settings)
    schema, name = table.split(".")
    # Identifiers cannot be bound; they come from our own constants and are checked to exist above.
    return _frame(connection, f'select * from "{schema}"."{name}"')  # noqa: S608


@st.cache_data(ttl=_TTL, show_spinner=False)
def departments(key: str, _settings: Settings) -> pd.DataFrame:
    frame = mart(key, _settings, "staging.stg_hris__org_units")
    if frame is None:
        return pd.DataFrame(columns=["department_id", "name_zh", "name_en"])
    chosen = frame[frame["org_level"] == "department"]
    return chosen.rename(columns={"org_unit_id": "department_id"})[["department_id", "name_zh", "name_en"]]


@st.cache_data(ttl=_TTL, show_spinner=False)
def positions(key: str, _settings: Settings) -> pd.DataFrame:
    frame = mart(key, _settings, "staging.stg_hris__positions")
    columns = ["position_id", "title_zh", "title_en", "department_id", "role_family"]
    return pd.DataFrame(columns=columns) if frame is None else frame[columns]


@st.cache_data(ttl=_TTL, show_spinner=False)
def candidates(key: str, _settings: Settings) -> pd.DataFrame:
    frame = mart(key, _settings, "staging.stg_hris__candidates")
    columns = ["candidate_id", "name_zh", "name_en"]
    return pd.DataFrame(columns=columns) if frame is None else frame[columns]


@st.cache_data(ttl=_TTL, show_spinner=False)
def applications(key: str, _settings: Settings) -> pd.DataFrame:
    frame = mart(key, _settings, "staging.stg_hris__applications")
    columns = ["application_id", "candidate_id", "position_id", "applied_date", "outcome"]
    return pd.DataFrame(columns=columns) if frame is None else frame[columns]


@st.cache_data(ttl=_TTL, show_spinner=False)
def bias_audit_for(key: str, _settings: Settings, audit_date: str | None) -> pd.DataFrame | None:
    """One audit date of the bias audit (the newest when None), bound as a parameter."""
    if not has_table(key, _settings, "compliance.fct_bias_audit"):
        return None
    connection = _open(key, _settings)
    return _frame(
        connection,
        """
        select * from compliance.fct_bias_audit
        where audit_date = coalesce(cast(? as date), (select max(audit_date) from compliance.fct_bias_audit))
        order by category_type, category
        """,
        [audit_date],
    )


@st.cache_data(ttl=_TTL, show_spinner=False)
def pay_costs(
    key: str, _settings: Settings, scenarios: tuple[str, ...], pay_month: str
) -> pd.DataFrame | None:
    if not has_table(key, _settings, "payroll.fct_department_pay_costs_by_scenario"):
        return None
    connection = _open(key, _settings)
    return _frame(
        connection,
        """
        select * from payroll.fct_department_pay_costs_by_scenario
        where list_contains(?, scenario_id) and pay_month = cast(? as date)
        order by department_id, scenario_id
        """,
        [list(scenarios), pay_month],
    )


@st.cache_data(ttl=_TTL, show_spinner=False)
def pay_scenarios(key: str, _settings: Settings) -> tuple[pd.DataFrame, list[str]]:
    """(scenario ids with descriptions, pay months newest first)."""
    if not has_table(key, _settings, "payroll.fct_department_pay_costs_by_scenario"):
        return pd.DataFrame(columns=["scenario_id", "scenario_description"]), []
    connection = _open(key, _settings)
    scenarios = _frame(
        connection,
        "select distinct scenario_id, scenario_description "
        "from payroll.fct_department_pay_costs_by_scenario order by scenario_id",
    )
    months = connection.execute(
        "select distinct pay_month from payroll.fct_department_pay_costs_by_scenario order by 1 desc"
    ).fetchall()
    return scenarios, [m[0].isoformat() for m in months]


# --- scores ---------------------------------------------------------------------------------------
def _scores_from_mart(key: str, settings: Settings) -> pd.DataFrame | None:
    columns = _table_columns(key, settings, SCORES_MART)
    if not columns >= _MART_REQUIRED:
        return None
    connection = _open(key, settings)
    # The mart keeps flags as one readable string and the report as a URI; the frame matches silver's.
    return _frame(
        connection,
        f"""
        select interview_id, score_key, candidate_id, position_id, role_family, language, bank_id,
               bank_version, weights_version, total_score::double as total_score, recommendation,
               needs_review, string_split(nullif(coalesce(review_reasons, ''), ''), '; ') as review_reasons,
               string_split(coalesce(flags, ''), ', ') as flags,
               regexp_replace(report_uri, '^s3://[^/]+/', '') as report_key, scored_at
        from {SCORES_MART}
        """,  # noqa: S608 - a constant table name
    )


def _scores_from_silver(lake: Lake) -> pd.DataFrame:
    if not _any_object(lake, f"silver/{INTERVIEW_SCORES.name}/"):
        return pd.DataFrame(columns=list(SCORE_COLUMNS))
    connection = lake.duckdb()
    try:
        selected = ", ".join(SCORE_COLUMNS)
        # The glob comes from our bucket name, not from a visitor.
        return _frame(
            connection,
            f"""
            select {selected} from read_parquet('{INTERVIEW_SCORES.glob(lake.bucket)}')
            qualify row_number() over (partition by interview_id order by scored_at desc, score_key) = 1
            """,  # noqa: S608
        )
    finally:
        connection.close()


@st.cache_data(ttl=_TTL, show_spinner=False)
def interview_scores(key: str, _settings: Settings) -> pd.DataFrame:
    """The current score set of every scored interview, with its position's department."""
    frame = _scores_from_mart(key, _settings)
    if frame is None:
        frame = _scores_from_silver(reader_lake(key, _settings))
    frame = frame.merge(
        positions(key, _settings)[["position_id", "department_id", "title_zh", "title_en"]],
        on="position_id",
        how="left",
    )
    frame = frame.merge(candidates(key, _settings), on="candidate_id", how="left")
    frame["scored_at"] = pd.to_datetime(frame["scored_at"], utc=True)
    return frame


@st.cache_data(ttl=_TTL, show_spinner=False)
def dimension_scores(key: str, _settings: Settings) -> pd.DataFrame:
    """Dimension scores of every score set (long form); the pages keep the current ones."""
    lake = reader_lake(key, _settings)
    if not _any_object(lake, f"silver/{DIMENSION_SCORES.name}/"):
        return pd.DataFrame(columns=["interview_id", "score_key", "dimension", "score", "weight"])
    connection = lake.duckdb()
    try:
        glob = DIMENSION_SCORES.glob(lake.bucket)
        sql = f"select interview_id, score_key, dimension, score, weight from read_parquet('{glob}')"  # noqa: S608
        return _frame(connection, sql)
    finally:
        connection.close()


@st.cache_data(ttl=_TTL, show_spinner=False)
def report(
    key: str, _settings: Settings, interview_id: str, score_key: str, weights_version: int
) -> ReportData:
    try:
        thresholds = load_weights(weights_version, weights_dir(_settings)).thresholds
    except WeightsError:  # a retired version: the newest pass line still shows the dimensions
        thresholds = load_weights(None, weights_dir(_settings)).thresholds
    return load_report_data(reader_lake(key, _settings), interview_id, score_key, thresholds.dimension_pass)


def weights_dir(settings: Settings) -> Path:
    return settings.assessment.weights_dir or WEIGHTS_DIR


@st.cache_data(ttl=_TTL, show_spinner=False)
def transcript(key: str, _settings: Settings, interview_id: str) -> pd.DataFrame:
    lake = reader_lake(key, _settings)
    object_key = TRANSCRIPT_SEGMENTS.key(interview_id, "speech")
    if not lake.exists(object_key):
        return pd.DataFrame(columns=["start_seconds", "end_seconds", "speaker", "role", "text"])
    table: pd.DataFrame = lake.read_parquet(object_key).to_pandas()
    return table.sort_values("start_seconds")[["start_seconds", "end_seconds", "speaker", "role", "text"]]


@st.cache_data(ttl=_TTL, show_spinner=False)
def media_key(key: str, _settings: Settings, interview_id: str) -> str | None:
    lake = reader_lake(key, _settings)
    record = f"raw/interviews/{interview_id}.json"
    if not lake.exists(record):
        return None
    value = lake.get_json(record).get("media_key")
    return str(value) if value else None


def recording_url(key: str, settings: Settings, object_key: str) -> str:
    """A presigned GET from the read-only identity, made per render (never cached past its expiry)."""
    return reader_lake(key, settings).presigned_get(object_key, settings.store.presign_expiry_seconds)


# --- live events ----------------------------------------------------------------------------------
@st.cache_data(ttl=_LIVE_TTL, show_spinner=False)
def reviews(key: str, _settings: Settings) -> list[ReviewDecision]:
    return review_decisions(reader_lake(key, _settings))


@st.cache_data(ttl=_LIVE_TTL, show_spinner=False)
def hires(key: str, _settings: Settings) -> list[HireDecision]:
    return hire_decisions(reader_lake(key, _settings))


def forget_events() -> None:
    """After this session wrote an event: the next read must see it."""
    reviews.clear()
    hires.clear()
    access_events.clear()


@st.cache_data(ttl=_LIVE_TTL, show_spinner=False)
def access_events(key: str, _settings: Settings, limit: int = 500) -> pd.DataFrame:
    """The newest access-log events (`raw/access_log/event_date=.../<event_id>.json`)."""
    lake = reader_lake(key, _settings)
    entries = sorted((e.key for e in lake.list("raw/access_log/") if e.key.endswith(".json")), reverse=True)
    rows = [lake.get_json(k) for k in entries[:limit]]
    return pd.DataFrame(rows)


# --- operations -----------------------------------------------------------------------------------
@st.cache_data(ttl=_TTL, show_spinner=False)
def quarantine_records(key: str, _settings: Settings) -> pd.DataFrame:
    records = quarantined(reader_lake(key, _settings))
    return pd.DataFrame([r.__dict__ for r in records])


@st.cache_data(ttl=_TTL, show_spinner=False)
def stage_records(key: str, _settings: Settings) -> pd.DataFrame:
    lake = reader_lake(key, _settings)
    rows = [lake.get_json(e.key) for e in lake.list("silver/_stages/") if e.key.endswith(".json")]
    return pd.DataFrame(rows)


@st.cache_data(ttl=_TTL, show_spinner=False)
def hris_syncs(key: str, _settings: Settings) -> list[dict[str, Any]]:
    lake = reader_lake(key, _settings)
    return [lake.get_json(e.key) for e in lake.list("raw/hris/_syncs/") if e.key.endswith(".json")]


FRESHNESS_PREFIXES = (
    "raw/hris/",
    "raw/interviews/",
    "raw/media/",
    "silver/transcript_segments/",
    "silver/interview_scores/",
    "reports/",
    "raw/decisions/",
    "marts/",
)


@st.cache_data(ttl=_TTL, show_spinner=False)
def freshness(key: str, _settings: Settings) -> pd.DataFrame:
    lake = reader_lake(key, _settings)
    rows = []
    for prefix in FRESHNESS_PREFIXES:
        newest, count = None, 0
        for item in lake.client.list_objects(lake.bucket, prefix=prefix, recursive=True):
            count += 1
            if item.last_modified is not None and (newest is None or item.last_modified > newest):
                newest = item.last_modified
        age = None if newest is None else (datetime.now(UTC) - newest).total_seconds() / 3600
        rows.append({"prefix": prefix, "objects": count, "newest": newest, "age_hours": age})
    return pd.DataFrame(rows)


@st.cache_data(ttl=_TTL, show_spinner=False)
def prefect_flow_runs(key: str, _settings: Settings, api_url: str | None) -> pd.DataFrame | None:
    """Recent flow runs from Prefect's API, or None when no API answers."""
    del key
    if not api_url:
        return None
    try:
        response = httpx.post(
            f"{api_url.rstrip('/')}/flow_runs/filter",
            json={"sort": "START_TIME_DESC", "limit": 50},
            timeout=3.0,
        )
        response.raise_for_status()
        flows = httpx.post(f"{api_url.rstrip('/')}/flows/filter", json={"limit": 200}, timeout=3.0).json()
    except (httpx.HTTPError, json.JSONDecodeError):
        return None
    names = {f["id"]: f["name"] for f in flows}
    rows = [
        {
            "flow": names.get(run.get("flow_id"), run.get("flow_id")),
            "run": run.get("name"),
            "state": run.get("state_type"),
            "start_time": run.get("start_time"),
            "duration_seconds": run.get("total_run_time"),
        }
        for run in response.json()
    ]
    return pd.DataFrame(rows)
