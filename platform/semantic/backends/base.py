from __future__ import annotations

from typing import Protocol

import numpy as np


class EmbeddingBackend(Protocol):
    """What the semantic layer needs of a model; the constructor takes no arguments."""

    name: str  # model identity, part of every embedding cache key
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, unit rows; texts are documents ("passage: " for e5 models)."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32, unit length; the text is a search ("query: " for e5 models)."""
        ...
