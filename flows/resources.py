"""Everything a flow needs, built from Settings by one factory, the same way locally and in production.

Models load once per process (a Dask worker keeps its own) and are reused for every interview it gets.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from hirelake.lake import Lake
from hirelake.media_probe import ProbeLimits
from hirelake.settings import Settings
from models.diarize import DiarizerConfig, load_diarizer
from models.embeddings import Embedder, load_embedder
from models.transcribe import Transcriber, load_transcriber
from models.vision import VisionAnalyzer, VisionConfig, load_vision


def lake(settings: Settings) -> Lake:
    return Lake(settings, role="admin")


def probe_limits(settings: Settings) -> ProbeLimits:
    return ProbeLimits(
        max_bytes=settings.media.max_bytes, max_duration_seconds=settings.media.max_duration_seconds
    )


def cpu_threads(settings: Settings) -> int:
    """Split the machine's cores between the Dask workers instead of oversubscribing them."""
    return max(1, (os.cpu_count() or 1) // settings.pipeline.dask_workers)


@cache
def _transcriber(source: str, token: str | None, threads: int) -> Transcriber:
    return load_transcriber(source, hub_token=token, cpu_threads=threads)


def transcriber(settings: Settings) -> Transcriber:
    token = settings.models.hub_token.get_secret_value() if settings.models.hub_token else None
    return _transcriber(settings.models.whisper_model, token, cpu_threads(settings))


def diarizer_config(settings: Settings) -> DiarizerConfig:
    pipeline = settings.models.pyannote_pipeline
    if pipeline is None:
        return DiarizerConfig()
    token = settings.models.hub_token.get_secret_value() if settings.models.hub_token else None
    return DiarizerConfig(backend="pyannote", pipeline=pipeline, token=token)


@cache
def _diarizer(config: DiarizerConfig) -> Any:
    return load_diarizer(config)


def diarizer(settings: Settings) -> Any:
    return _diarizer(diarizer_config(settings))


def vision_config(settings: Settings) -> VisionConfig:
    return VisionConfig(
        sample_fps=settings.media.vision_sample_fps,
        allow_expressions=settings.expression_analysis_allowed,
    )


@cache
def _vision(config: VisionConfig) -> VisionAnalyzer:
    return load_vision(config)


def vision(settings: Settings) -> VisionAnalyzer:
    return _vision(vision_config(settings))


@cache
def _embedder(source: str) -> Embedder:
    return load_embedder(source)


def embedder(settings: Settings) -> Embedder:
    return _embedder(settings.assessment.embedder)
