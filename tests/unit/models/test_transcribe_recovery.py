"""Speech the VAD heard but Whisper skipped as "no speech" is decoded again on its own (fake model)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from models.audio import SAMPLE_RATE, AudioClip
from models.transcribe import DecodeOptions, Transcriber
from models.whisper_sources import ResolvedModel

SECONDS = 40


def _item(start: float, end: float, text: str, compression_ratio: float = 1.3) -> SimpleNamespace:
    word = SimpleNamespace(start=start, end=end, word=text, probability=0.8)
    return SimpleNamespace(
        start=start, end=end, text=text, avg_logprob=-1.2, no_speech_prob=0.7,
        compression_ratio=compression_ratio, words=[word],
    )  # fmt: skip


@dataclass
class FakeWhisper:
    """The first pass hears 0-10 s only; a clip decoded alone comes back as one segment on its own clock."""

    first_pass_extra: list[SimpleNamespace] = field(default_factory=list)
    second_pass: list[SimpleNamespace] | None = None  # None: one segment spanning the clip
    prompted_pass: list[SimpleNamespace] | None = None  # what a clip decoded alone gives with a prompt
    calls: list[dict[str, Any]] = field(default_factory=list)
    model: SimpleNamespace = field(default_factory=lambda: SimpleNamespace(is_multilingual=True))
    supported_languages: tuple[str, ...] = ("en", "zh")

    def transcribe(self, audio: np.ndarray[Any, Any], **options: Any) -> tuple[list[Any], Any]:
        self.calls.append({"seconds": len(audio) / SAMPLE_RATE, **options})
        info = SimpleNamespace(duration=len(audio) / SAMPLE_RATE)
        if options["vad_filter"]:
            return [_item(0.5, 9.5, "首先按压频率每分钟一百次"), *self.first_pass_extra], info
        if self.prompted_pass is not None and options["initial_prompt"]:
            return self.prompted_pass, info
        if self.second_pass is not None:
            return self.second_pass, info
        return [_item(0.2, len(audio) / SAMPLE_RATE - 0.2, "最后保持冷静闭环沟通")], info


def _transcriber(
    options: DecodeOptions, speech: list[tuple[float, float]], **fake_options: Any
) -> tuple[Transcriber, FakeWhisper]:
    fake = FakeWhisper(**fake_options)
    resolved = ResolvedModel(model_id="fake", model_version="1", source="test", path=Path(), package=None)
    transcriber = Transcriber(fake, resolved, device="cpu", compute_type="int8", options=options)
    chunks = [{"start": int(a * SAMPLE_RATE), "end": int(b * SAMPLE_RATE)} for a, b in speech]
    transcriber._speech_chunks = lambda _samples: chunks  # type: ignore[method-assign]
    return transcriber, fake


def _clip() -> AudioClip:
    return AudioClip(np.zeros(SECONDS * SAMPLE_RATE, dtype=np.float32), SAMPLE_RATE)


def test_a_skipped_stretch_is_decoded_alone_without_the_skip_and_put_on_the_recording_clock() -> None:
    # 0-10 s was heard by the first pass; 20-30 s was skipped; 35.0-35.5 s is too short to matter.
    transcriber, fake = _transcriber(DecodeOptions(), [(0.0, 10.0), (20.0, 30.0), (35.0, 35.5)])
    transcript = transcriber.transcribe(_clip(), language="zh")

    assert [(s.start, s.text) for s in transcript.segments] == [
        (0.5, "首先按压频率每分钟一百次"),
        (pytest.approx(20.2), "最后保持冷静闭环沟通"),
    ]
    assert transcript.words[-1].start == pytest.approx(20.2)
    again = fake.calls[1]
    assert again["seconds"] == pytest.approx(10.0)
    assert again["no_speech_threshold"] is None and again["vad_filter"] is False
    assert again["temperature"] == [0.0] and again["initial_prompt"] == fake.calls[0]["initial_prompt"]
    assert len(fake.calls) == 2, "only the skipped stretch is decoded again"
    assert transcript.provenance.options["recover_skipped_speech"] is True


def test_recovery_can_be_turned_off() -> None:
    transcriber, fake = _transcriber(DecodeOptions(recover_skipped_speech=False), [(0.0, 10.0), (20.0, 30.0)])
    transcript = transcriber.transcribe(_clip(), language="zh")
    assert [s.text for s in transcript.segments] == ["首先按压频率每分钟一百次"]
    assert len(fake.calls) == 1


def test_what_recovery_brings_back_still_faces_the_guards() -> None:
    looping = [_item(0.2, 9.8, "最后最后最后最后最后最后最后", compression_ratio=3.1)]
    transcriber, _fake = _transcriber(DecodeOptions(), [(0.0, 10.0), (20.0, 30.0)], second_pass=looping)
    transcript = transcriber.transcribe(_clip(), language="zh")
    assert [s.text for s in transcript.segments] == ["首先按压频率每分钟一百次"]
    assert [d.reason for d in transcript.dropped] == ["loop"]


def test_a_stretch_lost_with_a_window_judged_a_loop_is_decoded_again() -> None:
    looping = [_item(20.5, 29.5, "按压按压按压按压按压", compression_ratio=2.9)]
    transcriber, _fake = _transcriber(DecodeOptions(), [(0.0, 10.0), (20.0, 30.0)], first_pass_extra=looping)
    transcript = transcriber.transcribe(_clip(), language="zh")
    assert [s.text for s in transcript.segments] == ["首先按压频率每分钟一百次", "最后保持冷静闭环沟通"]
    assert [(d.segment.start, d.reason) for d in transcript.dropped] == [(20.5, "loop")]


def test_a_stretch_answered_with_the_prompt_itself_is_decoded_again_without_it() -> None:
    echo = _item(0.2, 9.8, "以下是普通话的句子，使用简体中文。")
    transcriber, fake = _transcriber(
        DecodeOptions(), [(0.0, 10.0), (20.0, 30.0)], first_pass_extra=[_item(20.5, 29.5, "使用简体中文。")]
    )
    fake.prompted_pass = [echo]
    transcript = transcriber.transcribe(_clip(), language="zh")

    assert [s.text for s in transcript.segments] == ["首先按压频率每分钟一百次", "最后保持冷静闭环沟通"]
    assert [call["initial_prompt"] is None for call in fake.calls] == [False, False, True]
    assert [(d.segment.start, d.reason) for d in transcript.dropped] == [(20.5, "prompt_echo")]
