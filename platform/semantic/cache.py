"""Reference embeddings computed once and kept on disk, keyed by model and content.

Embedding a few thousand reference texts takes minutes on a small CPU; loading them back takes
milliseconds. The file name carries the model name and a hash of the exact texts, so a new model
or changed data gives a new file and a stale one is never read.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows; there a second process simply computes too
    fcntl = None

import numpy as np

from . import embed_passages, model_name


def cache_dir() -> Path:
    from django.conf import settings

    return Path(settings.SEMANTIC_CACHE_DIR)


def cache_path(namespace: str, texts: Sequence[str]) -> Path:
    digest = hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()[:16]
    model = re.sub(r"[^A-Za-z0-9.-]+", "_", model_name())
    return cache_dir() / f"{namespace}-{model}-{digest}.npy"


def embed_passages_cached(namespace: str, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
    """The passages' embeddings, from disk when this model has embedded exactly these texts before."""
    texts = list(texts)
    path = cache_path(namespace, texts)
    matrix = _load(path, len(texts))
    if matrix is not None:
        return matrix
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several worker processes start together on a new machine: one computes, the others wait for its
    # file instead of each spending minutes of CPU on the same embeddings.
    with _exclusive(path.with_suffix(".lock")):
        matrix = _load(path, len(texts))
        if matrix is not None:
            return matrix
        return _compute_and_store(path, texts, batch_size)


def _load(path: Path, rows: int) -> np.ndarray | None:
    if path.exists():
        matrix = np.load(path)
        if matrix.shape[0] == rows:
            return matrix
    return None


@contextmanager
def _exclusive(lock_path: Path):
    with open(lock_path, "a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _compute_and_store(path: Path, texts: list[str], batch_size: int) -> np.ndarray:
    parts = [embed_passages(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
    matrix = np.concatenate(parts) if parts else embed_passages([])
    # Written beside the target and renamed: a concurrent reader sees the old state or the whole file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npy")
    try:
        with os.fdopen(fd, "wb") as handle:
            np.save(handle, matrix)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return matrix
