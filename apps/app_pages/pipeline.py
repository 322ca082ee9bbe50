"""HR lead: the positions of my departments and each one's candidate pipeline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from apps import context, queries, views
from apps.context import t
from apps.logic import review_queue

session = context.require("pipeline")
settings = context.settings()
key = context.settings_key(settings)

st.title(t("page.pipeline"))
views.scope_caption(session)

positions = views.localized(
    views.scoped(queries.positions(key, settings), session), "title_zh", "title_en", "title"
)
scores = views.scoped(queries.interview_scores(key, settings), session)
applications = queries.applications(key, settings)
hired = {h.interview_id for h in queries.hires(key, settings) if h.decision == "hire"}
waiting = set(review_queue(scores, queries.reviews(key, settings))["interview_id"])

st.subheader(t("pipeline.positions"))
counts = pd.DataFrame(
    {
        "position_id": positions["position_id"],
        t("col.position"): positions["title"],
        t("col.department"): positions["department_id"],
        t("col.applicants"): [
            int((applications["position_id"] == p).sum()) for p in positions["position_id"]
        ],
        t("col.scored"): [int((scores["position_id"] == p).sum()) for p in positions["position_id"]],
        t("col.awaiting_review"): [
            int(scores[(scores["position_id"] == p) & scores["interview_id"].isin(waiting)].shape[0])
            for p in positions["position_id"]
        ],
        t("col.hired"): [
            int(scores[(scores["position_id"] == p) & scores["interview_id"].isin(hired)].shape[0])
            for p in positions["position_id"]
        ],
    }
)
views.table(counts, session, key="positions")

st.subheader(t("pipeline.candidates"))
if positions.empty:
    st.info(t("dash.no_data"))
    st.stop()
titles = dict(zip(positions["position_id"], positions["title"], strict=True))
position = st.selectbox(
    t("pipeline.choose_position"),
    list(titles),
    format_func=lambda p: f"{p} · {titles[p]}",
    key="pipeline_position",
)
chosen = views.localized(scores[scores["position_id"] == position], "name_zh", "name_en", "name")
pipeline = pd.DataFrame(
    {
        t("col.interview"): chosen["interview_id"],
        t("col.candidate"): chosen["name"],
        t("report.total"): chosen["total_score"].round(1),
        t("report.recommendation"): [t(f"recommendation.{r}") for r in chosen["recommendation"]],
        t("col.awaiting_review"): chosen["interview_id"].isin(waiting),
        t("col.hired"): chosen["interview_id"].isin(hired),
        t("col.scored_at"): chosen["scored_at"],
    }
).sort_values(t("report.total"), ascending=False)
views.table(pipeline, session, key="pipeline")
if not chosen.empty:
    interview = st.selectbox(t("report.choose"), list(chosen["interview_id"]), key="pipeline_interview")
    if st.button(t("pipeline.open_report"), key="open_report"):
        st.session_state["report_interview"] = interview
        st.switch_page("app_pages/report.py")

st.subheader(t("compliance.licences"))
licences = queries.mart(key, settings, "compliance.fct_licence_status")
employment = queries.mart(key, settings, "attendance.dim_employment")
if licences is None or employment is None:
    st.info(t("dash.not_built", table="compliance.fct_licence_status"))
else:
    staff = licences.merge(employment[["employee_id", "department_id"]], on="employee_id", how="left")
    expiring = views.scoped(staff, session)
    views.table(
        expiring[expiring["status"] != "valid"].sort_values("expires_on"), session, key="pipeline_licences"
    )
