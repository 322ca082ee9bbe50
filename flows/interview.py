"""One interview from landing to silver: ingest, speech (transcribe + diarize + features), vision.

Plain functions that the Prefect tasks call, so a Dask worker runs a whole interview with its own
cached models. Every failure a person can act on ends as a quarantine record and an outcome, never as
an exception that would stop the other interviews of the run.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from flows import resources
from flows.silver_io import DataQualityError, cached_stage, fingerprint, publish_stage
from flows.silver_rows import media_ingest_table, speech_tables, vision_tables
from hirelake.consent import AI_EVALUATION, BIOMETRIC, ConsentRegistry
from hirelake.errors import HirelakeError, LakeError
from hirelake.lake import Lake
from hirelake.landing import Submission, remove_submission
from hirelake.logs import get_logger
from hirelake.media_probe import MediaRejected, probe_media
from hirelake.positions import PositionInfo
from hirelake.quarantine import quarantine, record_for, release
from hirelake.question_banks import BankError, find_bank
from hirelake.scratch import interview_scratch
from hirelake.settings import Settings
from models.audio import AudioDecodeError, load_audio
from models.interview import SECOND_VOICE_MIN_SECONDS, SECOND_VOICE_MIN_STRETCH_SECONDS, analyse_speech
from models.language_features import FEATURES_VERSION
from models.vision import VISION_VERSION

Status = Literal["processed", "cached", "quarantined", "no_consent", "duplicate"]
INGEST_RECORDS = "raw/interviews"


@dataclass(frozen=True)
class IngestedInterview:
    """What ingest established about a recording; stored at `raw/interviews/<interview_id>.json`."""

    interview_id: str
    candidate_id: str
    position_id: str
    language: str | None
    media_key: str
    media_sha256: str
    media_name: str
    has_video: bool
    duration_seconds: float
    biometric_consent: bool

    @property
    def record_key(self) -> str:
        return f"{INGEST_RECORDS}/{self.interview_id}.json"


@dataclass(frozen=True)
class InterviewOutcome:
    interview_id: str
    status: Status
    stage: str | None = None
    reason: str | None = None
    media_seconds: float = 0.0
    durations: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RunContext:
    """Looked up once per run and shipped to every worker with the interviews."""

    consents: ConsentRegistry
    positions: dict[str, PositionInfo]
    run_id: str | None = None

    def for_interview(self, candidate_id: str, position_id: str) -> RunContext:
        """Only what one interview reads: its candidate's two consents and its position.

        Prefect and Dask keep every queued task's arguments in the flow process until it has run: with
        the whole registry in each task, the flow's memory grew with the queue times the hospital's
        consent history (bench/bench_load.py); this part stays the same size whatever the hospital.
        """
        wanted = ((candidate_id, AI_EVALUATION), (candidate_id, BIOMETRIC))
        consents = {key: self.consents.latest[key] for key in wanted if key in self.consents.latest}
        position = self.positions.get(position_id)
        positions = {position_id: position} if position is not None else {}
        return RunContext(ConsentRegistry(consents), positions, self.run_id)


def ingested_interviews(lake: Lake) -> list[IngestedInterview]:
    return [
        IngestedInterview(**lake.get_json(e.key))
        for e in lake.list(f"{INGEST_RECORDS}/")
        if e.key.endswith(".json")
    ]


def _quarantined(
    lake: Lake, context: RunContext, interview_id: str, *, stage: str, reason: str, sha: str | None
) -> InterviewOutcome:
    quarantine(
        lake, stage=stage, item_id=interview_id, reason=reason, input_sha256=sha, run_id=context.run_id
    )
    get_logger(__name__, interview_id=interview_id, run_id=context.run_id).warning(
        "quarantined", stage=stage, reason=reason
    )
    return InterviewOutcome(interview_id, "quarantined", stage, reason)


def ingest(
    settings: Settings, lake: Lake, submission: Submission, context: RunContext, work_dir: Path
) -> IngestedInterview | InterviewOutcome:
    """Probe before anything else, then consent, then store content-addressed; landing is emptied last."""
    local = work_dir / submission.media_name
    lake.get_file(submission.media_key, local)
    try:
        probe = probe_media(local, resources.probe_limits(settings))
    except MediaRejected as rejected:
        # Keep the bytes with the record so nothing is lost, then clear landing.
        lake.put_file(f"quarantine/ingest/{submission.interview_id}/{submission.media_name}", local)
        remove_submission(lake, submission)
        return _quarantined(
            lake, context, submission.interview_id, stage="ingest", reason=str(rejected), sha=None
        )
    ai_consent = context.consents.status(submission.candidate_id, AI_EVALUATION)
    media = lake.put_media(submission.interview_id, local, original_name=submission.media_name)
    if ai_consent != "granted":
        reason = (
            f"AI evaluation consent is {ai_consent} for candidate {submission.candidate_id}: the recording "
            "is archived but not analysed; record the candidate's consent and submit it again to analyse it"
        )
        # The record before landing is emptied: a store outage in between leaves a retryable submission.
        quarantine(lake, stage="consent", item_id=submission.interview_id, reason=reason,
                   input_sha256=media.sha256, run_id=context.run_id)  # fmt: skip
        remove_submission(lake, submission)
        return InterviewOutcome(submission.interview_id, "no_consent", "consent", reason)
    first_submitted_as = media.key.split("/")[2]
    if first_submitted_as != submission.interview_id:
        remove_submission(lake, submission)
        return InterviewOutcome(
            submission.interview_id, "duplicate", "ingest",
            f"same recording already submitted as {first_submitted_as}; processed once",
        )  # fmt: skip
    table = media_ingest_table(submission, media, probe, ai_consent, datetime.now(UTC))
    ingested = IngestedInterview(
        interview_id=submission.interview_id,
        candidate_id=submission.candidate_id,
        position_id=submission.position_id,
        language=submission.language,
        media_key=media.key,
        media_sha256=media.sha256,
        media_name=submission.media_name,
        has_video=probe.has_video,
        duration_seconds=probe.duration_seconds,
        biometric_consent=context.consents.status(submission.candidate_id, BIOMETRIC) == "granted",
    )
    publish_stage(lake, interview_id=ingested.interview_id, stage="ingest", media_sha256=media.sha256,
                  stage_fingerprint="ingest-1", tables={"media_ingest": table})  # fmt: skip
    lake.put_json(ingested.record_key, asdict(ingested))
    for earlier in ("ingest", "consent"):  # a fixed re-submission clears what held it before
        release(lake, earlier, submission.interview_id)
    remove_submission(lake, submission)
    return ingested


def _question_texts(context: RunContext, interview: IngestedInterview) -> list[str]:
    """The bank's questions for the position: the voice that asks them is the interviewer."""
    position = context.positions.get(interview.position_id)
    if position is None:
        return []
    try:
        bank = find_bank(position.role_family, position.department_id)  # type: ignore[arg-type]
    except BankError:
        return []
    return [q.prompt_en for q in bank.questions] + [q.prompt_zh for q in bank.questions]


