"""Shared pieces of the pages: scoping and masking frames, tables, charts, the video player."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from apps.context import language, t
from hirelake.auth import Session
from hirelake.i18n import keys as catalogue_keys
from hirelake.roles import in_scope, mask_value, masked_columns


def scoped(frame: pd.DataFrame, session: Session, column: str = "department_id") -> pd.DataFrame:
    """Only the rows of the visitor's departments (everything for unscoped roles)."""
    scope = session.scope
    if scope is None:
        return frame
    if column not in frame.columns:  # rows that cannot be placed in a department are not shown
        return frame.iloc[0:0]
    # a boolean Series, not a list: an empty list would select no columns rather than no rows
    return frame.loc[pd.Series([in_scope(scope, d) for d in frame[column]], index=frame.index, dtype=bool)]


def masked(frame: pd.DataFrame, session: Session) -> pd.DataFrame:
    hidden = masked_columns(session.role, frame.columns)
    if not hidden:
        return frame
    copy = frame.copy()
    for column in hidden:
        copy[column] = [mask_value(v) for v in copy[column]]
    return copy


def table(frame: pd.DataFrame, session: Session, *, key: str | None = None) -> None:
    """A scoped-elsewhere, masked-here table; says so when columns were masked."""
    shown = masked(frame, session)
    if shown is not frame:
        st.caption(t("dash.masked_note"))
    if frame.empty:
        st.info(t("dash.no_data"))
        return
    st.dataframe(shown, hide_index=True, width="stretch", key=key)


def scope_caption(session: Session) -> None:
    scope = session.scope
    names = t("dash.all_departments") if scope is None else ", ".join(sorted(scope)) or "-"
    st.caption(t("dash.scope", departments=names))


def localized(frame: pd.DataFrame, zh: str, en: str, into: str) -> pd.DataFrame:
    """One display column from a zh/en pair, in the chosen language."""
    if frame.empty:
        frame[into] = []
        return frame
    source = zh if language() == "zh" else en
    frame = frame.copy()
    frame[into] = frame[source].fillna(frame[en] if source == zh else frame[zh])
    return frame


def recording(url: str | None, start_seconds: float) -> None:
    if url is None:
        st.info(t("report.no_recording"))
        return
    st.video(url, start_time=int(start_seconds))


def speakers(segments: pd.DataFrame) -> list[str]:
    """Who spoke each segment: interviewer / candidate in the chosen language, else the diarizer's label."""
    names = {"interviewer": t("report.role_interviewer"), "candidate": t("report.role_candidate")}
    return [
        names.get(str(role), str(speaker or ""))
        for role, speaker in zip(segments["role"], segments["speaker"], strict=True)
    ]


def four_fifths_chart(frame: pd.DataFrame, value: str, title: str) -> alt.LayerChart:
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title=title, scale=alt.Scale(domain=[0, 1.05])),
            y=alt.Y("category:N", title=None),
            color=alt.condition(alt.datum[value] < 0.8, alt.value("#d62728"), alt.value("#4c78a8")),
            tooltip=["category_type", "category", value, "applicants"],
        )
    )
    line = alt.Chart(pd.DataFrame({"x": [0.8]})).mark_rule(strokeDash=[6, 3], color="black").encode(x="x:Q")
    layered: alt.LayerChart = bars + line
    return layered


def label(prefix: str, code: object) -> str:
    """The catalogue text of a code (`flag.second_voice`), or the code itself when none exists yet."""
    entry = f"{prefix}.{code}"
    return t(entry) if entry in catalogue_keys() else str(code)


def as_list(value: object) -> list[str]:
    """A list cell from DuckDB/Arrow (list, tuple, numpy array) as strings; a missing one as []."""
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value]
    return []
