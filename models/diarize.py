"""Who spoke when: a load/apply pair with an offline built-in backend and an optional pyannote.audio one.

Built-in backend ("builtin"), nothing downloaded:
1. Silero VAD v6 (models.vad) finds speech regions;
2. sliding windows (1.5 s, step 0.75 s) inside each region are embedded with resemblyzer's GE2E
   speaker encoder (its weights ship in the resemblyzer wheel), on the CPU;
3. windows with at least `min_window_seconds` of audio are clustered: agglomerative, cosine distance,
   average linkage. Unless `num_speakers` is given, the tree cut at `distance_threshold` (0.28)
   proposes the count (one speaker when everything merges below it and min_speakers allows), clipped
   to [min_speakers, max_speakers]; the silhouette then vetoes clear over-splits: while going from
   k-1 to k clusters lowers the silhouette by more than 0.1, k drops by one. Tuned on espeak-ng
   interviews (5 voice pairs x {no third voice, 3 third voices} x {clean, 15 dB SNR white noise}):
   windows of one voice merge below 0.25, distinguishable voices above 0.31. Silhouette alone was
   tried first and missed short third voices (a 4-window cluster lowers the mean silhouette a little:
   0.54 -> 0.53), so it only vetoes. Shorter windows join the nearest cluster centroid;
4. each window owns the stretch around its centre; same-label stretches merge into turns, and turns
   shorter than `min_turn_seconds` are absorbed by their nearest neighbouring turn.

pyannote backend ("pyannote"): `pyannote.audio.Pipeline.from_pretrained(pipeline, token=token)` from a
local directory or a hub id. pyannote.audio is an optional extra, imported only when this backend is
chosen.

Labels are `SPEAKER_00`, `SPEAKER_01`, ... in order of first speech.
"""

from __future__ import annotations

import importlib.metadata
import itertools
import math
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from hirelake.errors import HirelakeError
from models.audio import SAMPLE_RATE, AudioClip
from models.vad import SpeechRegion, VadOptions, detect_speech, vad_model_version

if TYPE_CHECKING:
    from pyannote.core import Annotation

Backend = Literal["builtin", "pyannote"]
ProgressCallback = Callable[[str, float], None]
"""Called as progress(stage, fraction done in [0, 1]); stages: "vad", "embed", "cluster", "pipeline"."""
OptionValue = str | int | float | bool | None
Embeddings = npt.NDArray[np.float32]

PYANNOTE_EXTRA_HINT = (
    "install the optional extra `pyannote` (pip install 'hirelake[pyannote]', i.e. pyannote.audio with a "
    "torchaudio that matches the installed CPU torch), or set backend='builtin'"
)
_FRAMES_PER_SECOND = 100  # resemblyzer's mel hop is 10 ms
_SILHOUETTE_VETO = 0.1  # a split must not lower the silhouette by more than this
_SPEECH_TARGET_DBFS = -30.0  # the level resemblyzer normalises its training audio to


class DiarizationError(HirelakeError, RuntimeError):
    """Diarization could not run; the message says what to change."""


class DiarizerUnavailableError(DiarizationError):
    """The configured backend cannot be loaded (missing package, model or token)."""


