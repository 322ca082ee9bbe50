"""Weights and question banks: the versions in use, and a new weight version previewed before saving."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from apps import context, queries, views
from apps.context import t
from apps.logic import next_version, ranking_preview, save_weight_version
from hirelake.question_banks import list_banks, load_bank
from hirelake.question_banks.diff import diff_banks
from hirelake.weights import Thresholds, WeightSet, load_weights, weight_versions

session = context.require("weights")
settings = context.settings()
key = context.settings_key(settings)
directory = queries.weights_dir(settings)

st.title(t("page.weights"))

# --- versions ----------------------------------------------------------------------------------------
st.subheader(t("weights.sets"))
versions = weight_versions(directory)
rows = []
for version in versions:
    weights = load_weights(version, directory)
    for family, dims in weights.role_families.items():
        rows.append({"version": version, t("weights.role_family"): family, **dims, "note": weights.note})
views.table(pd.DataFrame(rows), session, key="weight_sets")

st.subheader(t("weights.banks"))
banks = list_banks()
views.table(pd.DataFrame([{"bank_id": b.bank_id, "version": b.version} for b in banks]), session, key="banks")
with_history = sorted({b.bank_id for b in banks if sum(1 for o in banks if o.bank_id == b.bank_id) > 1})
if with_history:
    bank_id = st.selectbox(t("weights.bank_diff"), with_history, key="bank_diff")
    bank_versions = [b.version for b in banks if b.bank_id == bank_id]
    diff = diff_banks(load_bank(bank_id, bank_versions[-2]), load_bank(bank_id, bank_versions[-1]))
    st.text("\n".join(diff.lines(context.language())))

# --- a new version -----------------------------------------------------------------------------------
st.subheader(t("weights.new_version"))
base_version = st.selectbox(t("weights.base_version"), versions, index=len(versions) - 1, key="weights_base")
base = load_weights(base_version, directory)
family = st.selectbox(t("weights.role_family"), sorted(base.role_families), key="weights_family")
edited = dict(base.role_families[family])
columns = st.columns(len(edited))
for column, dimension in zip(columns, sorted(edited), strict=True):
    edited[dimension] = column.number_input(
        views.label("dimension", dimension),
        min_value=0.0,
        max_value=100.0,
        value=float(edited[dimension]),
        step=5.0,
        key=f"weight-{family}-{dimension}",
    )
limits = base.thresholds
threshold_columns = st.columns(4)
thresholds = {
    name: threshold_columns[i].number_input(
        name, min_value=0.0, max_value=100.0, value=float(getattr(limits, name)), key=f"threshold-{name}"
    )
    for i, name in enumerate(("recommend_at", "hold_at", "review_band", "dimension_pass"))
}
note = st.text_input(t("weights.note"), key="weights_note")
total = sum(edited.values())
if abs(total - 100) > 1e-9:
    st.error(t("weights.sum_error", total=f"{total:g}"))
    st.stop()
try:
    candidate = WeightSet(
        version=next_version(directory),
        note=note.strip() or "draft",
        thresholds=Thresholds(**thresholds),
        role_families={**base.role_families, family: edited},
        folds=base.folds,
    )
except ValidationError as exc:
    st.error(str(exc))
    st.stop()

st.markdown(f"**{t('weights.preview')}**")
scores = views.scoped(queries.interview_scores(key, settings), session)
preview = ranking_preview(scores, queries.dimension_scores(key, settings), candidate)
if preview.empty:
    st.info(t("dash.no_data"))
else:
    st.caption(t("weights.changed", count=int(preview["changed"].sum())))
    st.scatter_chart(preview, x="total_now", y="total_new", color="changed")
    views.table(
        preview.rename(
            columns={
                "rank_now": t("weights.rank_now"),
                "rank_new": t("weights.rank_new"),
                "total_now": t("weights.total_now"),
                "total_new": t("weights.total_new"),
                "recommendation_new": t("weights.rec_new"),
            }
        ),
        session,
        key="preview",
    )
if st.button(t("weights.save"), key="weights_save", type="primary"):
    if not note.strip():
        st.error(t("weights.note_required"))
    else:
        path = save_weight_version(candidate, directory)
        st.success(t("weights.saved", version=candidate.version, path=path.name))
