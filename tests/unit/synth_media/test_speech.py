"""espeak-ng wrapper: distinct voices, exact resampling, trimming, and a message when it is missing."""

from __future__ import annotations

import numpy as np
import pytest

from hirelake.synth.media import SpeechError, speech
from hirelake.synth.media.speech import Synthesizer, resample, trim, voice_for


def test_voices_differ_by_role_in_both_languages() -> None:
    for language in ("zh", "en"):
        voices = [voice_for(language, role, 0) for role in ("interviewer", "candidate", "third")]
        assert len({(v.name, v.pitch, v.speed) for v in voices}) == 3
        assert voices[0].pitch < voices[1].pitch  # low interviewer, higher candidate
    assert voice_for("zh", "candidate", 0).name.startswith("cmn-latn-pinyin+f")
    assert voice_for("en", "interviewer", 1).name.startswith("en-us+m")


def test_synthesis_is_deterministic_trimmed_and_at_the_timeline_rate() -> None:
    synth = Synthesizer(16_000)
    voice = voice_for("zh", "candidate", 0)
    first = synth._synthesize("我理解你的担心。", voice)
    second = Synthesizer(16_000)._synthesize("我理解你的担心。", voice)
    assert np.array_equal(first, second)
    assert first.dtype == np.float32 and 0.5 < first.size / 16_000 < 5
    assert abs(first[:80]).max() < 0.05 or abs(first[:200]).max() > 0.01  # starts at speech, not padding
    assert abs(first).max() > 0.1


def test_resample_keeps_a_tone() -> None:
    n = 22050
    tone = np.sin(2 * np.pi * 440 * np.arange(n) / 22050).astype(np.float32)
    out = resample(tone, 22050, 16000)
    assert out.size == 16000
    expected = np.sin(2 * np.pi * 440 * np.arange(16000) / 16000)
    assert np.abs(out[500:-500] - expected[500:-500]).max() < 1e-3


def test_trim_cuts_silence_with_a_margin() -> None:
    audio = np.zeros(16_000, dtype=np.float32)
    audio[4000:8000] = 0.5
    trimmed = trim(audio, 16_000)
    assert trimmed.size == 4000 + 2 * 160


def test_missing_espeak_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speech.shutil, "which", lambda _name: None)
    with pytest.raises(SpeechError, match="install espeak-ng"):
        Synthesizer(16_000)