@dataclass(frozen=True)
class DiarizerConfig:
    """How to diarize. Built-in options are ignored by the pyannote backend and vice versa.

    pipeline: for backend="pyannote", a local pipeline directory / config.yaml or a hub id.
    token: hub access token for gated pyannote pipelines (never logged, never in provenance).
    """

    backend: Backend = "builtin"
    device: str = "cpu"
    window_seconds: float = 1.5
    step_seconds: float = 0.75
    min_window_seconds: float = 0.6
    min_turn_seconds: float = 0.5
    distance_threshold: float = 0.28
    # A speaker needs this many reliable windows (~2.25 s of speech at the default step) to stand alone.
    min_speaker_windows: int = 3
    vad: VadOptions = field(default_factory=VadOptions)
    pipeline: str | None = None
    token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.backend not in ("builtin", "pyannote"):
            raise ValueError(f"unknown diarization backend {self.backend!r}; use 'builtin' or 'pyannote'")
        if self.backend == "pyannote" and not self.pipeline:
            raise ValueError(
                "backend='pyannote' needs `pipeline`: a local pipeline directory or a hub id "
                "such as 'pyannote/speaker-diarization-community-1'"
            )
        if not 0 < self.step_seconds <= self.window_seconds:
            raise ValueError(
                f"need 0 < step_seconds <= window_seconds, got step {self.step_seconds} "
                f"and window {self.window_seconds}"
            )
        if self.min_turn_seconds < 0 or self.min_window_seconds < 0:
            raise ValueError("min_turn_seconds and min_window_seconds must not be negative")

    def options(self) -> Mapping[str, OptionValue]:
        """The options that shape the result, for provenance and cache keys (no token)."""
        if self.backend == "pyannote":
            return MappingProxyType({"pipeline": self.pipeline, "device": self.device})
        flat: dict[str, OptionValue] = {
            "window_seconds": self.window_seconds,
            "step_seconds": self.step_seconds,
            "min_window_seconds": self.min_window_seconds,
            "min_turn_seconds": self.min_turn_seconds,
            "distance_threshold": self.distance_threshold,
            "min_speaker_windows": self.min_speaker_windows,
            "device": self.device,
        }
        flat.update({f"vad_{name}": value for name, value in asdict(self.vad).items()})
        return MappingProxyType(flat)


@dataclass(frozen=True)
class DiarizationProvenance:
    backend: str
    models: tuple[str, ...]
    options: Mapping[str, OptionValue]


@dataclass(frozen=True)
class Diarization:
    """Speaker turns of one clip. `annotation` is shared: copy it before changing it."""

    annotation: Annotation
    speakers: tuple[str, ...]
    provenance: DiarizationProvenance
    duration: float

    def to_rttm(self, uri: str) -> str:
        return annotation_to_rttm(self.annotation, uri)

    @classmethod
    def from_rttm(
        cls,
        text: str,
        *,
        duration: float | None = None,
        provenance: DiarizationProvenance | None = None,
    ) -> Diarization:
        """Read the RTTM of one recording (e.g. a reference), speakers in order of first speech."""
        annotation = annotation_from_rttm(text)
        speakers = speakers_in_order(annotation)
        end = max((segment.end for segment in annotation.itersegments()), default=0.0)
        source = provenance or DiarizationProvenance("rttm", (), MappingProxyType({}))
        return cls(annotation, speakers, source, duration if duration is not None else end)


class Diarizer(Protocol):
    def diarize(
        self,
        audio: AudioClip,
        *,
        num_speakers: int | None = None,
        min_speakers: int = 1,
        max_speakers: int = 4,
        progress: ProgressCallback | None = None,
    ) -> Diarization: ...


def load_diarizer(config: DiarizerConfig | None = None) -> Diarizer:
    """Load the configured backend once; reuse the returned diarizer for many clips."""
    cfg = config or DiarizerConfig()
    if cfg.backend == "pyannote":
        return PyannoteDiarizer(cfg, _load_pyannote_pipeline(cfg))
    return BuiltinDiarizer(cfg, _load_voice_encoder(cfg.device))


# ---------------------------------------------------------------------------------------------------
# built-in backend


class Window(NamedTuple):
    """A stretch embedded as one vector; it labels [own_start, own_end) around its centre."""

    start: float
    end: float
    own_start: float
    own_end: float


class Turn(NamedTuple):
    start: float
    end: float
    label: int

    @property
    def duration(self) -> float:
        return self.end - self.start


class BuiltinDiarizer:
    def __init__(self, config: DiarizerConfig, encoder: Any) -> None:
        self._config = config
        self._encoder = encoder
        self.provenance = DiarizationProvenance(
            backend="builtin",
            models=(
                f"resemblyzer-ge2e {_package_version('resemblyzer')} (pretrained.pt, 256-d)",
                vad_model_version(),
            ),
            options=config.options(),
        )
        self.last_timings: Mapping[str, float] = MappingProxyType({})

    def diarize(
        self,
        audio: AudioClip,
        *,
        num_speakers: int | None = None,
        min_speakers: int = 1,
        max_speakers: int = 4,
        progress: ProgressCallback | None = None,
    ) -> Diarization:
        _check_speaker_bounds(num_speakers, min_speakers, max_speakers)
        _require_sample_rate(audio)
        report = progress or _no_progress
        timings: dict[str, float] = {}
        clock = time.perf_counter()
        regions = detect_speech(audio, self._config.vad)
        timings["vad"], clock = _lap(clock)
        report("vad", 1.0)
        windows = plan_windows(regions, self._config.window_seconds, self._config.step_seconds)
        embeddings = self._embed(audio, regions, windows, report)
        timings["embed"], clock = _lap(clock)
        labels = cluster_windows(
            np.nan_to_num(embeddings),
            reliable_windows(embeddings, windows, self._config.min_window_seconds),
            num_speakers=num_speakers,
            min_speakers=min_speakers,
            max_speakers=max_speakers,
            distance_threshold=self._config.distance_threshold,
            min_speaker_windows=self._config.min_speaker_windows,
        )
        turns = absorb_short_turns(windows_to_turns(windows, labels), self._config.min_turn_seconds)
        timings["cluster"], _ = _lap(clock)
        report("cluster", 1.0)
        self.last_timings = MappingProxyType(timings)
        annotation = turns_to_annotation(turns)
        return Diarization(annotation, speakers_in_order(annotation), self.provenance, audio.duration_seconds)

    def _embed(
        self,
        audio: AudioClip,
        regions: Sequence[SpeechRegion],
        windows: Sequence[Window],
        report: ProgressCallback,
    ) -> Embeddings:
        if not windows:
            return np.zeros((0, 256), np.float32)
        mel = _mel_frames(_normalised_speech(audio, regions))
        return embed_windows(self._encoder, mel, windows, report)


def plan_windows(regions: Sequence[SpeechRegion], window: float, step: float) -> tuple[Window, ...]:
    """Windows inside each region; a region shorter than a window is one window of its own length."""
    planned: list[Window] = []
    for region in regions:
        starts = _window_starts(region, window, step)
        ends = [min(start + window, region.end) for start in starts]
        centres = [(start + end) / 2 for start, end in zip(starts, ends, strict=True)]
        bounds = [
            region.start,
            *((a + b) / 2 for a, b in itertools.pairwise(centres)),
            region.end,
        ]
        planned += [
            Window(s, e, bounds[i], bounds[i + 1]) for i, (s, e) in enumerate(zip(starts, ends, strict=True))
        ]
    return tuple(planned)


def _window_starts(region: SpeechRegion, window: float, step: float) -> list[float]:
    if region.duration <= window:
        return [region.start]
    count = math.ceil((region.duration - window) / step)
    starts = [region.start + i * step for i in range(count)]
    return [*starts, region.end - window]  # the last window ends exactly at the region's end


def embed_windows(
    encoder: Any, mel: Embeddings, windows: Sequence[Window], report: ProgressCallback
) -> Embeddings:
    """GE2E embeddings of each window's mel frames; same-length windows go through the LSTM together."""
    import torch

    spans = [_frame_span(w, len(mel)) for w in windows]
    embeddings = np.zeros((len(windows), 256), np.float32)
    by_length: dict[int, list[int]] = {}
    for index, (first, last) in enumerate(spans):
        by_length.setdefault(last - first, []).append(index)
    done = 0
    for indices in by_length.values():
        for batch in _batches(indices, 64):
            frames = np.stack([mel[spans[i][0] : spans[i][1]] for i in batch])
            with torch.inference_mode():
                vectors = encoder(torch.from_numpy(frames).to(encoder.device)).cpu().numpy()
            embeddings[batch] = vectors
            done += len(batch)
            report("embed", done / len(windows))
    return embeddings


