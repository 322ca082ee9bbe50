"""Pay simulation: pay scenarios side by side, total cost per department, change against the baseline."""

from __future__ import annotations

import altair as alt
import streamlit as st

from apps import context, queries, views
from apps.context import t

session = context.require("pay")
settings = context.settings()
key = context.settings_key(settings)
TABLE = "payroll.fct_department_pay_costs_by_scenario"

st.title(t("page.pay"))
views.scope_caption(session)
scenarios, months = queries.pay_scenarios(key, settings)
if not months:
    st.info(t("dash.not_built", table=TABLE))
    st.stop()
descriptions = dict(zip(scenarios["scenario_id"], scenarios["scenario_description"], strict=True))
chosen = st.multiselect(
    t("pay.choose"),
    list(descriptions),
    default=list(descriptions)[:3],
    format_func=lambda s: f"{s} · {descriptions[s]}",
    key="pay_scenarios",
)
month = st.selectbox(t("pay.month"), months, key="pay_month")
if not chosen:
    st.stop()
found = queries.pay_costs(key, settings, tuple(chosen), month)
if found is None:
    st.info(t("dash.not_built", table=TABLE))
    st.stop()
costs = views.scoped(found, session)
departments = views.localized(queries.departments(key, settings), "name_zh", "name_en", "department")
costs = costs.merge(departments[["department_id", "department"]], on="department_id", how="left")
costs["gross"] = costs["gross_pay_yuan"].astype(float)
costs["change"] = costs["gross_pay_change_yuan"].astype(float)

st.subheader(t("pay.cost_by_department"))
st.altair_chart(
    alt.Chart(costs)
    .mark_bar()
    .encode(
        x=alt.X("department:N", title=t("col.department")),
        xOffset="scenario_id:N",
        y=alt.Y("gross:Q", title=t("pay.gross")),
        color=alt.Color("scenario_id:N", title=t("pay.scenarios")),
        tooltip=["scenario_id", "department", "headcount", "gross", "change"],
    ),
    width="stretch",
)
st.subheader(t("pay.change_vs_baseline"))
st.altair_chart(
    alt.Chart(costs)
    .mark_bar()
    .encode(
        x=alt.X("change:Q", title=t("pay.change_vs_baseline")),
        y=alt.Y("department:N", title=None),
        color="scenario_id:N",
        yOffset="scenario_id:N",
    ),
    width="stretch",
)
side_by_side = costs.pivot_table(
    index="department", columns="scenario_id", values="gross", aggfunc="sum"
).reset_index()
side_by_side.columns = [str(c) if c == "department" else f"{c}_yuan" for c in side_by_side.columns]
views.table(side_by_side, session, key="pay_side_by_side")
views.table(costs.drop(columns=["gross", "change"]), session, key="pay_detail")
