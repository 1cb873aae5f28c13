"""Embeddings are computed in the background: a save queues a task on commit (django-tasks' database
queue), the worker stores the vector; a changed text is embedded again; the scheduled repair fills what
is missing; matching without embeddings still works."""
import numpy as np
import pytest
from django.core.management import call_command

from competence import matching
from competence.models import CompetenceNeed, LearningOffer
from tests.factories.accounts import make_user
from tests.factories.competence import make_need
from tests.factories.competence_matching import make_offer, make_provider
from tests.factories.directory import make_company
from tests.semantic import conftest as semantic_fixtures

counting_backend = semantic_fixtures.counting_backend
pytestmark = pytest.mark.django_db


def run_worker():
    call_command("db_worker", "--batch", "--backend", "embeddings", "--no-startup-delay", "--no-reload", verbosity=0)


def queued():
    from django_tasks_db.models import DBTaskResult

    # Embeddings only: the same queue also carries the follow-up's figure refreshes (competence/tasks.py).
    return DBTaskResult.objects.filter(backend_name="embeddings", status="READY",
                                       task_path="competence.tasks.embed_object").count()


@pytest.fixture
def company(overkalix):
    member = make_user("agare@example.org")
    return make_company(overkalix, owner=member, published=True), member


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class WorkerTests:
    """Committed for real: the worker, like the production one, closes database connections between tasks."""

    def test_a_saved_offer_is_embedded_by_the_worker_not_by_the_save(
            self, company, overkalix, counting_backend, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            offer = make_offer(make_provider(overkalix), ssyk_codes=["2512"])

        offer.refresh_from_db()
        assert offer.embedding is None
        assert counting_backend.passages_embedded == 0
        assert queued() == 1
        run_worker()

        offer.refresh_from_db()
        vector = np.frombuffer(bytes(offer.embedding), dtype=np.float32)
        assert vector.shape == (256,)
        assert abs(float(np.linalg.norm(vector)) - 1) < 1e-4
        assert offer.embedding_key == matching.embedding_key(offer)
        assert matching.stored_vector(offer) is not None
        assert queued() == 0

    def test_a_changed_text_is_embedded_again_and_an_unchanged_save_queues_nothing(
            self, company, overkalix, counting_backend, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            offer = make_offer(make_provider(overkalix))
        run_worker()
        offer.refresh_from_db()
        first_key, first = offer.embedding_key, bytes(offer.embedding)

        with django_capture_on_commit_callbacks(execute=True):
            offer.cost_sek = 500
            offer.save()
        assert queued() == 0  # the embedded text did not change

        with django_capture_on_commit_callbacks(execute=True):
            offer.description = "Svetsning MIG/MAG för nybörjare."
            offer.save()
        offer.refresh_from_db()
        assert matching.stored_vector(offer) is None  # stale until the worker has run
        run_worker()
        offer.refresh_from_db()
        assert offer.embedding_key != first_key
        assert bytes(offer.embedding) != first
        assert matching.stored_vector(offer) is not None

    def test_a_need_is_embedded_as_a_query(self, company, counting_backend, django_capture_on_commit_callbacks):
        company, member = company
        with django_capture_on_commit_callbacks(execute=True):
            need = make_need(company, actor=member, ssyk_code="2512")
        run_worker()

        need.refresh_from_db()
        assert counting_backend.queries_embedded == 1
        assert np.allclose(matching.stored_vector(need), semantic_fixtures.HashingBackend().embed_query(
            need.embedding_text()), atol=1e-6)



class RepairAndFallbackTests:
    def test_the_scheduled_repair_embeds_whatever_no_task_did(self, company, overkalix, counting_backend):
        company, member = company
        offer = make_offer(make_provider(overkalix))  # no commit in this test: no task ran
        need = make_need(company, actor=member)
        assert LearningOffer.objects.get(pk=offer.pk).embedding is None

        call_command("competence_embed_missing", verbosity=0)

        assert matching.stored_vector(LearningOffer.objects.get(pk=offer.pk)) is not None
        assert matching.stored_vector(CompetenceNeed.objects.get(pk=need.pk)) is not None
        passages = counting_backend.passages_embedded
        call_command("competence_embed_missing", verbosity=0)
        assert counting_backend.passages_embedded == passages  # fresh ones are skipped

    def test_matching_without_any_embedding_still_ranks_on_the_structured_signal(
            self, company, overkalix, counting_backend):
        company, member = company
        need = make_need(company, actor=member, ssyk_code="2512", preferred_forms=["short_course"])
        provider = make_provider(overkalix)
        right = make_offer(provider, ssyk_codes=["2512"])
        make_offer(provider, title="Kassa och butik", ssyk_codes=["5230"], form="vocational")

        ranked = matching.suggest_for_need(need)

        assert ranked[0].item == right
        assert "samma yrke: 2512" in ranked[0].reason
        assert counting_backend.created == 0  # the model was never loaded for it

    def test_a_queue_that_cannot_be_reached_never_fails_the_save(
            self, company, overkalix, counting_backend, django_capture_on_commit_callbacks, monkeypatch):
        from competence import tasks

        class Unreachable:
            def enqueue(self, *args):
                raise RuntimeError("queue down")

        monkeypatch.setattr(tasks, "embed_object", Unreachable())
        with django_capture_on_commit_callbacks(execute=True):
            offer = make_offer(make_provider(overkalix))
        assert LearningOffer.objects.filter(pk=offer.pk).exists()


class QueueHealthTests:
    def test_the_worker_health_check_fails_only_when_a_queued_embedding_waited_too_long(self, company, overkalix):
        from datetime import timedelta

        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from competence.tasks import embed_object

        call_command("competence_queue_check")  # empty queue: healthy
        embed_object.enqueue("competence.LearningOffer", 1)
        call_command("competence_queue_check")  # fresh: healthy
        DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
        with pytest.raises(SystemExit):
            call_command("competence_queue_check", "--max-age", "900")