def _frame_span(window: Window, frame_count: int) -> tuple[int, int]:
    first = min(round(window.start * _FRAMES_PER_SECOND), frame_count - 1)
    last = min(max(round(window.end * _FRAMES_PER_SECOND), first + 1), frame_count)
    return first, last


def _batches(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def reliable_windows(
    embeddings: Embeddings, windows: Sequence[Window], min_window_seconds: float
) -> npt.NDArray[np.bool_]:
    """Windows whose embedding may shape the clusters: long enough, and a real (finite, non-zero) vector.

    When every window is short (a clip of brief replies), the short ones are used rather than none.
    """
    usable = np.isfinite(embeddings).all(axis=1) & (np.abs(np.nan_to_num(embeddings)).sum(axis=1) > 0)
    long_enough = np.array([w.end - w.start >= min_window_seconds for w in windows], dtype=bool)
    chosen: npt.NDArray[np.bool_] = usable & long_enough
    return chosen if chosen.any() else usable


def cluster_windows(
    embeddings: Embeddings,
    reliable: npt.NDArray[np.bool_],
    *,
    num_speakers: int | None,
    min_speakers: int,
    max_speakers: int,
    distance_threshold: float,
    min_speaker_windows: int = 1,
) -> npt.NDArray[np.int64]:
    """A cluster index per window (0..k-1); unreliable (short) windows join the nearest centroid."""
    if len(embeddings) == 0:
        return np.zeros(0, np.int64)
    if not reliable.any():
        return np.zeros(len(embeddings), np.int64)  # nothing to tell voices apart by: one speaker
    core = _cluster_reliable(
        embeddings[reliable], num_speakers, min_speakers, max_speakers, distance_threshold
    )
    if num_speakers is None:
        core = merge_minor_clusters(embeddings[reliable], core, min_windows=min_speaker_windows,
                                    min_speakers=min_speakers)  # fmt: skip
    centroids = np.stack([embeddings[reliable][core == k].mean(axis=0) for k in range(core.max() + 1)])
    labels: npt.NDArray[np.int64] = np.argmax(_unit(embeddings) @ _unit(centroids).T, axis=1).astype(np.int64)
    labels[reliable] = core
    return labels


def merge_minor_clusters(
    embeddings: Embeddings, labels: npt.NDArray[np.int64], *, min_windows: int, min_speakers: int
) -> npt.NDArray[np.int64]:
    """Fold clusters of fewer than `min_windows` windows into the nearest other cluster.

    Short replies and fillers ("okay", "嗯") give noisy embeddings that can split off as a "speaker" of
    their own; a real extra voice (a prompt) speaks in sentences and keeps enough windows to stay.
    """
    merged = labels.copy()
    while merged.max() + 1 > max(1, min_speakers):
        sizes = np.bincount(merged)
        smallest = int(np.argmin(sizes))
        if sizes[smallest] >= min_windows:
            break
        others = [k for k in range(len(sizes)) if k != smallest]
        centroids = _unit(np.stack([embeddings[merged == k].mean(axis=0) for k in others]))
        centre = _unit(embeddings[merged == smallest].mean(axis=0, keepdims=True))
        merged[merged == smallest] = others[int(np.argmax(centroids @ centre.T))]
        merged = _dense(merged)
    return merged


def _cluster_reliable(
    embeddings: Embeddings,
    num_speakers: int | None,
    min_speakers: int,
    max_speakers: int,
    distance_threshold: float,
) -> npt.NDArray[np.int64]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    count = len(embeddings)
    if count == 1:
        return np.zeros(1, np.int64)
    distances = np.clip(pdist(embeddings.astype(np.float64), metric="cosine"), 0.0, 2.0)
    tree = linkage(distances, method="average")
    if num_speakers is not None:
        k = min(num_speakers, count)
    else:
        k = _choose_speaker_count(tree, distances, min_speakers, max_speakers, distance_threshold)
    return _dense(fcluster(tree, t=k, criterion="maxclust"))


def _choose_speaker_count(
    tree: npt.NDArray[np.float64],
    distances: npt.NDArray[np.float64],
    min_speakers: int,
    max_speakers: int,
    distance_threshold: float,
) -> int:
    """The threshold proposes a count; the silhouette vetoes clear over-splits (module docstring)."""
    from scipy.cluster.hierarchy import fcluster

    count = len(tree) + 1
    proposed = int(fcluster(tree, t=distance_threshold, criterion="distance").max())
    if proposed == 1 and min_speakers <= 1:
        return 1
    lowest = min(max(2, min_speakers), count)
    k = min(max(proposed, lowest), max_speakers, count)
    while k > lowest:
        fewer, more = _silhouette(tree, distances, k - 1), _silhouette(tree, distances, k)
        if fewer is None or more is None or more >= fewer - _SILHOUETTE_VETO:
            break
        k -= 1
    return k


def _silhouette(tree: npt.NDArray[np.float64], distances: npt.NDArray[np.float64], k: int) -> float | None:
    from scipy.cluster.hierarchy import fcluster
    from scipy.spatial.distance import squareform
    from sklearn.metrics import silhouette_score

    labels = fcluster(tree, t=k, criterion="maxclust")
    if len(set(labels.tolist())) != k or k >= len(labels):
        return None
    return float(silhouette_score(squareform(distances), labels, metric="precomputed"))


def _dense(labels: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    _, dense = np.unique(labels, return_inverse=True)
    return dense.astype(np.int64)


def _unit(vectors: Embeddings) -> Embeddings:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Embeddings = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


def windows_to_turns(windows: Sequence[Window], labels: npt.NDArray[np.int64]) -> tuple[Turn, ...]:
    """Each window labels the stretch it owns; touching stretches with one label become one turn."""
    turns: list[Turn] = []
    for window, label in zip(windows, labels.tolist(), strict=True):
        if turns and turns[-1].label == label and math.isclose(turns[-1].end, window.own_start, abs_tol=1e-6):
            turns[-1] = turns[-1]._replace(end=window.own_end)
        else:
            turns.append(Turn(window.own_start, window.own_end, label))
    return tuple(turns)


def absorb_short_turns(turns: Sequence[Turn], min_turn_seconds: float) -> tuple[Turn, ...]:
    """Relabel turns shorter than the minimum with their nearest neighbour's label, shortest first.

    A speaker "turn" here is a maximal run of that speaker's speech that no other speaker interrupts,
    so a short turn is judged together with same-speaker turns next to it across silence.
    """
    current = list(turns)
    while len({t.label for t in current}) > 1:
        runs = _speaker_runs(current)
        short = [run for run in runs if _run_duration(current, run) < min_turn_seconds]
        if not short:
            break
        first, last = min(short, key=lambda run: _run_duration(current, run))
        label = _nearest_neighbour_label(current, first, last)
        current[first : last + 1] = [turn._replace(label=label) for turn in current[first : last + 1]]
        current = list(_merge_touching(current))
    return tuple(current)


def _speaker_runs(turns: Sequence[Turn]) -> list[tuple[int, int]]:
    """Index ranges [first, last] of consecutive turns with the same label."""
    runs: list[tuple[int, int]] = []
    for index, turn in enumerate(turns):
        if runs and turns[runs[-1][1]].label == turn.label:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _run_duration(turns: Sequence[Turn], run: tuple[int, int]) -> float:
    return sum(turn.duration for turn in turns[run[0] : run[1] + 1])


def _nearest_neighbour_label(turns: Sequence[Turn], first: int, last: int) -> int:
    before = turns[first - 1] if first > 0 else None
    after = turns[last + 1] if last + 1 < len(turns) else None
    if before is None:
        return after.label if after is not None else turns[first].label
    if after is None:
        return before.label
    gap_before = turns[first].start - before.end
    gap_after = after.start - turns[last].end
    if math.isclose(gap_before, gap_after, abs_tol=1e-6):
        return before.label if before.duration >= after.duration else after.label
    return before.label if gap_before < gap_after else after.label


def _merge_touching(turns: Sequence[Turn]) -> tuple[Turn, ...]:
    merged: list[Turn] = []
    for turn in turns:
        if (
            merged
            and merged[-1].label == turn.label
            and math.isclose(merged[-1].end, turn.start, abs_tol=1e-6)
        ):
            merged[-1] = merged[-1]._replace(end=turn.end)
        else:
            merged.append(turn)
    return tuple(merged)


def turns_to_annotation(turns: Sequence[Turn], uri: str | None = None) -> Annotation:
    """An Annotation whose labels are SPEAKER_00.. in order of first speech."""
    from pyannote.core import Annotation, Segment

    names: dict[int, str] = {}
    annotation = Annotation(uri=uri)
    for index, turn in enumerate(turns):
        name = names.setdefault(turn.label, f"SPEAKER_{len(names):02d}")
        annotation[Segment(turn.start, turn.end), index] = name
    return annotation


def speakers_in_order(annotation: Annotation) -> tuple[str, ...]:
    """Labels by the time each first speaks."""
    first: dict[str, float] = {}
    for segment, _, label in annotation.itertracks(yield_label=True):
        first[label] = min(first.get(label, math.inf), segment.start)
    return tuple(sorted(first, key=lambda label: (first[label], label)))


def _normalised_speech(audio: AudioClip, regions: Sequence[SpeechRegion]) -> Embeddings:
    """The clip scaled so its speech sits at resemblyzer's training level (quiet audio is raised only)."""
    speech = np.concatenate([audio.slice(r.start, r.end).samples for r in regions])
    rms = float(np.sqrt(np.mean(np.square(speech, dtype=np.float64)))) if speech.size else 0.0
    if rms <= 0:
        return audio.samples
    gain = 10 ** ((_SPEECH_TARGET_DBFS - 20 * math.log10(rms)) / 20)
    return (audio.samples * max(gain, 1.0)).astype(np.float32)


def _mel_frames(samples: Embeddings) -> Embeddings:
    resemblyzer_audio = _import_resemblyzer_audio()
    frames: Embeddings = resemblyzer_audio.wav_to_mel_spectrogram(samples)
    return frames


def _load_voice_encoder(device: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # resemblyzer imports scipy.ndimage.morphology
        try:
            from resemblyzer import VoiceEncoder
        except ImportError as error:
            raise DiarizerUnavailableError(
                f"the built-in diarizer needs resemblyzer and torch ({error}); install the project's "
                "dependencies (`uv sync`; torch comes from the local CPU wheel folder)."
            ) from error
    encoder = VoiceEncoder(device=device, verbose=False)
    encoder.eval()
    _warm_up()
    return encoder


def _warm_up() -> None:
    """Pay first-use costs at load time, not in the first clip: librosa's lazy modules, sklearn."""
    import sklearn.metrics  # noqa: F401

    _mel_frames(np.zeros(SAMPLE_RATE // 10, np.float32))


def _import_resemblyzer_audio() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from resemblyzer import audio as resemblyzer_audio

    return resemblyzer_audio


# ---------------------------------------------------------------------------------------------------
# pyannote.audio backend (optional extra)


class PyannoteDiarizer:
    def __init__(self, config: DiarizerConfig, pipeline: Any) -> None:
        self._pipeline = pipeline
        self.provenance = DiarizationProvenance(
            backend="pyannote",
            models=(f"{config.pipeline} (pyannote.audio {_package_version('pyannote.audio')})",),
            options=config.options(),
        )

    def diarize(
        self,
        audio: AudioClip,
        *,
        num_speakers: int | None = None,
        min_speakers: int = 1,
        max_speakers: int = 4,
        progress: ProgressCallback | None = None,
    ) -> Diarization:
        import torch

        _check_speaker_bounds(num_speakers, min_speakers, max_speakers)
        waveform = torch.from_numpy(audio.samples.copy()).unsqueeze(0)
        output = self._pipeline(
            {"waveform": waveform, "sample_rate": audio.sample_rate},
            num_speakers=num_speakers,
            min_speakers=min_speakers,
            max_speakers=max_speakers,
        )
        # pyannote.audio 4 returns an object holding the annotation, 3.x the annotation itself
        raw = getattr(output, "speaker_diarization", output)
        annotation = _relabel_in_order(raw)
        (progress or _no_progress)("pipeline", 1.0)
        return Diarization(annotation, speakers_in_order(annotation), self.provenance, audio.duration_seconds)


def _load_pyannote_pipeline(config: DiarizerConfig) -> Any:
    try:
        from pyannote.audio import Pipeline  # type: ignore[import-not-found, unused-ignore]
    except ImportError as error:
        raise DiarizerUnavailableError(
            f"backend='pyannote' needs pyannote.audio, which is not importable here ({error}): "
            f"{PYANNOTE_EXTRA_HINT}."
        ) from error
    pipeline = Pipeline.from_pretrained(config.pipeline, token=config.token)
    if pipeline is None:
        raise DiarizerUnavailableError(
            f"pyannote.audio could not load the pipeline {config.pipeline!r}: give a local directory that "
            "holds its config.yaml, or a hub id together with a token that has accepted its conditions."
        )
    import torch

    return pipeline.to(torch.device(config.device))


def _relabel_in_order(annotation: Annotation) -> Annotation:
    names = {label: f"SPEAKER_{i:02d}" for i, label in enumerate(speakers_in_order(annotation))}
    return annotation.rename_labels(mapping=names)


# ---------------------------------------------------------------------------------------------------
# RTTM


def annotation_to_rttm(annotation: Annotation, uri: str) -> str:
    """Standard RTTM: `SPEAKER <uri> 1 <start> <dur> <NA> <NA> <label> <NA> <NA>`, one line per turn."""
    if not uri or any(ch.isspace() for ch in uri):
        raise ValueError(f"an RTTM uri must be non-empty and contain no whitespace, got {uri!r}")
    lines = []
    for segment, _, label in annotation.itertracks(yield_label=True):
        if any(ch.isspace() for ch in str(label)):
            raise ValueError(f"speaker label {label!r} contains whitespace, which RTTM cannot hold")
        lines.append(
            f"SPEAKER {uri} 1 {segment.start:.3f} {segment.duration:.3f} <NA> <NA> {label} <NA> <NA>\n"
        )
    return "".join(lines)


def annotation_from_rttm(text: str) -> Annotation:
    """One recording's SPEAKER lines as an Annotation (uri from the file); other line types are skipped."""
    from pyannote.core import Annotation, Segment

    annotation: Annotation | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0] != "SPEAKER":
            continue
        if len(fields) < 8:
            raise ValueError(
                f"RTTM line {number} has {len(fields)} fields, a SPEAKER line needs 10: {line!r}"
            )
        uri, start, duration, label = fields[1], float(fields[3]), float(fields[4]), fields[7]
        if annotation is None:
            annotation = Annotation(uri=uri)
        elif annotation.uri != uri:
            raise ValueError(
                f"RTTM line {number} is for {uri!r}, expected one recording ({annotation.uri!r})"
            )
        annotation[Segment(start, start + duration), number] = label
    return annotation if annotation is not None else Annotation()


# ---------------------------------------------------------------------------------------------------
# shared helpers


def _check_speaker_bounds(num_speakers: int | None, min_speakers: int, max_speakers: int) -> None:
    if num_speakers is not None and num_speakers < 1:
        raise ValueError(f"num_speakers must be at least 1, got {num_speakers}")
    if not 1 <= min_speakers <= max_speakers:
        raise ValueError(f"need 1 <= min_speakers <= max_speakers, got {min_speakers} and {max_speakers}")


def _require_sample_rate(audio: AudioClip) -> None:
    if audio.sample_rate != SAMPLE_RATE:
        raise ValueError(
            f"diarization needs {SAMPLE_RATE} Hz audio, got {audio.sample_rate} Hz: decode with "
            "models.audio.load_audio(path), which resamples."
        )


def _lap(since: float) -> tuple[float, float]:
    now = time.perf_counter()
    return now - since, now


def _no_progress(stage: str, fraction: float) -> None:
    del stage, fraction


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
