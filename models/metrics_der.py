"""Diarization error rate with pyannote.metrics, with the collar convention written down.

Collar: pyannote's `collar` is the TOTAL width of the no-score zone around each reference boundary
(half before, half after). So `diarization_error_rate(..., collar=0.25)` forgives +-0.125 s, which is
how this project reads "DER at collar 0.25 s". NIST md-eval's `-c 0.25` forgives +-0.25 s; pass
collar=0.5 to reproduce md-eval numbers.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyannote.core import Annotation


def diarization_error_rate(
    reference: Annotation,
    hypothesis: Annotation,
    collar: float = 0.25,
    *,
    duration: float | None = None,
    skip_overlap: bool = False,
) -> float:
    """(missed + false alarm + confusion) / reference speech, after the optimal label mapping.

    duration: the clip's length; scores [0, duration]. Without it, the union of both annotations'
    extents is scored (what pyannote would approximate, minus its warning).
    """
    from pyannote.core import Segment, Timeline
    from pyannote.metrics.diarization import DiarizationErrorRate

    if collar < 0:
        raise ValueError(f"collar must not be negative, got {collar}")
    extent = _scored_extent(reference, hypothesis, duration)
    if extent is None:
        return 0.0  # nothing was said and nothing was found
    metric = DiarizationErrorRate(collar=collar, skip_overlap=skip_overlap)
    uem = Timeline([Segment(*extent)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pyannote warns when the reference is empty
        return float(metric(reference, hypothesis, uem=uem))


def _scored_extent(
    reference: Annotation, hypothesis: Annotation, duration: float | None
) -> tuple[float, float] | None:
    if duration is not None:
        if duration <= 0:
            raise ValueError(f"duration must be positive, got {duration}")
        return (0.0, duration)
    bounds = [(s.start, s.end) for a in (reference, hypothesis) for s in a.itersegments()]
    if not bounds:
        return None
    return (min(b[0] for b in bounds), max(b[1] for b in bounds))
