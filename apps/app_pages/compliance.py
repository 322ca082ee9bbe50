"""Compliance: the interview archive by person, position or date; bias audit with the four-fifths line;
consent coverage; retention and deletion requests; override log; licence expiry; access log."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from apps import audit, context, queries, views
from apps.context import t
from apps.logic import today
from apps.resources import reader_lake

session = context.require("compliance")
settings = context.settings()
key = context.settings_key(settings)

st.title(t("page.compliance"))
archive, bias, consent, retention, overrides, licences, access = st.tabs(
    [
        t("compliance.archive"),
        t("compliance.bias"),
        t("compliance.consent"),
        t("compliance.retention"),
        t("compliance.overrides"),
        t("compliance.licences"),
        t("compliance.access_log"),
    ]
)
people = views.localized(queries.candidates(key, settings), "name_zh", "name_en", "name")
names = dict(zip(people["candidate_id"], people["name"], strict=True))

with archive:
    index = queries.mart(key, settings, "compliance.fct_archive_index")
    if index is None:  # before the marts build: the scored interviews are the archive
        index = queries.interview_scores(key, settings).rename(columns={"scored_at": "interviewed_at"})
    index = index.copy()
    index["candidate_name"] = [names.get(c, "") for c in index["candidate_id"]]
    index["interviewed_at"] = pd.to_datetime(index["interviewed_at"], utc=True)
    person, position, since, until = st.columns(4)
    who = person.text_input(t("compliance.search_person"), key="archive_person").strip().lower()
    where = position.selectbox(
        t("compliance.search_position"),
        ["", *sorted(index["position_id"].dropna().unique())],
        key="archive_position",
    )
    start = since.date_input(
        t("compliance.search_from"), value=today() - timedelta(days=3 * 365), key="archive_from"
    )
    end = until.date_input(t("compliance.search_to"), value=today(), key="archive_to")
    found = index[
        (
            index["candidate_id"].str.lower().str.contains(who, regex=False)
            | index["candidate_name"].str.lower().str.contains(who, regex=False)
        )
        & ((index["position_id"] == where) if where else True)
        & (index["interviewed_at"].dt.date >= start)
        & (index["interviewed_at"].dt.date <= end)
    ]
    views.table(found, session, key="archive")
    if not found.empty:
        interview_id = st.selectbox(t("col.interview"), list(found["interview_id"]), key="archive_interview")
        if st.button(t("compliance.open_item"), key="archive_open"):
            st.session_state["archive_opened"] = interview_id
        if st.session_state.get("archive_opened") == interview_id:
            scores = queries.interview_scores(key, settings)
            row = scores[scores["interview_id"] == interview_id]
            media = queries.media_key(key, settings, interview_id)
            report_key = str(row.iloc[0]["report_key"]) if not row.empty else None
            opened = [("transcript", interview_id)] + ([("recording", media)] if media else [])
            audit.log_openings(
                session, "archive", interview_id, opened + ([("report", report_key)] if report_key else [])
            )
            views.recording(queries.recording_url(key, settings, media) if media else None, 0)
            segments = queries.transcript(key, settings, interview_id)
            views.table(
                pd.DataFrame(
                    {t("report.speaker"): views.speakers(segments), t("report.excerpt"): segments["text"]}
                ),
                session,
                key="archive_transcript",
            )
            lake = reader_lake(key, settings)
            if report_key and lake.exists(report_key):
                components.html(lake.get_bytes(report_key).decode("utf-8"), height=600, scrolling=True)

with bias:
    audit_frame = queries.bias_audit_for(key, settings, None)
    if audit_frame is None:
        st.info(t("dash.not_built", table="compliance.fct_bias_audit"))
    else:
        frame = audit_frame.copy()
        for column in ("selection_impact_ratio", "scoring_impact_ratio", "selection_rate", "scoring_rate"):
            frame[column] = frame[column].astype(float)
        st.metric(t("compliance.below", count=int(frame["is_below_four_fifths"].fillna(False).sum())), "")
        for category_type in frame["category_type"].unique():
            part = frame[(frame["category_type"] == category_type) & ~frame["is_excluded"].fillna(False)]
            left, right = st.columns(2)
            left.altair_chart(
                views.four_fifths_chart(part, "selection_impact_ratio", f"{category_type}: selection"),
                width="stretch",
            )
            right.altair_chart(
                views.four_fifths_chart(part, "scoring_impact_ratio", f"{category_type}: scoring"),
                width="stretch",
            )
        st.caption(t("compliance.four_fifths"))
        views.table(frame, session, key="bias")

with consent:
    coverage = queries.mart(key, settings, "compliance.fct_consent_coverage")
    if coverage is None:
        st.info(t("dash.not_built", table="compliance.fct_consent_coverage"))
    else:
        coverage = coverage.assign(rate=coverage["consent_coverage_rate"].astype(float))
        st.bar_chart(coverage, x="consent_purpose", y="rate")
        views.table(coverage.drop(columns=["rate"]), session, key="consent")

with retention:
    requests = queries.mart(key, settings, "compliance.fct_deletion_requests")
    if requests is None:
        st.info(t("dash.not_built", table="compliance.fct_deletion_requests"))
    else:
        overdue = requests[requests["is_overdue"].fillna(False)]
        st.metric(t("compliance.overdue", count=len(overdue)), "")
        views.table(overdue, session, key="deletions_overdue")
        views.table(requests, session, key="deletions")
    index = queries.mart(key, settings, "compliance.fct_archive_index")
    if index is not None and "is_past_retention" in index.columns:
        views.table(index[index["is_past_retention"].fillna(False)], session, key="past_retention")

with overrides:
    # Live from the events (the mart lags until the next build): an override shows here at once.
    events = [d for d in queries.reviews(key, settings) if d.action == "override"]
    log = pd.DataFrame([d.__dict__ for d in events])
    views.table(log.iloc[::-1] if not log.empty else log, session, key="overrides")

with licences:
    status = queries.mart(key, settings, "compliance.fct_licence_status")
    if status is None:
        st.info(t("dash.not_built", table="compliance.fct_licence_status"))
    else:
        st.bar_chart(status["status"].value_counts())
        views.table(status.sort_values("expires_on"), session, key="licences")

with access:
    views.table(queries.access_events(key, settings), session, key="access_log")
