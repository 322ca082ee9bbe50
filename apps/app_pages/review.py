"""Reviewer: the queue (borderline and split cases first, then the oldest), the recording at the flagged
moments, and a decision (confirm, or override with a reason) recorded as an event, never an edit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from apps import audit, context, queries, views
from apps.context import t
from apps.logic import clock, current_score, flagged_moments, review_queue
from apps.resources import writer_lake
from hirelake.decisions import RECOMMENDATIONS, DecisionError, record_review
from hirelake.errors import LakeError

VIDEO_START = "review_video_start"

session = context.require("review")
settings = context.settings()
key = context.settings_key(settings)

st.title(t("page.review"))
scores = views.localized(
    views.scoped(queries.interview_scores(key, settings), session), "name_zh", "name_en", "name"
)
queue = review_queue(scores, queries.reviews(key, settings))
if (done := st.session_state.pop("review_done", None)) is not None:
    st.success(t("review.recorded", event_id=done))
st.subheader(f"{t('review.queue')} ({len(queue)})")
if queue.empty:
    st.info(t("review.empty"))
    st.stop()
views.table(
    pd.DataFrame(
        {
            t("review.priority"): [
                t("review.priority_high") if p == 0 else t("review.priority_routine")
                for p in queue["priority"]
            ],
            t("col.interview"): queue["interview_id"],
            t("col.candidate"): queue["name"],
            t("col.position"): queue["position_id"],
            t("report.total"): queue["total_score"].round(1),
            t("report.recommendation"): [views.label("recommendation", r) for r in queue["recommendation"]],
            t("report.review_reasons"): ["; ".join(views.as_list(r)) for r in queue["review_reasons"]],
            t("col.scored_at"): queue["scored_at"],
        }
    ).head(500),  # the first screenful that matters; the order puts the urgent ones on top
    session,
    key="queue",
)

interview_id = st.selectbox(t("review.choose"), list(queue["interview_id"].head(500)), key="review_interview")
if st.session_state.get("review_shown") != interview_id:
    st.session_state[VIDEO_START] = 0.0
    st.session_state["review_shown"] = interview_id
row = queue[queue["interview_id"] == interview_id].iloc[0]
try:
    data = queries.report(key, settings, interview_id, str(row["score_key"]), int(row["weights_version"]))
except LakeError as exc:
    st.error(str(exc))
    st.stop()
media = queries.media_key(key, settings, interview_id)
audit.log_openings(
    session,
    "review",
    interview_id,
    [("transcript", interview_id)] + ([("recording", media)] if media else []),
)

video, moments = st.columns([3, 2])
with video:
    url = queries.recording_url(key, settings, media) if media else None
    views.recording(url, float(st.session_state.get(VIDEO_START, 0.0)))
with moments:
    st.markdown(f"**{t('review.flagged_moments')}**")
    for index, (seconds, kind, code) in enumerate(flagged_moments(data)):
        if st.button(f"▶ {clock(seconds)} · {views.label(kind, code)}", key=f"moment-{index}"):
            st.session_state[VIDEO_START] = seconds
            st.rerun()
    for reason in views.as_list(row["review_reasons"]):
        st.caption(reason)

with st.expander(t("report.transcript")):
    segments = queries.transcript(key, settings, interview_id)
    views.table(
        pd.DataFrame(
            {
                t("report.time"): [clock(s) for s in segments["start_seconds"]],
                t("report.speaker"): views.speakers(segments),
                t("report.excerpt"): segments["text"],
            }
        ),
        session,
        key="review_transcript",
    )

st.subheader(t("review.action"))
with st.form("review"):
    action = st.radio(
        t("review.action"),
        ["confirm", "override"],
        format_func=lambda a: t(f"review.{a}"),
        horizontal=True,
        key="review_action",
    )
    choices = [r for r in RECOMMENDATIONS if r != row["recommendation"]]
    override_to = st.selectbox(
        t("review.override_to"),
        choices,
        format_func=lambda r: t(f"recommendation.{r}"),
        key="review_override_to",
    )
    reason = st.text_area(t("review.reason"), key="review_reason")
    submitted = st.form_submit_button(t("review.submit"))
if submitted:
    lake = writer_lake(key, settings)
    try:
        decision = record_review(
            lake,
            current_score(lake, interview_id),
            reviewer=session.username,
            action="confirm" if action == "confirm" else "override",
            reason=reason,
            override_to=override_to if action == "override" else None,
        )
    except DecisionError as exc:
        st.error(str(exc))
    else:
        queries.forget_events()
        st.session_state["review_done"] = decision.event_id
        st.rerun()
