"""Candidate report: scores against the role's weights, flags, evidence that jumps the recording to its
moment, the transcript by speaker, and (for HR leads) the hire decision that starts onboarding."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from apps import audit, context, queries, views
from apps.context import t
from apps.logic import clock, current_score, today
from apps.resources import writer_lake
from hirelake.decisions import DecisionError, record_hire
from hirelake.errors import ConfigurationError, HirelakeError, LakeError

VIDEO_START = "report_video_start"

session = context.require("report")
settings = context.settings()
key = context.settings_key(settings)

st.title(t("page.report"))
scores = views.localized(
    views.scoped(queries.interview_scores(key, settings), session), "name_zh", "name_en", "name"
)
if scores.empty:
    st.info(t("dash.no_data"))
    st.stop()
labels: dict[str, str] = {
    str(r["interview_id"]): " · ".join(
        (
            str(r["interview_id"]),
            r["name"] if isinstance(r["name"], str) else str(r["candidate_id"]),
            str(r["position_id"]),
        )
    )
    for r in scores.to_dict("records")
}
ids = sorted(labels)
wanted = st.session_state.get("report_interview")
interview_id = str(
    st.selectbox(
        t("report.choose"),
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        format_func=labels.__getitem__,
    )
)
if st.session_state.get("report_shown") != interview_id:  # a new interview starts at 0:00
    st.session_state[VIDEO_START] = 0.0
    st.session_state["report_shown"] = interview_id
row = scores[scores["interview_id"] == interview_id].iloc[0]
try:
    data = queries.report(key, settings, interview_id, str(row["score_key"]), int(row["weights_version"]))
except LakeError as exc:  # the mart lists it, the lake has lost it (deleted on request, or a partial copy)
    st.error(str(exc))
    st.stop()
media = queries.media_key(key, settings, interview_id)
audit.log_openings(
    session,
    "report",
    interview_id,
    [("report", str(row["report_key"])), ("transcript", interview_id)]
    + ([("recording", media)] if media else []),
)

# --- summary ---------------------------------------------------------------------------------------
total, recommendation, review_state = st.columns(3)
total.metric(t("report.total"), f"{row['total_score']:.1f}")
recommendation.metric(t("report.recommendation"), t(f"recommendation.{row['recommendation']}"))
decided = [
    r
    for r in queries.reviews(key, settings)
    if r.interview_id == interview_id and r.score_key == row["score_key"]
]
review_state.metric(
    t("report.reviewed_outcome"),
    t(f"recommendation.{decided[-1].final_recommendation}") if decided else "—",
)
st.caption(t("report.needs_review") if bool(row["needs_review"]) else t("report.no_review_needed"))
st.caption(
    t(
        "report.reviewed",
        recommendation=t(f"recommendation.{decided[-1].final_recommendation}"),
        reviewer=decided[-1].reviewer,
    )
    if decided
    else t("report.not_reviewed")
)
st.caption(t("report.decision_note"))

# --- scores against the weights ----------------------------------------------------------------------
st.subheader(t("report.against_weights"))
dims = pd.DataFrame(
    {
        "dimension": [views.label("dimension", d.dimension) for d in data.dimensions],
        "score": [round(d.score, 1) for d in data.dimensions],
        "weight": [d.weight or 0.0 for d in data.dimensions],
    }
)
dims["points"] = (dims["score"] * dims["weight"] / 100).round(2)
left, right = st.columns(2)
with left:
    bars = (
        alt.Chart(dims)
        .mark_bar()
        .encode(
            x=alt.X("score:Q", title=t("report.score"), scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("dimension:N", title=None),
            tooltip=["dimension", "score", "weight"],
        )
    )
    pass_line = (
        alt.Chart(pd.DataFrame({"x": [data.dimension_pass]})).mark_rule(strokeDash=[6, 3]).encode(x="x:Q")
    )
    st.altair_chart(alt.layer(bars, pass_line), width="stretch")
with right:
    # Each dimension's weight is the most it can add to the total; the dark bar is what it added.
    ceiling = (
        alt.Chart(dims)
        .mark_bar(color="#dfe7f2")
        .encode(x=alt.X("weight:Q", title=t("report.weighted_points")), y=alt.Y("dimension:N", title=None))
    )
    earned = (
        alt.Chart(dims)
        .mark_bar(color="#4c78a8", height=10)
        .encode(x="points:Q", y="dimension:N", tooltip=["dimension", "weight", "points"])
    )
    st.altair_chart(ceiling + earned, width="stretch")
views.table(
    dims.rename(
        columns={
            "dimension": t("report.dimension"),
            "score": t("report.score"),
            "weight": t("report.weight"),
            "points": t("report.weighted_points"),
        }
    ),
    session,
    key="dimensions",
)

# --- flags -------------------------------------------------------------------------------------------
st.subheader(t("report.flags"))
if data.flags:
    flags = pd.DataFrame(
        {
            t("report.flags"): [views.label("flag", f.code) for f in data.flags],
            t("col.severity"): [views.label("severity", f.severity) for f in data.flags],
            t("report.time"): [clock(f.start_seconds) for f in data.flags],
            t("col.detail"): [f.detail for f in data.flags],
        }
    )
    views.table(flags, session, key="flags")
else:
    st.success(t("report.no_flags"))

# --- recording and evidence --------------------------------------------------------------------------
st.subheader(t("report.recording"))
video, evidence = st.columns([3, 2])
with video:
    url = queries.recording_url(key, settings, media) if media else None
    views.recording(url, float(st.session_state.get(VIDEO_START, 0.0)))
with evidence:
    st.markdown(f"**{t('report.evidence')}**")
    for index, item in enumerate(data.evidence):
        if st.button(
            t("report.jump", time=clock(item.start_seconds))
            + f" · {views.label('dimension', item.dimension)}",
            key=f"evidence-{index}",
            help=item.excerpt,
        ):
            st.session_state[VIDEO_START] = item.start_seconds
            st.rerun()
        st.caption(item.excerpt[:160])

st.subheader(t("report.transcript"))
segments = queries.transcript(key, settings, interview_id)
views.table(
    pd.DataFrame(
        {
            t("report.time"): [clock(s) for s in segments["start_seconds"]],
            t("report.speaker"): views.speakers(segments),
            t("col.speaker_id"): segments["speaker"],
            t("report.excerpt"): segments["text"],
        }
    ),
    session,
    key="transcript",
)

# --- hire decision -----------------------------------------------------------------------------------
if session.role in ("hr_lead", "admin"):
    st.subheader(t("hire.title"))
    earlier = [h for h in queries.hires(key, settings) if h.interview_id == interview_id]
    if earlier:
        st.info(
            t(
                "hire.existing",
                decision=t(f"hire.{earlier[-1].decision}"),
                by=earlier[-1].decided_by,
                at=earlier[-1].decided_at[:16],
            )
        )
    else:
        with st.form("hire"):
            outcome = st.radio(
                t("hire.decision"), ["hire", "reject"], format_func=lambda o: t(f"hire.{o}"), horizontal=True
            )
            start = st.date_input(t("hire.start_date"), value=today())
            term = st.number_input(t("hire.term_months"), min_value=0, max_value=240, value=36)
            grade = st.text_input(t("hire.grade"))
            reason = st.text_area(t("col.reason"))
            submitted = st.form_submit_button(t("hire.submit"))
        if submitted:
            lake = writer_lake(key, settings)
            try:
                hire = record_hire(
                    lake,
                    current_score(lake, interview_id),
                    decided_by=session.username,
                    decision="hire" if outcome == "hire" else "reject",
                    reason=reason,
                    start_date=start if outcome == "hire" else None,
                    contract_term_months=int(term) or None,
                    grade_code=grade.strip() or None,
                )
            except DecisionError as exc:
                st.error(str(exc))
            else:
                queries.forget_events()
                st.success(t("hire.recorded", event_id=hire.event_id))
                if hire.decision == "hire":
                    from hirelake.hris.api import HrisApiConnector
                    from hirelake.onboarding import push_onboarding

                    try:
                        with HrisApiConnector.from_settings(settings) as hris:
                            run = push_onboarding(lake, hris, context.language())
                    except (ConfigurationError, HirelakeError) as exc:
                        st.warning(t("hire.onboarding_failed", reason=str(exc)))
                    else:
                        if run.failed:
                            st.warning(t("hire.onboarding_failed", reason=run.failed[0][1]))
                        else:
                            st.success(t("hire.onboarding_sent"))
