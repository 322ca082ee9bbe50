"""Ground truth per interview: RTTM (who spoke when) and truth.json (what was said, meant and shown).

Everything here is known by construction, so the analysis stages (diarization, transcription,
rubric coverage, integrity signals) can be measured against it. Times are seconds from the start
of the media file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hirelake.question_banks.schema import Category, Dimension, Language, RoleFamily
from hirelake.synth.media.config import Container, Speaker, Strength
from hirelake.synth.media.mixing import PlacedUtterance, Timeline
from hirelake.synth.media.script import InterviewScript, UtteranceKind
from hirelake.synth.media.video import VideoPlan

IntegrityKind = Literal["second_voice", "second_face", "face_absent", "looking_away"]
TRUTH_SCHEMA_VERSION = 1


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Turn(_Frozen):
    speaker: Speaker
    start_s: float
    end_s: float


class Segment(_Frozen):
    speaker: Speaker
    kind: UtteranceKind
    text: str
    start_s: float
    end_s: float
    key_point_ids: tuple[str, ...] = ()


class Interval(_Frozen):
    start_s: float
    end_s: float


class AnswerTruth(_Frozen):
    index: int
    question_id: str
    category: Category
    competency: str
    dimension: Dimension
    question_text: str
    question_start_s: float
    question_end_s: float
    answer_start_s: float
    answer_end_s: float
    transcript: str
    segments: tuple[Segment, ...]
    key_points_covered: tuple[str, ...]
    key_points_missed: tuple[str, ...]
    domain_terms_used: tuple[str, ...]
    empathy_phrases_used: tuple[str, ...]
    red_flags_spoken: tuple[str, ...]
    fillers: int
    prompted_by_third_voice: bool


class IntegrityFlag(_Frozen):
    kind: IntegrityKind
    start_s: float
    end_s: float


class MediaTruth(_Frozen):
    file: str
    container: Container
    duration_s: float
    width: int
    height: int
    fps: int
    sample_rate: int


class InterviewTruth(_Frozen):
    schema_version: int = TRUTH_SCHEMA_VERSION
    interview_id: str
    candidate_id: str
    position_id: str
    role_family: RoleFamily
    department: str
    competencies: tuple[str, ...]
    language: Language
    intended_strength: Strength
    has_consent: bool
    bank_id: str
    bank_version: int
    integrity_case: bool
    confidentiality_misread: bool
    speakers: dict[str, str]
    media: MediaTruth
    turns: tuple[Turn, ...]
    overlaps: tuple[Interval, ...]
    segments: tuple[Segment, ...]
    answers: tuple[AnswerTruth, ...]
    integrity_flags: tuple[IntegrityFlag, ...]
    generator: dict[str, str]


def _segment(p: PlacedUtterance) -> Segment:
    return Segment(
        speaker=p.speaker,
        kind=p.kind,
        text=p.text,
        start_s=p.start_s,
        end_s=p.end_s,
        key_point_ids=p.key_point_ids,
    )


def _answers(script: InterviewScript, timeline: Timeline) -> tuple[AnswerTruth, ...]:
    out: list[AnswerTruth] = []
    for plan in script.answers:
        mine = [p for p in timeline.placed if p.answer_index == plan.index]
        question = next(p for p in mine if p.kind == "question")
        spoken = [p for p in mine if p.speaker != "interviewer"]
        candidate_text = " ".join(p.text for p in spoken if p.speaker == "candidate")
        joiner = "" if script.language == "zh" else " "
        transcript = joiner.join(p.text.strip() for p in spoken if p.speaker == "candidate")
        terms = plan.question.rubric.domain_terms(script.language)
        out.append(
            AnswerTruth(
                index=plan.index,
                question_id=plan.question.question_id,
                category=plan.question.category,
                competency=plan.question.competency,
                dimension=plan.question.dimension,
                question_text=question.text,
                question_start_s=question.start_s,
                question_end_s=question.end_s,
                answer_start_s=min(p.start_s for p in spoken),
                answer_end_s=max(p.end_s for p in spoken),
                transcript=transcript,
                segments=tuple(_segment(p) for p in spoken),
                key_points_covered=plan.key_points_covered,
                key_points_missed=plan.key_points_missed,
                domain_terms_used=tuple(t for t in terms if t.lower() in candidate_text.lower()),
                empathy_phrases_used=plan.empathy_phrases_used,
                red_flags_spoken=plan.red_flags_spoken,
                fillers=plan.fillers,
                prompted_by_third_voice=plan.prompted_by_third_voice,
            )
        )
    return tuple(out)


def build_truth(
    script: InterviewScript,
    timeline: Timeline,
    video: VideoPlan,
    *,
    media: MediaTruth,
    speakers: Mapping[Speaker, str],
    generator: dict[str, str],
) -> InterviewTruth:
    flags = [IntegrityFlag(kind="second_voice", start_s=p.start_s, end_s=p.end_s) for p in timeline.placed
             if p.speaker == "third"]  # fmt: skip
    flags += [IntegrityFlag(kind=e.kind, start_s=e.start_s, end_s=e.end_s) for e in video.events]
    candidate = script.candidate
    return InterviewTruth(
        interview_id=script.interview_id,
        candidate_id=candidate.candidate_id,
        position_id=candidate.position_id,
        role_family=candidate.role_family,
        department=candidate.department,
        competencies=candidate.competencies,
        language=script.language,
        intended_strength=script.strength,
        has_consent=candidate.has_consent,
        bank_id=script.bank_id,
        bank_version=script.bank_version,
        integrity_case=script.integrity_case,
        confidentiality_misread=script.confidentiality_misread,
        speakers={str(role): voice for role, voice in speakers.items()},
        media=media,
        turns=tuple(Turn(speaker=p.speaker, start_s=p.start_s, end_s=p.end_s) for p in timeline.placed),
        overlaps=tuple(Interval(start_s=a, end_s=b) for a, b in timeline.overlaps()),
        segments=tuple(_segment(p) for p in timeline.placed),
        answers=_answers(script, timeline),
        integrity_flags=tuple(sorted(flags, key=lambda f: (f.start_s, f.kind))),
        generator=generator,
    )


def rttm_lines(file_id: str, turns: Sequence[Turn]) -> list[str]:
    """NIST RTTM SPEAKER lines, sorted by start time."""
    ordered = sorted(turns, key=lambda t: (t.start_s, t.speaker))
    return [
        f"SPEAKER {file_id} 1 {t.start_s:.3f} {t.end_s - t.start_s:.3f} <NA> <NA> {t.speaker} <NA> <NA>"
        for t in ordered
    ]


def write_truth(directory: Path, truth: InterviewTruth) -> tuple[Path, Path]:
    """Write `truth.rttm` and `truth.json` into `directory`; returns their paths."""
    rttm = directory / "truth.rttm"
    rttm.write_text("\n".join(rttm_lines(truth.interview_id, truth.turns)) + "\n", encoding="utf-8")
    document = directory / "truth.json"
    document.write_text(truth.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return rttm, document


def read_truth(path: Path) -> InterviewTruth:
    return InterviewTruth.model_validate_json(path.read_text(encoding="utf-8"))


def read_rttm(path: Path) -> tuple[Turn, ...]:
    """Parse the SPEAKER lines of an RTTM file (ours or a diarizer's)."""
    turns: list[Turn] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0] != "SPEAKER":
            continue
        if len(fields) < 8:
            raise ValueError(f"{path}:{number}: an RTTM SPEAKER line has 10 fields, got {len(fields)}")
        start, duration = float(fields[3]), float(fields[4])
        turns.append(
            Turn.model_validate({"speaker": fields[7], "start_s": start, "end_s": round(start + duration, 3)})
        )
    return tuple(turns)
