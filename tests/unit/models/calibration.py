"""Score many generated interviews and summarise against the generator's truth (tests and benches).

`calibrate(...)` runs every (bank, strength, seed) combination; odd seeds carry a confidentiality
misread (a compliance answer that states a red flag). It returns the Spearman correlation between the
intended strength (strong 3, medium 2, weak 1) and the weighted total, and the precision / recall of the
high-severity compliance_misunderstanding flag against the misreads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import spearmanr

from hirelake.question_banks import load_bank
from hirelake.synth.media.config import Strength
from hirelake.weights import WeightSet
from models.assessment import ScoringPolicy, assess_interview
from models.embeddings import Embedder
from models.lexicon import Language

from .scripted import STRENGTH_RANK, scripted_interview

STRENGTHS: tuple[Strength, ...] = ("strong", "medium", "weak")


@dataclass(frozen=True)
class Calibration:
    interviews: int
    spearman: float
    flag_precision: float
    flag_recall: float
    misreads: int
    totals: dict[Strength, tuple[float, ...]]
    recommendations: dict[Strength, tuple[str, ...]]


def calibrate(
    language: Language,
    banks: Sequence[str],
    seeds: Sequence[int],
    weight_set: WeightSet,
    embedder: Embedder | None,
    *,
    noise: float = 0.0,
) -> Calibration:
    ranks: list[int] = []
    all_totals: list[float] = []
    totals: dict[Strength, list[float]] = {s: [] for s in STRENGTHS}
    recommendations: dict[Strength, list[str]] = {s: [] for s in STRENGTHS}
    hits = false_alarms = misses = 0
    for bank_id in banks:
        bank = load_bank(bank_id)
        for strength in STRENGTHS:
            for seed in seeds:
                run = scripted_interview(bank, language, strength, seed, misread=seed % 2 == 1, noise=noise)
                assessment = assess_interview(run.input, weight_set, ScoringPolicy(False), embedder)
                ranks.append(STRENGTH_RANK[strength])
                all_totals.append(assessment.decision.total)
                totals[strength].append(assessment.decision.total)
                recommendations[strength].append(assessment.decision.recommendation)
                raised = {
                    f.question_id
                    for f in assessment.flags
                    if f.code == "compliance_misunderstanding" and f.severity == "high"
                }
                truth = {run.truth.misread_question_id} - {None}
                hits += len(raised & truth)
                false_alarms += len(raised - truth)
                misses += len(truth - raised)
    return Calibration(
        interviews=len(ranks),
        spearman=float(spearmanr(ranks, all_totals).statistic),
        flag_precision=hits / max(1, hits + false_alarms),
        flag_recall=hits / max(1, hits + misses),
        misreads=hits + misses,
        totals={s: tuple(v) for s, v in totals.items()},
        recommendations={s: tuple(v) for s, v in recommendations.items()},
    )
