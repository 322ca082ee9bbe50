"""What the media generator takes in: who is interviewed, and how the batch of interviews looks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hirelake.question_banks.schema import Language, RoleFamily

Strength = Literal["strong", "medium", "weak"]
Container = Literal["mp4", "webm"]
Speaker = Literal["interviewer", "candidate", "third"]
# (stage, done, total): called after each unit of work so a CLI can show a progress bar.
ProgressCallback = Callable[[str, int, int], None]

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")


@dataclass(frozen=True)
class CandidateRef:
    """The little the interview generator needs to know about a candidate and the position applied for.

    `department` is a code such as ED or the HRIS id DEP-ED (both work). `competencies` are the
    position's competency-model ids (e.g. emergency_response, night_shift_fitness); questions that
    measure them are asked first. `language=None` lets the generator draw one from the config.
    `has_consent=False` still records the interview; the pipeline must skip AI evaluation for it.
    """

    candidate_id: str
    position_id: str
    role_family: RoleFamily
    department: str
    competencies: tuple[str, ...] = ()
    language: Language | None = None
    strength: Strength = "medium"
    has_consent: bool = True
    interview_id: str | None = None

    def __post_init__(self) -> None:
        for name in ("candidate_id", "position_id"):
            value = getattr(self, name)
            if not _SAFE_ID.match(value):
                raise ValueError(
                    f"CandidateRef.{name}={value!r} must be 1-80 letters, digits, '_', '.', '-' "
                    "(it becomes part of a folder name)"
                )
        if self.interview_id is not None and not _SAFE_ID.match(self.interview_id):
            raise ValueError(f"CandidateRef.interview_id={self.interview_id!r} is not a safe folder name")


class MediaSynthConfig(BaseModel):
    """Knobs of one generation run. Same config + same candidates => same bytes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seed: int = Field(default=20250101, ge=0)
    interviews: int | None = Field(
        default=None, ge=1, description="How many candidates to interview (the first N); None = all."
    )
    languages: tuple[Language, ...] = Field(
        default=("zh", "en"), min_length=1, description="Drawn from when a candidate has no language."
    )
    answers_per_interview: int = Field(default=3, ge=1, le=8)
    webm_share: float = Field(default=0.25, ge=0, le=1, description="Share of interviews muxed as WebM.")
    integrity_share: float = Field(
        default=0.15, ge=0, le=1, description="Share with a prompting third voice and a second face."
    )
    confidentiality_misread_share: float = Field(
        default=0.2, ge=0, le=1, description="Share whose compliance answer states a red flag."
    )
    face_absent_share: float = Field(
        default=0.2, ge=0, le=1, description="Share (besides integrity cases) where the face leaves."
    )
    width: int = Field(default=320, ge=160, le=1280)
    height: int = Field(default=240, ge=120, le=720)
    fps: int = Field(default=10, ge=5, le=30)
    sample_rate: int = Field(default=16_000, description="Audio rate of the timeline and the MP4 track.")
    broken_media: bool = Field(default=True, description="Also write the quarantine test set.")
    oversize_limit_bytes: int = Field(
        default=2 * 1024**3, ge=1024, description="Upload size limit the oversize broken file exceeds."
    )

    @field_validator("width", "height")
    @classmethod
    def _even(cls, value: int) -> int:
        # yuv420p needs even dimensions
        if value % 2:
            raise ValueError("width and height must be even (H.264/VP9 4:2:0 video)")
        return value

    @field_validator("sample_rate")
    @classmethod
    def _rate(cls, value: int) -> int:
        if value not in (16_000, 24_000, 48_000):
            raise ValueError("sample_rate must be 16000, 24000 or 48000 (rates both AAC and Opus take)")
        return value
