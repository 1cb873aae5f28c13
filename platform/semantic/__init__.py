"""Semantic layer (kernel): text embeddings behind one small, swappable interface.

``embed_passages(texts)`` and ``embed_query(text)`` return unit-normalised float32 vectors whose
dot product is the cosine similarity. The backend is named by ``settings.SEMANTIC_BACKEND``
(a dotted path to a class with ``name``, ``dim``, ``embed_passages`` and ``embed_query``) and is
created lazily, once per process, on first use: importing this package never loads a model, so
Django start-up and tests that do not embed stay fast.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from .backends.base import EmbeddingBackend

__all__ = [
    "EmbeddingBackend", "backend_loaded", "configured_model_name", "embed_passages", "embed_query", "get_backend",
    "model_name", "reset_backend",
]

_lock = threading.Lock()
_backend: EmbeddingBackend | None = None
# The need form asks for occupations and skills of the same text: the second embedding is free.
_QUERY_CACHE_SIZE = 256
_query_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()


def get_backend() -> EmbeddingBackend:
    """The process-wide backend, created under a lock on first call."""
    global _backend
    if _backend is None:
        with _lock:
            if _backend is None:
                from django.conf import settings
                from django.utils.module_loading import import_string

                _backend = import_string(settings.SEMANTIC_BACKEND)()
    return _backend


def reset_backend() -> None:
    """Forget the backend (tests that switch SEMANTIC_BACKEND call this)."""
    global _backend
    with _lock:
        _backend = None
        _query_cache.clear()


def configured_model_name() -> str:
    """The configured backend's model name, read from its class without creating it (no model load)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    if _backend is not None:
        return _backend.name
    return import_string(settings.SEMANTIC_BACKEND).name


def backend_loaded() -> bool:
    """Whether this process has created its backend already: an embedding costs no model load now."""
    return _backend is not None


def model_name() -> str:
    """Identifies the vectors' space: caches of embeddings are keyed by it."""
    return get_backend().name


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    """Embed documents: shape (len(texts), dim), float32, each row of unit length."""
    texts = list(texts)
    backend = get_backend()
    if not texts:
        return np.zeros((0, backend.dim), dtype=np.float32)
    return _normalise(backend.embed_passages(texts))


def embed_query(text: str) -> np.ndarray:
    """Embed one search text: shape (dim,), float32, unit length, read-only (recent texts are cached)."""
    backend = get_backend()
    key = (backend.name, text)
    with _lock:
        if key in _query_cache:
            _query_cache.move_to_end(key)
            return _query_cache[key]
    vector = _normalise(backend.embed_query(text)[None, :])[0]
    vector.setflags(write=False)
    with _lock:
        _query_cache[key] = vector
        while len(_query_cache) > _QUERY_CACHE_SIZE:
            _query_cache.popitem(last=False)
    return vector


def _normalise(matrix: np.ndarray) -> np.ndarray:
    # Backends promise unit vectors; normalising again costs little and keeps a swapped-in
    # backend that forgets from silently changing every score.
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms
