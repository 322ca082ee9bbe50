"""Candidates: applications to positions, consent records (PIPL) and demographics for the bias audit.

Hired candidates carry a hire date inside the generated period; the employee side turns each of them
into an employee record linked by `candidate_id`, so nothing is typed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, cast

import numpy as np
import pandas as pd

from hirelake.synth.hr.names import draw_names
from hirelake.synth.hr.organisation import Position, RoleFamily

Outcome = Literal["hired", "rejected", "withdrawn"]
Language = Literal["zh", "en"]

# Approximate shares of the 2020 census for the largest groups; `unknown` = declined to answer.
ETHNICITIES: tuple[tuple[str, str, float], ...] = (
    ("Han", "汉族", 0.885), ("Zhuang", "壮族", 0.013), ("Hui", "回族", 0.008), ("Uyghur", "维吾尔族", 0.008),
    ("Miao", "苗族", 0.0078), ("Manchu", "满族", 0.0074), ("Yi", "彝族", 0.0069), ("Tujia", "土家族", 0.0068),
    ("Tibetan", "藏族", 0.005), ("Mongol", "蒙古族", 0.0045), ("unknown", "未填写", 0.05),
)  # fmt: skip
_OUTCOME_SHARES: dict[Outcome, float] = {"hired": 0.15, "rejected": 0.65, "withdrawn": 0.20}
_EDUCATION = ("大专", "本科", "硕士", "博士")
_SOURCES = ("campus", "job_board", "referral", "hospital_website")
NOTICE_VERSION = "2026.1"


@dataclass(frozen=True)
class Candidate:
    """A candidate as the interview side needs them: who, for which position, in which language."""

    candidate_id: str
    name_zh: str
    name_en: str
    sex: str
    ethnicity: str
    language: Language
    application_id: str
    position_id: str
    role_family: RoleFamily
    department_id: str
    applied_date: date
    outcome: Outcome
    decision_date: date
    hire_date: date | None
    consent_ai_evaluation: bool
    consent_biometric: bool
    employee_id: str | None = None


@dataclass(frozen=True)
class CandidateTables:
    candidates: pd.DataFrame
    demographics: pd.DataFrame
    applications: pd.DataFrame
    consents: pd.DataFrame
    records: tuple[Candidate, ...]


def _iso(days: np.ndarray) -> list[str]:
    return [str(d) for d in days.astype("datetime64[D]")]


def _sexes(rng: np.random.Generator, families: list[RoleFamily]) -> list[str]:
    female_share = {"clinical_physician": 0.5, "nurse": 0.88, "administrative": 0.6}
    draws = rng.random(len(families))
    unknown = rng.random(len(families)) < 0.02
    sexes = ["F" if d < female_share[f] else "M" for d, f in zip(draws, families, strict=True)]
    return ["unknown" if u else s for s, u in zip(sexes, unknown, strict=True)]


def _outcomes(rng: np.random.Generator, count: int, max_hires: int) -> np.ndarray:
    labels = np.array(list(_OUTCOME_SHARES))
    outcomes = rng.choice(labels, size=count, p=np.array(list(_OUTCOME_SHARES.values())))
    hired = np.flatnonzero(outcomes == "hired")
    outcomes[hired[max_hires:]] = "rejected"  # the hospital has no more openings than employees
    return outcomes


def _consents(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(has_records, ai_granted, biometric_granted): a few candidates never answered, some refused."""
    pattern = rng.choice(4, size=count, p=[0.02, 0.02, 0.05, 0.91])
    has_records = pattern != 0
    ai = pattern >= 2
    biometric = pattern == 3
    return has_records, ai, biometric


