"""Rubric coverage recovers what the generator made each answer cover, in both languages."""

from __future__ import annotations

import numpy as np
import pytest

from hirelake.question_banks import find_bank
from hirelake.synth.media import CandidateRef
from hirelake.synth.media.script import build_script
from models.rubric import score_rubric


def _answers(language: str, seed: int, strength: str, misread: bool = False) -> list[tuple[str, object]]:
    candidate = CandidateRef(
        "C1",
        "POS1",
        "nurse",
        "DEP-ED",
        language=language,
        strength=strength,  # type: ignore[arg-type]
    )
    bank = find_bank("nurse", "DEP-ED")
    script = build_script("iv1", candidate, bank, language, np.random.default_rng(seed), answers=4,  # type: ignore[arg-type]
                          integrity_case=False, confidentiality_misread=misread)  # fmt: skip
    spoken = [u for u in script.utterances if u.speaker == "candidate"]
    return [
        (" ".join(u.text for u in spoken if u.answer_index == plan.index), plan) for plan in script.answers
    ]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_key_points_found_match_the_generated_truth(language: str) -> None:
    expected = found = agreed = 0
    for seed, strength in [(1, "strong"), (2, "medium"), (3, "weak"), (4, "strong"), (5, "medium")]:
        for text, plan in _answers(language, seed, strength):
            coverage = score_rubric(text, plan.question, language)  # type: ignore[attr-defined, arg-type]
            covered = {h.key_point_id for h in coverage.key_points if h.covered}
            truth = set(plan.key_points_covered)  # type: ignore[attr-defined]
            expected += len(truth)
            found += len(covered)
            agreed += len(truth & covered)
    precision, recall = agreed / max(1, found), agreed / max(1, expected)
    assert precision >= 0.9, (precision, recall)
    assert recall >= 0.9, (precision, recall)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_misread_confidentiality_answer_raises_its_red_flag(language: str) -> None:
    raised = []
    for text, plan in _answers(language, 7, "medium", misread=True):
        coverage = score_rubric(text, plan.question, language)  # type: ignore[attr-defined, arg-type]
        raised.append((set(coverage.red_flags), set(plan.red_flags_spoken)))  # type: ignore[attr-defined]
    assert any(spoken for _, spoken in raised), "the script spoke no red flag"
    assert all(found == spoken for found, spoken in raised), raised
