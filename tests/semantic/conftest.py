"""Fixtures that swap the embedding model for a counting, model-free one and isolate the disk cache."""
import threading

import pytest
from django.test import override_settings

import semantic
from semantic.backends.hashing import HashingBackend


class CountingBackend(HashingBackend):
    """The hashing backend, counting how often it is created and asked to embed."""

    name = "counting-hashing"
    created = 0
    passages_embedded = 0
    queries_embedded = 0
    _count_lock = threading.Lock()

    def __init__(self):
        with CountingBackend._count_lock:
            CountingBackend.created += 1

    def embed_passages(self, texts):
        with CountingBackend._count_lock:
            CountingBackend.passages_embedded += len(texts)
        return super().embed_passages(texts)

    def embed_query(self, text):
        with CountingBackend._count_lock:
            CountingBackend.queries_embedded += 1
        return super().embed_query(text)


@pytest.fixture
def counting_backend(tmp_path):
    CountingBackend.created = 0
    CountingBackend.passages_embedded = 0
    CountingBackend.queries_embedded = 0
    with override_settings(SEMANTIC_BACKEND="tests.semantic.conftest.CountingBackend", SEMANTIC_CACHE_DIR=tmp_path):
        semantic.reset_backend()
        yield CountingBackend
    semantic.reset_backend()


@pytest.fixture
def hashing_backend(tmp_path):
    with override_settings(SEMANTIC_BACKEND="semantic.backends.hashing.HashingBackend", SEMANTIC_CACHE_DIR=tmp_path):
        semantic.reset_backend()
        yield
    semantic.reset_backend()
