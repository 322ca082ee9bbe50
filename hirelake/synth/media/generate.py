"""The entry point: candidates in, interview recordings with their ground truth out.

Layout written under `out_dir`:
    interviews/<interview_id>/interview.mp4 | interview.webm, truth.rttm, truth.json
    interviews/manifest.json     files, sha256, durations, streams, intended cases
    broken/<file> + broken/manifest.json   the quarantine test set, each file's defect

Every random choice comes from numpy generators seeded by (config.seed, what is being decided),
so the same config and candidates give the same bytes; nothing reads the clock or the environment.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as datetime_time
from pathlib import Path

import numpy as np

from hirelake.hashing import sha256_file
from hirelake.logs import get_logger
from hirelake.media_probe import ProbeLimits, StreamInfo, probe_media
from hirelake.question_banks.loader import BANKS_DIR, find_bank
from hirelake.question_banks.schema import Language, QuestionBank, RoleFamily
from hirelake.question_banks.selection import InterviewPlan
from hirelake.synth.media.broken import BrokenMedia, generate_broken
from hirelake.synth.media.config import (
    CandidateRef,
    Container,
    MediaSynthConfig,
    ProgressCallback,
    Speaker,
    Strength,
)
from hirelake.synth.media.mixing import Timeline, mix_utterances
from hirelake.synth.media.mux import encode
from hirelake.synth.media.script import InterviewScript, build_script
from hirelake.synth.media.speech import Synthesizer, Voice, espeak_version, voice_for
from hirelake.synth.media.tools import ffmpeg_version
from hirelake.synth.media.truth import MediaTruth, build_truth, write_truth
from hirelake.synth.media.video import VideoPlan, plan_video, render_frames

log = get_logger(__name__)
GENERATOR_NAME = "hirelake.synth.media"
GENERATOR_VERSION = "1"
_LOOKING_AWAY: dict[Strength, tuple[int, int]] = {"strong": (0, 1), "medium": (1, 2), "weak": (2, 3)}
# The generator checks what it wrote decodes as media, not that it fits the upload limits.
_GENEROUS_LIMITS = ProbeLimits(
    max_bytes=2**40, max_duration_seconds=24 * 3600.0, max_width=16_384, max_height=16_384
)


@dataclass(frozen=True)
class GeneratedInterview:
    interview_id: str
    candidate_id: str
    position_id: str
    media_path: Path
    container: Container
    duration_s: float
    size_bytes: int
    sha256: str
    rttm_path: Path
    truth_path: Path
    language: Language
    strength: Strength
    has_consent: bool
    integrity_case: bool
    confidentiality_misread: bool
    bank_id: str
    bank_version: int
    question_ids: tuple[str, ...]  # in the order they were asked
    selected_at: datetime  # not a clock reading: see `selected_at_for`


@dataclass(frozen=True)
class MediaSynthResult:
    out_dir: Path
    interviews: tuple[GeneratedInterview, ...]
    manifest_path: Path
    broken: tuple[BrokenMedia, ...]
    broken_manifest_path: Path | None
    media_seconds: float
    elapsed_seconds: float  # wall time of this run; not written to any file (it would break reproducibility)


def _stable(text: str) -> int:
    # Python's hash() is salted per process; this one is the same everywhere
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _chosen(seed: int, purpose: str, n: int, share: float) -> set[int]:
    """Exactly round(n * share) of n indices, picked by a generator seeded for this purpose."""
    count = round(n * share)
    order = np.random.default_rng([seed, _stable(purpose)]).permutation(n)
    return {int(i) for i in order[:count]}


def generator_info(seed: int) -> dict[str, str]:
    return {
        "name": GENERATOR_NAME,
        "version": GENERATOR_VERSION,
        "seed": str(seed),
        "espeak_ng": espeak_version(),
        "ffmpeg": ffmpeg_version(),
    }


def generate_interviews(
    out_dir: Path,
    config: MediaSynthConfig,
    candidates: Sequence[CandidateRef],
    *,
    progress: ProgressCallback | None = None,
    banks_dir: Path = BANKS_DIR,
) -> MediaSynthResult:
    """Generate one interview per candidate (the first `config.interviews`), plus the broken set.

    Folders of the same interview ids are overwritten; any other folder under `interviews/` is left
    alone, and `manifest.json` lists exactly what this run wrote.
    """
    began = time.perf_counter()
    count = len(candidates) if config.interviews is None else config.interviews
    if count > len(candidates):
        raise ValueError(
            f"config.interviews={count} but only {len(candidates)} candidates were given; "
            "pass more candidates or lower interviews."
        )
    chosen = list(candidates[:count])
    ids = [c.interview_id or f"iv{i + 1:04d}-{c.candidate_id}" for i, c in enumerate(chosen)]
    if len(set(ids)) != len(ids):
        raise ValueError("interview ids repeat; give candidates distinct candidate_id or interview_id")
    webm = _chosen(config.seed, "webm", count, config.webm_share)
    integrity = _chosen(config.seed, "integrity", count, config.integrity_share)
    misread = _chosen(config.seed, "confidentiality_misread", count, config.confidentiality_misread_share)
    absent = _chosen(config.seed, "face_absent", count, config.face_absent_share)
    interviews_dir = out_dir / "interviews"
    interviews_dir.mkdir(parents=True, exist_ok=True)
    synthesizer = Synthesizer(config.sample_rate)
    generator = generator_info(config.seed)
    banks: dict[tuple[RoleFamily, str], QuestionBank] = {}
    results: list[GeneratedInterview] = []
    manifest_entries: list[dict[str, object]] = []
    for index, (candidate, interview_id) in enumerate(zip(chosen, ids, strict=True)):
        key = (candidate.role_family, candidate.department)
        if key not in banks:
            banks[key] = find_bank(candidate.role_family, candidate.department, banks_dir)
        generated, entry = _one_interview(
            interviews_dir / interview_id,
            interview_id,
            candidate,
            bank=banks[key],
            config=config,
            synthesizer=synthesizer,
            generator=generator,
            rng=interview_rng(config.seed, index, candidate.candidate_id),
            container="webm" if index in webm else "mp4",
            integrity_case=index in integrity,
            confidentiality_misread=index in misread,
            face_absent=index in absent or index in integrity,
        )
        results.append(generated)
        manifest_entries.append(entry)
        log.info("interview generated", interview_id=interview_id, duration_s=generated.duration_s)
        if progress is not None:
            progress("interviews", index + 1, count)
    manifest_path = interviews_dir / "manifest.json"
    manifest = {"generator": generator, "interviews": manifest_entries}
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    broken: tuple[BrokenMedia, ...] = ()
    broken_manifest: Path | None = None
    if config.broken_media:
        broken = generate_broken(out_dir / "broken", config)
        broken_manifest = out_dir / "broken" / "manifest.json"
        if progress is not None:
            progress("broken", len(broken), len(broken))
    return MediaSynthResult(
        out_dir=out_dir,
        interviews=tuple(results),
        manifest_path=manifest_path,
        broken=broken,
        broken_manifest_path=broken_manifest,
        media_seconds=round(sum(r.duration_s for r in results), 3),
        elapsed_seconds=round(time.perf_counter() - began, 3),
    )


@dataclass(frozen=True)
class MediaPlan:
    """Everything about one interview before any file is written: script, voices, audio, video plan.

    (Not to be confused with `hirelake.question_banks.InterviewPlan`, the record of which questions an
    interview asks; `plan_for_generated` gives that one.)
    """

    script: InterviewScript
    voices: dict[Speaker, Voice]
    timeline: Timeline
    video: VideoPlan


def interview_rng(seed: int, index: int, candidate_id: str) -> np.random.Generator:
    """The generator for one interview: independent of how many others are in the batch."""
    return np.random.default_rng([seed, index, _stable(candidate_id)])


def plan_interview(
    interview_id: str,
    candidate: CandidateRef,
    bank: QuestionBank,
    *,
    config: MediaSynthConfig,
    synthesizer: Synthesizer,
    rng: np.random.Generator,
    integrity_case: bool,
    confidentiality_misread: bool,
    face_absent: bool,
) -> MediaPlan:
    """Script, speak and mix one interview and plan its video; pure apart from calling espeak-ng."""
    language = candidate.language or config.languages[int(rng.integers(len(config.languages)))]
    script = build_script(
        interview_id,
        candidate,
        bank,
        language,
        rng,
        answers=config.answers_per_interview,
        integrity_case=integrity_case,
        confidentiality_misread=confidentiality_misread,
    )
    variant = int(rng.integers(3))
    roles: tuple[Speaker, ...] = ("interviewer", "candidate", "third")
    voices = {role: voice_for(language, role, variant) for role in roles}
    clips = [synthesizer.speak(u.text, voices[u.speaker]) for u in script.utterances]
    timeline = mix_utterances(script.utterances, clips, config.sample_rate, rng, fps=config.fps)
    low, high = _LOOKING_AWAY[candidate.strength]
    video = plan_video(
        timeline.duration_s,
        config.width,
        config.height,
        config.fps,
        rng,
        looking_away=int(rng.integers(low, high + 1)),
        face_absent=face_absent,
        second_face_at=[p.start_s for p in timeline.placed if p.speaker == "third"][:1],
    )
    return MediaPlan(script=script, voices=voices, timeline=timeline, video=video)


def _one_interview(
    directory: Path,
    interview_id: str,
    candidate: CandidateRef,
    *,
    bank: QuestionBank,
    config: MediaSynthConfig,
    synthesizer: Synthesizer,
    generator: dict[str, str],
    rng: np.random.Generator,
    container: Container,
    integrity_case: bool,
    confidentiality_misread: bool,
    face_absent: bool,
) -> tuple[GeneratedInterview, dict[str, object]]:
    plan = plan_interview(
        interview_id,
        candidate,
        bank,
        config=config,
        synthesizer=synthesizer,
        rng=rng,
        integrity_case=integrity_case,
        confidentiality_misread=confidentiality_misread,
        face_absent=face_absent,
    )
    script, voices, timeline, video = plan.script, plan.voices, plan.timeline, plan.video
    language = script.language
    roles: tuple[Speaker, ...] = ("interviewer", "candidate", "third")
    directory.mkdir(parents=True, exist_ok=True)
    media_path = directory / f"interview.{container}"
    encode(
        media_path,
        container,
        frames=render_frames(video),
        audio=timeline.mix,
        width=config.width,
        height=config.height,
        fps=config.fps,
        sample_rate=config.sample_rate,
    )
    probed = probe_media(media_path, _GENEROUS_LIMITS)
    media = MediaTruth(
        file=media_path.name,
        container=container,
        duration_s=round(timeline.duration_s, 3),
        width=config.width,
        height=config.height,
        fps=config.fps,
        sample_rate=config.sample_rate,
    )
    speakers = {role: voices[role].describe() for role in roles if role in timeline.tracks}
    truth = build_truth(script, timeline, video, media=media, speakers=speakers, generator=generator)
    rttm_path, truth_path = write_truth(directory, truth)
    digest = sha256_file(media_path)
    generated = GeneratedInterview(
        interview_id=interview_id,
        candidate_id=candidate.candidate_id,
        position_id=candidate.position_id,
        media_path=media_path,
        container=container,
        duration_s=media.duration_s,
        size_bytes=media_path.stat().st_size,
        sha256=digest,
        rttm_path=rttm_path,
        truth_path=truth_path,
        language=language,
        strength=candidate.strength,
        has_consent=candidate.has_consent,
        integrity_case=integrity_case,
        confidentiality_misread=script.confidentiality_misread,
        bank_id=bank.bank_id,
        bank_version=bank.version,
        question_ids=tuple(a.question.question_id for a in script.answers),
        selected_at=selected_at_for(bank),
    )
    entry: dict[str, object] = {
        "interview_id": interview_id,
        "candidate_id": candidate.candidate_id,
        "position_id": candidate.position_id,
        "media": f"{interview_id}/{media_path.name}",
        "container": container,
        "sha256": digest,
        "size_bytes": generated.size_bytes,
        "duration_s": media.duration_s,
        "probed_duration_s": round(probed.duration_seconds, 3),
        "streams": [_stream_entry(s) for s in probed.streams],
        "truth_rttm": f"{interview_id}/{rttm_path.name}",
        "truth_json": f"{interview_id}/{truth_path.name}",
        "language": language,
        "intended_strength": candidate.strength,
        "has_consent": candidate.has_consent,
        "integrity_case": integrity_case,
        "confidentiality_misread": script.confidentiality_misread,
        "bank": f"{bank.bank_id}@{bank.version}",
        "question_ids": list(generated.question_ids),
    }
    return generated, entry


def selected_at_for(bank: QuestionBank) -> datetime:
    """When a generated interview's questions count as selected: midnight UTC of the bank's effective date.

    The generator never reads the clock (same config, same bytes), and a saved plan is write-once, so a
    generated interview's plan must come out the same every time: this is a fixed, valid stand-in.
    """
    return datetime.combine(bank.effective_from, datetime_time(0, 0), tzinfo=UTC)


def plan_for_generated(interview: GeneratedInterview) -> InterviewPlan:
    """The question plan of a generated interview, ready for `hirelake.interview_plans.save_plan`."""
    return InterviewPlan(
        interview_id=interview.interview_id,
        candidate_id=interview.candidate_id,
        position_id=interview.position_id,
        bank_id=interview.bank_id,
        bank_version=interview.bank_version,
        language=interview.language,
        question_ids=interview.question_ids,
        selected_at=interview.selected_at,
    )


def _stream_entry(stream: StreamInfo) -> dict[str, object]:
    """A probed stream for the manifest, keeping its `_s` key names; unknown values are left out."""
    entry: dict[str, object] = {
        "index": stream.index,
        "codec_type": stream.codec_type,
        "codec_name": stream.codec_name,
        "duration_s": stream.duration_seconds,
        "width": stream.width,
        "height": stream.height,
        "fps": round(stream.fps, 3) if stream.fps is not None else None,
        "sample_rate": stream.sample_rate,
        "channels": stream.channels,
    }
    return {key: value for key, value in entry.items() if value is not None}
