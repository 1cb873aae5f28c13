"""A deterministic, model-free backend for tests and for machines without the model.

Each text becomes a bag of hashed character trigrams of its lower-cased words, projected to
``dim`` buckets: texts sharing words score high, others near zero. It knows nothing of meaning,
so it is for exercising the plumbing (caches, ranking code), never for measuring quality.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np


class HashingBackend:
    name = "hashing-trigram-256"
    dim = 256

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            padded = f" {word} "
            for i in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[i : i + 3].encode(), digest_size=4).digest()
                vector[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)
