"""Calibration with imitated transcription errors (10% of tokens dropped or replaced everywhere)."""

from __future__ import annotations

import pytest

from hirelake.weights import load_weights
from models.embeddings import Embedder

from .calibration import calibrate

BANKS = ("nurse_emergency", "administrative", "clinical_physician_cardiology")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_noise_keeps_the_ranking_and_the_flags(language: str, embedder: Embedder) -> None:
    result = calibrate(
        language, BANKS, seeds=(3, 4), weight_set=load_weights(1), embedder=embedder, noise=0.1
    )  # type: ignore[arg-type]
    assert result.spearman >= 0.85, result.spearman
    assert result.flag_precision == 1.0, result
    assert result.flag_recall >= 0.8, result
    assert set(result.recommendations["weak"]) == {"not_recommended"}