def speech_fingerprint(settings: Settings, language: str | None) -> str:
    transcriber = resources.transcriber(settings)
    return fingerprint(
        {
            "whisper": transcriber.resolved.model_id,
            "whisper_version": transcriber.resolved.model_version,
            "decode": asdict(transcriber.options),
            "diarizer": repr(resources.diarizer_config(settings)),
            "features": FEATURES_VERSION,
            "second_voice": [SECOND_VOICE_MIN_SECONDS, SECOND_VOICE_MIN_STRETCH_SECONDS],
            "language": language,
        }
    )


def run_speech(
    settings: Settings, lake: Lake, interview: IngestedInterview, context: RunContext, media: Path
) -> None:
    language = interview.language or settings.media.whisper_language
    speech = analyse_speech(
        load_audio(media),
        resources.transcriber(settings),
        resources.diarizer(settings),
        language=language,
        question_texts=_question_texts(context, interview),
    )
    tables = speech_tables(interview.interview_id, interview.media_sha256, speech)
    publish_stage(lake, interview_id=interview.interview_id, stage="speech",
                  media_sha256=interview.media_sha256,
                  stage_fingerprint=speech_fingerprint(settings, language), tables=tables)  # fmt: skip


def vision_fingerprint(settings: Settings) -> str:
    return fingerprint({"vision": VISION_VERSION, "config": asdict(resources.vision_config(settings))})


