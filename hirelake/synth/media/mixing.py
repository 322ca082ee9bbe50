"""Place spoken clips on one timeline, keep a clean track per speaker, and record who spoke when.

The per-speaker tracks are exact: a speaker's track is non-zero only inside that speaker's placed
clips, which is what makes the RTTM a true reference for diarization rather than an estimate.
The mix adds a faint deterministic room noise so "silence" looks like a real recording.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hirelake.synth.media.config import Speaker
from hirelake.synth.media.script import Utterance, UtteranceKind
from hirelake.synth.media.speech import Audio

_LEAD_IN_S = 0.6
_TAIL_S = 0.8
_PEAK = 0.89  # about -1 dBFS: headroom for the lossy encoders


@dataclass(frozen=True)
class PlacedUtterance:
    index: int
    speaker: Speaker
    kind: UtteranceKind
    text: str
    start_s: float
    end_s: float
    answer_index: int | None
    key_point_ids: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    """The mixed interview audio and its exact ground truth."""

    sample_rate: int
    mix: Audio
    tracks: dict[Speaker, Audio]
    placed: tuple[PlacedUtterance, ...]

    @property
    def duration_s(self) -> float:
        return self.mix.size / self.sample_rate

    def overlaps(self) -> tuple[tuple[float, float], ...]:
        """Intervals where two different speakers talk at once."""
        found: list[tuple[float, float]] = []
        for i, a in enumerate(self.placed):
            for b in self.placed[i + 1 :]:
                if a.speaker != b.speaker:
                    start, end = max(a.start_s, b.start_s), min(a.end_s, b.end_s)
                    if end > start:
                        found.append((round(start, 3), round(end, 3)))
        return tuple(sorted(found))


def mix_utterances(
    utterances: Sequence[Utterance],
    clips: Sequence[Audio],
    sample_rate: int,
    rng: np.random.Generator,
    *,
    fps: int,
    noise_dbfs: float = -60.0,
) -> Timeline:
    """Lay clips end to end with each utterance's pause (negative pause = overlap).

    The total length is rounded up to whole video frames at `fps`, so audio and video end together.
    """
    if len(utterances) != len(clips):
        raise ValueError(f"{len(utterances)} utterances but {len(clips)} clips")
    starts: list[int] = []
    cursor = int(_LEAD_IN_S * sample_rate)
    for utterance, clip in zip(utterances, clips, strict=True):
        start = max(0, cursor + round(utterance.pause_before_s * sample_rate))
        starts.append(start)
        cursor = max(cursor, start + clip.size)
    total = cursor + int(_TAIL_S * sample_rate)
    n_frames = -(-total * fps // sample_rate)
    total = round(n_frames * sample_rate / fps)
    tracks: dict[Speaker, npt.NDArray[np.float32]] = {}
    placed: list[PlacedUtterance] = []
    for index, (utterance, clip, start) in enumerate(zip(utterances, clips, starts, strict=True)):
        track = tracks.setdefault(utterance.speaker, np.zeros(total, dtype=np.float32))
        track[start : start + clip.size] += clip
        placed.append(
            PlacedUtterance(
                index=index,
                speaker=utterance.speaker,
                kind=utterance.kind,
                text=utterance.text,
                start_s=round(start / sample_rate, 3),
                end_s=round((start + clip.size) / sample_rate, 3),
                answer_index=utterance.answer_index,
                key_point_ids=utterance.key_point_ids,
            )
        )
    mix = np.zeros(total, dtype=np.float32)
    for track in tracks.values():
        mix += track
    peak = float(np.max(np.abs(mix))) if total else 0.0
    scale = np.float32(_PEAK / peak) if peak > _PEAK else np.float32(1.0)
    tracks = {speaker: (track * scale).astype(np.float32) for speaker, track in tracks.items()}
    noise = rng.standard_normal(total).astype(np.float32) * np.float32(10 ** (noise_dbfs / 20))
    mix = (mix * scale + noise).astype(np.float32)
    return Timeline(sample_rate=sample_rate, mix=mix, tracks=tracks, placed=tuple(placed))
