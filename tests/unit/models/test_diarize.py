"""The built-in diarizer on synthetic conversations, its pieces on hand-made inputs, and the backends.

Thresholds: on these clips the diarizer measured DER (pyannote collar 0.25 s total) of 0.3 % with two
speakers and 0.6 % with three (boundary jitter only). The tests allow 5 %: ten times the measured
error, for other espeak-ng/librosa builds, yet less than one utterance (3-5 s of ~35 s of speech,
about 9 %) given to the wrong speaker.
"""

from __future__ import annotations

import itertools
import sys
import types
from typing import Any, TypedDict

import numpy as np
import pytest
from pyannote.core import Annotation, Segment

from models.audio import AudioClip
from models.diarize import (
    BuiltinDiarizer,
    Diarization,
    DiarizationProvenance,
    Diarizer,
    DiarizerConfig,
    DiarizerUnavailableError,
    PyannoteDiarizer,
    Turn,
    Window,
    absorb_short_turns,
    annotation_from_rttm,
    annotation_to_rttm,
    cluster_windows,
    load_diarizer,
    plan_windows,
    reliable_windows,
    windows_to_turns,
)
from models.metrics_der import diarization_error_rate
from models.vad import SpeechRegion

from .conversation import Conversation

MAX_DER = 0.05


def _runs(annotation: Annotation) -> list[tuple[str, float]]:
    """(speaker, seconds of speech) for each run of one speaker uninterrupted by another."""
    runs: list[tuple[str, float]] = []
    for segment, _, label in annotation.itertracks(yield_label=True):
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1] + segment.duration)
        else:
            runs.append((label, segment.duration))
    return runs


# ----------------------------------------------------------------------------- on synthetic speech


@pytest.mark.slow
def test_two_speakers_are_found_with_low_der(
    two_speakers: Conversation, two_speaker_result: Diarization
) -> None:
    assert two_speaker_result.speakers == ("SPEAKER_00", "SPEAKER_01")
    der = diarization_error_rate(two_speakers.reference, two_speaker_result.annotation, collar=0.25)
    assert der < MAX_DER
    assert two_speaker_result.duration == pytest.approx(two_speakers.audio.duration_seconds)


@pytest.mark.slow
def test_three_speakers_are_counted(three_speakers: Conversation, three_speaker_result: Diarization) -> None:
    assert len(three_speaker_result.speakers) == 3
    der = diarization_error_rate(three_speakers.reference, three_speaker_result.annotation, collar=0.25)
    assert der < MAX_DER


@pytest.mark.slow
def test_one_voice_is_one_speaker(diarizer: Diarizer, one_speaker: Conversation) -> None:
    result = diarizer.diarize(one_speaker.audio)
    assert result.speakers == ("SPEAKER_00",)


@pytest.mark.slow
def test_speaker_count_can_be_imposed(diarizer: Diarizer, three_speakers: Conversation) -> None:
    assert len(diarizer.diarize(three_speakers.audio, num_speakers=2).speakers) == 2
    assert len(diarizer.diarize(three_speakers.audio, max_speakers=2).speakers) == 2


@pytest.mark.slow
def test_turns_respect_the_minimum_length(three_speaker_result: Diarization) -> None:
    assert min(seconds for _, seconds in _runs(three_speaker_result.annotation)) >= 0.5


@pytest.mark.slow
def test_provenance_progress_and_silence(diarizer: Diarizer, two_speakers: Conversation) -> None:
    calls: list[tuple[str, float]] = []
    clip = two_speakers.audio.slice(0, 12)
    result = diarizer.diarize(clip, progress=lambda stage, done: calls.append((stage, done)))
    assert result.provenance.backend == "builtin"
    assert any(model.startswith("resemblyzer-ge2e") for model in result.provenance.models)
    assert any(model.startswith("silero-vad-v6") for model in result.provenance.models)
    assert result.provenance.options["window_seconds"] == 1.5
    assert {stage for stage, _ in calls} == {"vad", "embed", "cluster"}
    assert ("embed", 1.0) in calls
    silent = diarizer.diarize(AudioClip(np.zeros(3 * 16_000, np.float32)))
    assert silent.speakers == ()
    assert not silent.annotation


@pytest.mark.slow
def test_rttm_of_a_result_round_trips(two_speaker_result: Diarization) -> None:
    text = two_speaker_result.to_rttm("interview-001")
    back = Diarization.from_rttm(text, duration=two_speaker_result.duration)
    assert back.speakers == two_speaker_result.speakers
    assert diarization_error_rate(two_speaker_result.annotation, back.annotation, collar=0.0) < 1e-3


# ----------------------------------------------------------------------------- pieces


def test_windows_tile_each_region() -> None:
    windows = plan_windows([SpeechRegion(1.0, 4.0), SpeechRegion(5.0, 5.4)], window=1.5, step=0.75)
    first_region = [w for w in windows if w.start < 4.0]
    assert [w.start for w in first_region] == [1.0, 1.75, 2.5]
    assert first_region[-1].end == 4.0
    assert first_region[0].own_start == 1.0
    assert first_region[-1].own_end == 4.0
    for a, b in itertools.pairwise(first_region):
        assert a.own_end == pytest.approx(b.own_start)  # owned stretches tile the region
    assert windows[-1] == Window(5.0, 5.4, 5.0, 5.4)  # a short region is one short window


def test_windows_merge_into_turns_and_short_islands_are_absorbed() -> None:
    windows = [Window(0, 1.5, 0, 1), Window(0.75, 2.25, 1, 1.6), Window(1.5, 3, 1.6, 3), Window(4, 6, 4, 6)]
    turns = windows_to_turns(windows, np.array([0, 1, 0, 1]))
    assert turns == (Turn(0, 1, 0), Turn(1, 1.6, 1), Turn(1.6, 3, 0), Turn(4, 6, 1))
    assert absorb_short_turns(turns, 0.5) == (Turn(0, 1, 0), Turn(1, 1.6, 1), Turn(1.6, 3, 0), Turn(4, 6, 1))
    assert absorb_short_turns(turns, 1.0) == (Turn(0, 3, 0), Turn(4, 6, 1))


def test_a_short_run_joins_the_nearer_neighbour() -> None:
    turns = (Turn(0, 2, 0), Turn(2.8, 3.1, 1), Turn(3.2, 5, 2))
    assert absorb_short_turns(turns, 0.5) == (Turn(0, 2, 0), Turn(2.8, 3.1, 2), Turn(3.2, 5, 2))
    assert absorb_short_turns((Turn(0, 0.2, 0),), 0.5) == (Turn(0, 0.2, 0),)  # one speaker: kept


class _ClusterOptions(TypedDict):
    min_speakers: int
    max_speakers: int
    distance_threshold: float


OPTIONS = _ClusterOptions(min_speakers=1, max_speakers=4, distance_threshold=0.35)


def _groups(*centres: np.ndarray, per_group: int = 12, spread: float = 0.05) -> np.ndarray:
    rng = np.random.default_rng(3)
    vectors = [np.abs(c + spread * rng.standard_normal((per_group, c.size))) for c in centres]
    return np.concatenate(vectors).astype(np.float32)


def test_clustering_counts_separated_groups() -> None:
    basis = np.eye(8)
    embeddings = _groups(basis[0] + 0.3, basis[1] + 0.3, basis[2] + 0.3)
    reliable = np.ones(len(embeddings), bool)
    labels = cluster_windows(embeddings, reliable, num_speakers=None, **OPTIONS)
    assert len(set(labels.tolist())) == 3
    assert len(set(labels[:12].tolist())) == 1
    one = cluster_windows(_groups(basis[0] + 0.3), np.ones(12, bool), num_speakers=None, **OPTIONS)
    assert set(one.tolist()) == {0}
    forced = cluster_windows(embeddings, reliable, num_speakers=2, **OPTIONS)
    assert len(set(forced.tolist())) == 2


def test_short_windows_join_the_nearest_cluster() -> None:
    basis = np.eye(8)
    embeddings = _groups(basis[0] + 0.3, basis[1] + 0.3)
    reliable = np.ones(len(embeddings), bool)
    reliable[[0, 12]] = False
    labels = cluster_windows(embeddings, reliable, num_speakers=None, **OPTIONS)
    assert labels[0] == labels[1] != labels[12] == labels[13]


# ----------------------------------------------------------------------------- RTTM


def test_rttm_lines_are_standard() -> None:
    annotation = Annotation()
    annotation[Segment(0.5, 2.25)] = "SPEAKER_00"
    annotation[Segment(2.5, 4.0)] = "SPEAKER_01"
    text = annotation_to_rttm(annotation, "iv-7")
    assert text.splitlines() == [
        "SPEAKER iv-7 1 0.500 1.750 <NA> <NA> SPEAKER_00 <NA> <NA>",
        "SPEAKER iv-7 1 2.500 1.500 <NA> <NA> SPEAKER_01 <NA> <NA>",
    ]
    back = annotation_from_rttm(text)
    assert back.uri == "iv-7"
    assert list(back.itertracks(yield_label=True))[1][2] == "SPEAKER_01"
    assert annotation_from_rttm("") == Annotation()


def test_rttm_refuses_what_it_cannot_hold() -> None:
    with pytest.raises(ValueError, match="whitespace"):
        annotation_to_rttm(Annotation(), "two words")
    with pytest.raises(ValueError, match="line 1"):
        annotation_from_rttm("SPEAKER iv 1 0.0")
    with pytest.raises(ValueError, match="one recording"):
        annotation_from_rttm("SPEAKER a 1 0 1 <NA> <NA> x <NA> <NA>\nSPEAKER b 1 1 1 <NA> <NA> y <NA> <NA>")


# ----------------------------------------------------------------------------- configuration and backends


def test_config_validation() -> None:
    with pytest.raises(ValueError, match="pipeline"):
        DiarizerConfig(backend="pyannote")
    with pytest.raises(ValueError, match="backend"):
        DiarizerConfig(backend="nemo")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="step_seconds"):
        DiarizerConfig(step_seconds=2.0, window_seconds=1.5)


def test_token_stays_out_of_repr_and_provenance() -> None:
    config = DiarizerConfig(backend="pyannote", pipeline="/models/pipeline", token="hf_secret")
    assert "hf_secret" not in repr(config)
    assert "hf_secret" not in str(dict(config.options()))


def test_pyannote_backend_without_the_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyannote.audio", None)  # import fails as when it is not installed
    with pytest.raises(DiarizerUnavailableError, match="optional extra"):
        load_diarizer(DiarizerConfig(backend="pyannote", pipeline="pyannote/speaker-diarization-community-1"))


class _FakePipeline:
    """Stands in for pyannote.audio.Pipeline: records how it was loaded and called."""

    loaded: dict[str, Any] = {}  # noqa: RUF012

    def __init__(self, result: Any) -> None:
        self.result = result
        self.calls: list[dict[str, Any]] = []

    @classmethod
    def from_pretrained(cls, checkpoint: str, token: str | None = None) -> _FakePipeline | None:
        cls.loaded = {"checkpoint": checkpoint, "token": token}
        if checkpoint == "missing":
            return None
        annotation = Annotation()
        annotation[Segment(2, 3)] = "B"
        annotation[Segment(0, 1)] = "A"
        return cls(types.SimpleNamespace(speaker_diarization=annotation))

    def to(self, device: Any) -> _FakePipeline:
        self.device = device
        return self

    def __call__(self, file: dict[str, Any], **kwargs: Any) -> Any:
        self.calls.append({"file": file, **kwargs})
        return self.result


@pytest.fixture
def fake_pyannote_audio(monkeypatch: pytest.MonkeyPatch) -> type[_FakePipeline]:
    module = types.ModuleType("pyannote.audio")
    module.Pipeline = _FakePipeline  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pyannote.audio", module)
    return _FakePipeline


def test_pyannote_backend_is_selected_by_configuration(fake_pyannote_audio: type[_FakePipeline]) -> None:
    config = DiarizerConfig(backend="pyannote", pipeline="/srv/models/diarization", token="tok")
    diarizer = load_diarizer(config)
    assert isinstance(diarizer, PyannoteDiarizer)
    assert fake_pyannote_audio.loaded == {"checkpoint": "/srv/models/diarization", "token": "tok"}
    result = diarizer.diarize(AudioClip(np.zeros(16_000 * 4, np.float32)), num_speakers=2)
    assert result.speakers == ("SPEAKER_00", "SPEAKER_01")  # relabelled in order of first speech
    assert result.provenance == DiarizationProvenance("pyannote", result.provenance.models, config.options())
    call = diarizer._pipeline.calls[0]
    assert call["num_speakers"] == 2
    assert call["file"]["sample_rate"] == 16_000
    assert tuple(call["file"]["waveform"].shape) == (1, 64_000)


def test_pyannote_pipeline_that_does_not_load_is_explained(fake_pyannote_audio: type[_FakePipeline]) -> None:
    with pytest.raises(DiarizerUnavailableError, match="local directory"):
        load_diarizer(DiarizerConfig(backend="pyannote", pipeline="missing"))


def test_builtin_is_the_default(diarizer: Diarizer) -> None:
    assert isinstance(diarizer, BuiltinDiarizer)


def test_unusable_embeddings_do_not_shape_clusters() -> None:
    windows = [Window(0, 1.5, 0, 1.5), Window(2, 2.3, 2, 2.3), Window(3, 4.5, 3, 4.5)]
    embeddings = np.array([[1, 0], [0, 1], [np.nan, np.nan]], np.float32)
    assert reliable_windows(embeddings, windows, 0.6).tolist() == [True, False, False]
    assert reliable_windows(embeddings[1:2], windows[1:2], 0.6).tolist() == [True]  # short beats nothing
    none = np.zeros((2, 2), np.float32)
    labels = cluster_windows(none, reliable_windows(none, windows[:2], 0.6), num_speakers=None, **OPTIONS)
    assert labels.tolist() == [0, 0]


def test_minor_clusters_fold_into_the_nearest_voice_and_real_voices_stay() -> None:
    import numpy as np

    from models.diarize import merge_minor_clusters

    rng = np.random.default_rng(0)
    centres = np.eye(3, 8)
    near_first = centres[0] * 0.9 + centres[2] * 0.1

    def cloud(centre: np.ndarray, count: int) -> np.ndarray:
        return centre + rng.normal(0, 0.01, (count, 8))

    two_voices_and_fillers = np.vstack([cloud(centres[0], 10), cloud(centres[1], 10), cloud(near_first, 2)])
    labels = np.array([0] * 10 + [1] * 10 + [2] * 2)
    merged = merge_minor_clusters(two_voices_and_fillers, labels, min_windows=3, min_speakers=1)
    assert merged.max() == 1 and (merged[20:] == merged[0]).all()

    with_a_prompter = np.vstack([cloud(centres[0], 10), cloud(centres[1], 10), cloud(centres[2], 5)])
    labels = np.array([0] * 10 + [1] * 10 + [2] * 5)
    assert merge_minor_clusters(with_a_prompter, labels, min_windows=3, min_speakers=1).max() == 2
