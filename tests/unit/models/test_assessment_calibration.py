"""Calibration on clean generated interviews: strength ranks the total; misreads raise the flag.

Many candidates per strength (strong ~90%, medium ~55%, weak ~15% of key points), both languages,
all five banks; half the interviews misread confidentiality. With three tied strength levels the
highest Spearman correlation possible is ~0.94 (the groups perfectly separated).
"""

from __future__ import annotations

import pytest

from hirelake.weights import load_weights
from models.embeddings import Embedder

from .calibration import calibrate

BANKS = ("nurse_emergency", "nurse_ward", "administrative", "clinical_physician_emergency",
         "clinical_physician_cardiology")  # fmt: skip


@pytest.mark.parametrize("language", ["en", "zh"])
def test_strength_ranks_the_total_and_misreads_are_flagged(language: str, embedder: Embedder) -> None:
    result = calibrate(language, BANKS, seeds=(1, 2), weight_set=load_weights(1), embedder=embedder)  # type: ignore[arg-type]
    assert result.interviews == 30
    assert result.spearman >= 0.9, result.spearman
    assert result.misreads == 15
    assert (result.flag_precision, result.flag_recall) == (1.0, 1.0)
    assert set(result.recommendations["weak"]) == {"not_recommended"}
    assert "not_recommended" not in result.recommendations["strong"]
    assert min(result.totals["strong"]) > max(result.totals["weak"])
