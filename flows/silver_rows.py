"""Typed stage results to silver tables (the mapping only: no computation of its own)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pyarrow as pa

from hirelake.lake import MediaObject
from hirelake.landing import Submission
from hirelake.media_probe import MediaProbe
from hirelake.schemas import (
    ANSWER_FEATURES,
    INTEGRITY_EVENTS,
    MEDIA_INGEST,
    SPEAKER_TURNS,
    TRANSCRIPT_SEGMENTS,
    TRANSCRIPT_WORDS,
    VISION_FRAMES,
)
from models.interview import SpeakerAttribution, SpeechAnalysis
from models.transcribe import Transcript
from models.vision import VisionResult


def media_ingest_table(
    submission: Submission, media: MediaObject, probe: MediaProbe, consent: str, ingested_at: datetime
) -> pa.Table:
    return MEDIA_INGEST.conform(
        [
            {
                "interview_id": submission.interview_id,
                "media_sha256": media.sha256,
                "candidate_id": submission.candidate_id,
                "position_id": submission.position_id,
                "media_key": media.key,
                "original_name": submission.media_name,
                "container": probe.container,
                "size_bytes": probe.size_bytes,
                "duration_seconds": probe.duration_seconds,
                "has_audio": bool(probe.audio_streams),
                "has_video": probe.has_video,
                "width": probe.width,
                "height": probe.height,
                "fps": probe.fps,
                "consent_status": consent,
                "ingested_at": ingested_at,
            }
        ]
    )


def _segment_speakers(transcript: Transcript, attribution: SpeakerAttribution) -> list[str | None]:
    """Each segment's speaker: the one who says most of its words."""
    speakers: list[str | None] = []
    position = 0
    for segment in transcript.segments:
        said = attribution.words[position : position + len(segment.words)]
        position += len(segment.words)
        votes = Counter(w.speaker for w in said if w.speaker is not None)
        speakers.append(votes.most_common(1)[0][0] if votes else None)
    return speakers


def speech_tables(interview_id: str, sha256: str, speech: SpeechAnalysis) -> dict[str, pa.Table]:
    transcript, diarization, attribution = speech.transcript, speech.diarization, speech.attribution
    features = speech.features
    base = {"interview_id": interview_id, "media_sha256": sha256}
    language = transcript.language or "unknown"
    segment_speakers = _segment_speakers(transcript, attribution)
    segments = [
        {
            **base,
            "segment_index": index,
            "start_seconds": segment.start,
            "end_seconds": max(segment.end, segment.start),
            "speaker": speaker,
            "role": attribution.role_of(speaker),
            "text": segment.text,
            "language": language,
            "avg_logprob": segment.avg_logprob,
            "no_speech_prob": segment.no_speech_prob,
            "model_id": transcript.provenance.model_id,
        }
        for index, (segment, speaker) in enumerate(zip(transcript.segments, segment_speakers, strict=True))
    ]
    words = []
    position = 0
    for segment_index, segment in enumerate(transcript.segments):
        for word_index, word in enumerate(segment.words):
            words.append(
                {
                    **base,
                    "segment_index": segment_index,
                    "word_index": word_index,
                    "start_seconds": word.start,
                    "end_seconds": max(word.end, word.start),
                    "word": word.text,
                    "probability": word.probability,
                    "speaker": attribution.words[position].speaker,
                }
            )
            position += 1
    turns = [
        {
            **base,
            "turn_index": index,
            "start_seconds": turn.start,
            "end_seconds": turn.end,
            "speaker": str(label),
            "role": attribution.role_of(str(label)),
            "backend": diarization.provenance.backend,
        }
        for index, (turn, _, label) in enumerate(diarization.annotation.itertracks(yield_label=True))
    ]
    answers = [
        {
            **base,
            "answer_index": index,
            "start_seconds": f.start_seconds,
            "end_seconds": f.end_seconds,
            "language": f.language,
            "text": f.text,
            "token_count": f.token_count,
            "speech_rate_per_minute": f.speech_rate_per_minute,
            "speech_rate_variation": f.speech_rate_variation,
            "pause_count": f.pause_count,
            "pause_seconds": f.pause_seconds,
            "filler_count": f.filler_count,
            "domain_terms": list(f.domain_terms),
            "empathy_phrase_count": f.empathy_phrase_count,
            "structure_marker_count": f.structure_marker_count,
        }
        for index, f in enumerate(features)
    ]
    events = [
        {
            **base,
            "event_index": index,
            "event_type": event.kind,
            "start_seconds": event.start,
            "end_seconds": event.end,
            "stage": "speech",
            "detail": f"voice {event.speaker} besides interviewer and candidate",
        }
        for index, event in enumerate(attribution.second_voices)
    ]
    return {
        TRANSCRIPT_SEGMENTS.name: TRANSCRIPT_SEGMENTS.conform(segments),
        TRANSCRIPT_WORDS.name: TRANSCRIPT_WORDS.conform(words),
        SPEAKER_TURNS.name: SPEAKER_TURNS.conform(turns),
        ANSWER_FEATURES.name: ANSWER_FEATURES.conform(answers),
        INTEGRITY_EVENTS.name: INTEGRITY_EVENTS.conform(events),
    }


def vision_tables(interview_id: str, sha256: str, result: VisionResult) -> dict[str, pa.Table]:
    base = {"interview_id": interview_id, "media_sha256": sha256}
    frames = [
        {
            **base,
            "frame_index": f.frame_index,
            "time_seconds": f.time_seconds,
            "face_count": f.face_count,
            "gaze_on_camera": f.gaze_on_camera,
            "head_yaw_degrees": f.head_yaw_degrees,
            "head_pitch_degrees": f.head_pitch_degrees,
            "head_movement": f.head_movement,
            "smile": f.smile,
            "frown": f.frown,
        }
        for f in result.frames
    ]
    events = [
        {
            **base,
            "event_index": index,
            "event_type": event.kind,
            "start_seconds": event.start_seconds,
            "end_seconds": event.end_seconds,
            "stage": "vision",
            "detail": None,
        }
        for index, event in enumerate(result.events)
    ]
    return {
        VISION_FRAMES.name: VISION_FRAMES.conform(frames),
        INTEGRITY_EVENTS.name: INTEGRITY_EVENTS.conform(events),
    }