def generate_candidates(
    rng: np.random.Generator,
    count: int,
    *,
    positions: list[Position],
    period_start: date,
    period_end: date,
    languages: tuple[Language, ...],
    max_hires: int,
) -> CandidateTables:
    pos_idx = rng.integers(0, len(positions), size=count)
    families: list[RoleFamily] = [positions[i].role_family for i in pos_idx]
    sexes = _sexes(rng, families)
    names_zh, names_en = draw_names(rng, ["F" if s == "F" else "M" for s in sexes])
    eth_p = np.array([p for _, _, p in ETHNICITIES])
    eth_idx = rng.choice(len(ETHNICITIES), size=count, p=eth_p / eth_p.sum())
    lang_p = np.array([0.85, 0.15]) if len(languages) == 2 else np.array([1.0])
    language_idx = rng.choice(len(languages), size=count, p=lang_p)
    outcomes = _outcomes(rng, count, max_hires)

    start = np.datetime64(period_start, "D")
    span = (period_end - period_start).days + 1
    hire = start + rng.integers(0, span, size=count)
    decision_for_hired = hire - rng.integers(7, 22, size=count)
    applied_other = start - 60 + rng.integers(0, span + 60 - 7, size=count)
    is_hired = outcomes == "hired"
    applied = np.where(is_hired, decision_for_hired - rng.integers(7, 31, size=count), applied_other)
    decision = np.where(
        is_hired, decision_for_hired, np.minimum(applied + rng.integers(7, 31, size=count), hire.max())
    )
    decision = np.minimum(decision, np.datetime64(period_end, "D"))
    has_consent, ai, biometric = _consents(rng, count)

    ids = [f"C{i + 1:06d}" for i in range(count)]
    app_ids = [f"APP{i + 1:06d}" for i in range(count)]
    applied_s, decision_s, hire_s = _iso(applied), _iso(decision), _iso(hire)
    candidates = pd.DataFrame(
        {
            "candidate_id": ids,
            "name_zh": names_zh,
            "name_en": names_en,
            "birth_year": rng.integers(1970, 2004, size=count),
            "education": [_EDUCATION[i] for i in rng.choice(4, size=count, p=[0.15, 0.55, 0.22, 0.08])],
            "source": [_SOURCES[i] for i in rng.integers(0, len(_SOURCES), size=count)],
            "language_preference": [languages[i] for i in language_idx],
        }
    )
    demographics = pd.DataFrame(
        {
            "candidate_id": ids,
            "sex": sexes,
            "ethnicity": [ETHNICITIES[i][0] for i in eth_idx],
            "ethnicity_zh": [ETHNICITIES[i][1] for i in eth_idx],
            "self_reported": True,
        }
    )
    applications = pd.DataFrame(
        {
            "application_id": app_ids,
            "candidate_id": ids,
            "position_id": [positions[i].position_id for i in pos_idx],
            "applied_date": applied_s,
            "outcome": outcomes,
            "decision_date": decision_s,
            "hire_date": [h if o == "hired" else None for h, o in zip(hire_s, outcomes, strict=True)],
        }
    )
    consents = _consent_frame(rng, ids, applied, has_consent=has_consent, ai=ai, biometric=biometric)
    records = tuple(
        Candidate(
            candidate_id=ids[i],
            name_zh=names_zh[i],
            name_en=names_en[i],
            sex=sexes[i],
            ethnicity=ETHNICITIES[eth_idx[i]][0],
            language=languages[language_idx[i]],
            application_id=app_ids[i],
            position_id=positions[pos_idx[i]].position_id,
            role_family=families[i],
            department_id=positions[pos_idx[i]].department_id,
            applied_date=date.fromisoformat(applied_s[i]),
            outcome=cast(Outcome, str(outcomes[i])),
            decision_date=date.fromisoformat(decision_s[i]),
            hire_date=date.fromisoformat(hire_s[i]) if outcomes[i] == "hired" else None,
            consent_ai_evaluation=bool(has_consent[i] and ai[i]),
            consent_biometric=bool(has_consent[i] and biometric[i]),
        )
        for i in range(count)
    )
    return CandidateTables(candidates, demographics, applications, consents, records)


def _consent_frame(
    rng: np.random.Generator,
    ids: list[str],
    applied: np.ndarray,
    *,
    has_consent: np.ndarray,
    ai: np.ndarray,
    biometric: np.ndarray,
) -> pd.DataFrame:
    rows = np.flatnonzero(has_consent)
    seconds = rng.integers(8 * 3600, 22 * 3600, size=len(rows))
    recorded = applied[rows].astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    recorded_s = [str(t).replace("T", " ") for t in recorded]
    frame_rows: list[dict[str, object]] = []
    for k, i in enumerate(rows):
        for purpose, granted in (("ai_evaluation", ai[i]), ("biometric_processing", biometric[i])):
            frame_rows.append(
                {
                    "consent_id": f"CS{len(frame_rows) + 1:07d}",
                    "candidate_id": ids[i],
                    "purpose": purpose,
                    "granted": bool(granted),
                    "recorded_at": recorded_s[k],
                    "notice_version": NOTICE_VERSION,
                    "channel": "online_form",
                }
            )
    columns = ["consent_id", "candidate_id", "purpose", "granted", "recorded_at", "notice_version", "channel"]
    return pd.DataFrame(frame_rows, columns=columns)
