"""Silero VAD (the ONNX model inside faster-whisper) on synthetic speech, silence and noise."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from pyannote.core import Segment, Timeline

from models.audio import AudioClip
from models.vad import SpeechRegion, VadOptions, detect_speech, vad_model_version

from .conversation import Conversation


def _covered(regions: tuple[SpeechRegion, ...], reference: Timeline) -> float:
    found = Timeline([Segment(r.start, r.end) for r in regions]).support()
    return float(sum(seg.duration for seg in found.crop(reference.support())) / reference.duration())


@pytest.mark.slow
def test_finds_the_spoken_utterances(two_speakers: Conversation) -> None:
    regions = detect_speech(two_speakers.audio)
    reference = two_speakers.reference.get_timeline()
    assert _covered(regions, reference) > 0.95
    assert all(b.start >= a.end for a, b in itertools.pairwise(regions))  # ordered, disjoint
    found = Timeline([Segment(*r) for r in regions])
    assert all(found.overlapping(u.start + 0.2) for u in two_speakers.utterances)  # every utterance found
    silence = reference.support().gaps(Segment(0, two_speakers.audio.duration_seconds))
    false_alarm = sum(s.duration for s in found.crop(silence))
    padding = 2 * VadOptions().padding_seconds * len(regions)
    assert false_alarm < padding + 0.2  # the padding, little else


@pytest.mark.slow
def test_short_pauses_between_speakers_split_regions(two_speakers: Conversation) -> None:
    # the gaps between turns are 0.3-0.8 s: the diarization defaults must keep them apart
    regions = detect_speech(two_speakers.audio)
    assert len(regions) >= len(two_speakers.utterances)
    merged = detect_speech(two_speakers.audio, VadOptions(min_silence_seconds=2.0))
    assert len(merged) < len(regions)


@pytest.mark.slow
def test_silence_and_noise_are_not_speech() -> None:
    rng = np.random.default_rng(7)
    silence = AudioClip(np.zeros(5 * 16_000, np.float32))
    noise = AudioClip((0.05 * rng.standard_normal(5 * 16_000)).astype(np.float32))
    hum = AudioClip((0.2 * np.sin(2 * np.pi * 50 * np.arange(5 * 16_000) / 16_000)).astype(np.float32))
    assert detect_speech(silence) == ()
    assert detect_speech(noise) == ()
    assert detect_speech(hum) == ()


def test_empty_clip_has_no_speech() -> None:
    assert detect_speech(AudioClip(np.zeros(0, np.float32))) == ()


def test_wrong_sample_rate_says_how_to_fix() -> None:
    clip = AudioClip(np.zeros(8_000, np.float32), sample_rate=8_000)
    with pytest.raises(ValueError, match="load_audio"):
        detect_speech(clip)


@pytest.mark.parametrize(
    "options",
    [
        {"threshold": 0.0},
        {"threshold": 1.0},
        {"min_silence_seconds": -0.1},
        {"padding_seconds": -1.0},
        {"max_speech_seconds": 0.0},
    ],
)
def test_invalid_options_are_refused(options: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        VadOptions(**options)


def test_provenance_names_the_shipped_model() -> None:
    assert vad_model_version().startswith("silero-vad-v6 (onnx from faster-whisper ")