def run_vision(settings: Settings, lake: Lake, interview: IngestedInterview, media: Path) -> None:
    result = resources.vision(settings).analyze(media)
    publish_stage(lake, interview_id=interview.interview_id, stage="vision",
                  media_sha256=interview.media_sha256, stage_fingerprint=vision_fingerprint(settings),
                  tables=vision_tables(interview.interview_id, interview.media_sha256, result))  # fmt: skip


def analyse(
    settings: Settings, lake: Lake, interview: IngestedInterview, context: RunContext, work_dir: Path
) -> InterviewOutcome:
    """Run the stages whose stage record does not match these bytes and this model; skip the rest."""
    language = interview.language or settings.media.whisper_language
    stages = [("speech", speech_fingerprint(settings, language))]
    if interview.has_video and interview.biometric_consent:  # PIPL: face data needs its own consent
        stages.append(("vision", vision_fingerprint(settings)))
    durations: dict[str, float] = {}
    media: Path | None = None
    for stage, stage_print in stages:
        if cached_stage(lake, interview.interview_id, stage, interview.media_sha256, stage_print):
            continue
        held = record_for(lake, stage, interview.interview_id)
        if held is not None and held.input_sha256 == interview.media_sha256:
            # Same input, same verdict: wait for a person to fix it and release the record.
            return InterviewOutcome(interview.interview_id, "quarantined", stage, held.reason)
        if media is None:
            media = work_dir / interview.media_name
            lake.get_file(interview.media_key, media)
        started = time.perf_counter()
        try:
            if stage == "speech":
                run_speech(settings, lake, interview, context, media)
            else:
                run_vision(settings, lake, interview, media)
        except LakeError:
            raise  # the store is away: the task retries, the interview is not the problem
        except (AudioDecodeError, DataQualityError, HirelakeError, ValueError) as exc:
            return _quarantined(
                lake,
                context,
                interview.interview_id,
                stage=stage,
                reason=str(exc),
                sha=interview.media_sha256,
            )
        durations[stage] = round(time.perf_counter() - started, 2)
    for stage, _ in stages:
        release(lake, stage, interview.interview_id)
    status: Status = "processed" if durations else "cached"
    return InterviewOutcome(interview.interview_id, status, None, None, interview.duration_seconds, durations)


def already_ingested(lake: Lake, submission: Submission) -> IngestedInterview | None:
    """The ingest a retried task finished before it failed: landing emptied, the record written.

    A task retried after a store outage, or run again on another Dask worker after its worker died,
    still carries the Submission it started with; its recording now lives in raw/media/.
    """
    if lake.exists(submission.media_key):
        return None  # still in landing: ingest (again); every ingest step is idempotent
    record_key = f"{INGEST_RECORDS}/{submission.interview_id}.json"
    if not lake.exists(record_key):
        return None
    ingested = IngestedInterview(**lake.get_json(record_key))
    remove_submission(lake, submission)  # a submission record an interrupted clean-up left behind
    return ingested


def process(
    settings: Settings, item: Submission | IngestedInterview, context: RunContext
) -> InterviewOutcome:
    """The whole interview: ingest when it comes from landing, then every stale stage."""
    lake = resources.lake(settings)
    if isinstance(item, Submission):
        item = already_ingested(lake, item) or item
    with interview_scratch(settings) as work_dir:
        started = time.perf_counter()
        if isinstance(item, Submission):
            ingested = ingest(settings, lake, item, context, work_dir)
            if isinstance(ingested, InterviewOutcome):
                return ingested
            ingest_seconds = round(time.perf_counter() - started, 2)
        else:
            ingested, ingest_seconds = item, 0.0
        outcome = analyse(settings, lake, ingested, context, work_dir)
    if ingest_seconds:
        outcome.durations["ingest"] = ingest_seconds
    return outcome
