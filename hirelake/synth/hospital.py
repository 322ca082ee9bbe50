"""A whole generated hospital: the HRIS hand-over plus recorded interviews of some of its candidates.

The HR side decides who applied where and who consented; the interview side records a chosen few of
those candidates, so every recording belongs to a real candidate, position and consent record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from hirelake.synth.hr import Candidate, HrSynthConfig, HrSynthResult, Position, generate_hr
from hirelake.synth.media import CandidateRef, MediaSynthConfig, MediaSynthResult, generate_interviews

Progress = Callable[[str, int, int], None]
_STRENGTHS: tuple[Literal["strong", "medium", "weak"], ...] = ("strong", "medium", "weak")


@dataclass(frozen=True)
class HospitalConfig:
    seed: int = 7
    employees: int = 300
    candidates: int = 20
    interviews: int = 6
    months: int = 12
    languages: tuple[Literal["zh", "en"], ...] = ("zh", "en")
    start_month: str = "2026-01"
    broken_media: bool = True


@dataclass(frozen=True)
class HospitalResult:
    out_dir: Path
    hr: HrSynthResult
    media: MediaSynthResult


def interview_candidates(
    candidates: Sequence[Candidate], positions: Sequence[Position], count: int, seed: int
) -> list[CandidateRef]:
    """Pick `count` candidates to interview: mostly consenting, a few without consent, mixed strength.

    Candidates without AI-evaluation consent are recorded too (one in six at most), because the pipeline
    must show that it refuses to evaluate them.
    """
    by_position = {p.position_id: p for p in positions}
    rng = np.random.default_rng([seed, 3])
    order = rng.permutation(len(candidates))
    consenting = [candidates[i] for i in order if candidates[i].consent_ai_evaluation]
    refusing = [candidates[i] for i in order if not candidates[i].consent_ai_evaluation]
    without = min(len(refusing), count // 6)
    chosen = refusing[:without] + consenting[: count - without]
    return [
        CandidateRef(
            candidate_id=c.candidate_id,
            position_id=c.position_id,
            role_family=c.role_family,
            department=c.department_id,
            competencies=tuple(by_position[c.position_id].competencies),
            language=c.language,
            strength=_STRENGTHS[index % len(_STRENGTHS)],
            has_consent=c.consent_ai_evaluation,
        )
        for index, c in enumerate(chosen)
    ]


def generate_hospital(
    out_dir: Path, config: HospitalConfig, progress: Progress | None = None
) -> HospitalResult:
    try:
        return _generate(out_dir, config, progress)
    except OSError as exc:
        if exc.filename is not None:
            raise
        # Writers such as pyarrow's report a full disk without a file name: name the output folder.
        raise OSError(exc.errno, exc.strerror or str(exc), str(out_dir)) from exc


def _generate(out_dir: Path, config: HospitalConfig, progress: Progress | None) -> HospitalResult:
    hr = generate_hr(
        out_dir,
        HrSynthConfig(
            seed=config.seed,
            employees=config.employees,
            candidates=config.candidates,
            months=config.months,
            start_month=config.start_month,
            languages=config.languages,
        ),
        progress=progress,
    )
    refs = interview_candidates(hr.candidates, hr.positions, config.interviews, config.seed)
    media = generate_interviews(
        out_dir,
        MediaSynthConfig(
            seed=config.seed,
            interviews=len(refs),
            languages=config.languages,
            broken_media=config.broken_media,
        ),
        refs,
        progress=progress,
    )
    return HospitalResult(out_dir, hr, media)
