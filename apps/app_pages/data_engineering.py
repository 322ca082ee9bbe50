"""Data engineering: recent flow runs and durations, quarantined items with reasons, data quality per
table, lake freshness, and the model versions in use."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from apps import context, queries, views
from apps.context import t
from hirelake.services.prefect_server import local_server_url, prefect_process

session = context.require("data_engineering")
settings = context.settings()
key = context.settings_key(settings)

st.title(t("page.data_engineering"))

st.subheader(t("de.flow_runs"))
api_url = settings.prefect.api_url or (
    local_server_url(settings) if prefect_process(settings).state().running else None
)
runs = queries.prefect_flow_runs(key, settings, api_url)
if runs is not None:
    st.caption(t("de.flow_runs_source", source=f"Prefect API {api_url}"))
    views.table(runs, session, key="flow_runs")
    if not runs.empty:
        st.bar_chart(runs, x="run", y="duration_seconds", color="flow")
else:
    # No Prefect API: what the lake records about runs (HRIS syncs carry start and end; stages their end).
    st.caption(t("de.flow_runs_source", source="lake: raw/hris/_syncs, silver/_stages"))
    syncs = pd.DataFrame(
        [
            {
                "flow": "sync-hris",
                "run": s.get("load_date"),
                "started_at": s.get("started_at"),
                "finished_at": s.get("finished_at"),
                "duration_seconds": (
                    datetime.fromisoformat(s["finished_at"]) - datetime.fromisoformat(s["started_at"])
                ).total_seconds()
                if s.get("started_at") and s.get("finished_at")
                else None,
            }
            for s in queries.hris_syncs(key, settings)
        ]
    )
    views.table(syncs, session, key="syncs")
    stages = queries.stage_records(key, settings)
    if not stages.empty:
        stages = stages.sort_values("finished_at", ascending=False)
        views.table(
            stages[["interview_id", "stage", "finished_at", "fingerprint"]].head(200), session, key="stages"
        )

st.subheader(t("de.quarantine"))
views.table(queries.quarantine_records(key, settings), session, key="quarantine")

st.subheader(t("de.quality"))
rows = []
for sync in queries.hris_syncs(key, settings):
    for entity, report in (sync.get("entities") or {}).items():
        rows.append(
            {
                "table": f"raw/hris/{entity}",
                "load_date": sync.get("load_date"),
                "accepted": report.get("accepted"),
                "rejected": report.get("rejected"),
            }
        )
stages = queries.stage_records(key, settings)
if not stages.empty:
    published: dict[str, int] = {}
    for tables in stages["tables"]:
        for table, count in (tables or {}).items():
            published[table] = published.get(table, 0) + int(count)
    rejected = queries.quarantine_records(key, settings)
    for table, count in sorted(published.items()):
        rows.append({"table": f"silver/{table}", "load_date": None, "accepted": count, "rejected": None})
    if not rejected.empty:
        for stage, group in rejected.groupby("stage"):
            rows.append(
                {"table": f"quarantine/{stage}", "load_date": None, "accepted": None, "rejected": len(group)}
            )
views.table(pd.DataFrame(rows), session, key="quality")

st.subheader(t("de.freshness"))
fresh = queries.freshness(key, settings)
views.table(fresh, session, key="freshness")

st.subheader(t("de.models"))
scores = queries.interview_scores(key, settings)
if not scores.empty:
    versions = (
        scores.groupby(["bank_id", "bank_version", "weights_version"], dropna=False)
        .size()
        .reset_index(name="interviews")
    )
    views.table(versions, session, key="score_versions")
if not stages.empty:
    fingerprints = stages.groupby(["stage", "fingerprint"]).size().reset_index(name="interviews")
    views.table(fingerprints, session, key="stage_versions")
