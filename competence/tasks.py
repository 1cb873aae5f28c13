"""Background tasks of the competence registry (django-tasks, the "embeddings" backend: a database
queue worked by `manage.py db_worker --backend embeddings`).

`embed_object` computes and stores one object's text embedding. It is enqueued on commit of a save
that changed the embedding text (competence/signals.py), never run inside a request; the scheduled
`competence_embed_missing` repairs whatever a lost task left behind. A need is embedded as a query
(it searches), offers as passages (they are searched), as the e5 models expect.

`refresh_followup_figures` recomputes one follow-up filter's figures and `refresh_followup_defaults`
queues the default views' after a write (competence/followup_cache.py): the same queue and worker, so
no new service is needed; each is debounced by a cache key, so a burst of writes queues one each."""
import logging

import numpy as np
from django.apps import apps
from django_tasks import task

logger = logging.getLogger(__name__)

EMBEDDED_MODELS = ("competence.CompetenceNeed", "competence.LearningOffer", "competence.CompanyPeerOffer")
QUERY_MODELS = frozenset({"competence.CompetenceNeed"})


def vectors_for(label: str, texts: list[str]) -> np.ndarray:
    import semantic

    if label in QUERY_MODELS:
        return np.stack([semantic.embed_query(t) for t in texts]) if texts else semantic.embed_passages([])
    return semantic.embed_passages(texts)


def store_embeddings(label: str, objects: list) -> int:
    """Embed the objects whose stored key is not the current one; returns how many were stored. Written
    with an UPDATE guarded by the text's key, so a concurrent edit is never overwritten with a vector of
    the old text (the edit's own task stores the new one)."""
    from competence.matching import embedding_key

    stale = [(obj, embedding_key(obj)) for obj in objects]
    stale = [(obj, key) for obj, key in stale if obj.embedding_key != key or not obj.embedding]
    if not stale:
        return 0
    vectors = vectors_for(label, [obj.embedding_text() for obj, _key in stale])
    model = apps.get_model(label)
    stored = 0
    for (obj, key), vector in zip(stale, vectors):
        fresh = model.objects.filter(pk=obj.pk).first()
        if fresh is None or embedding_key(fresh) != key:
            continue
        stored += model.objects.filter(pk=obj.pk).update(
            embedding=np.asarray(vector, dtype=np.float32).tobytes(), embedding_key=key)
    return stored


@task(backend="embeddings")
def embed_object(label: str, pk: int) -> int:
    if label not in EMBEDDED_MODELS:
        raise ValueError(f"not an embedded model: {label}")
    obj = apps.get_model(label).objects.filter(pk=pk).first()
    if obj is None:
        return 0
    return store_embeddings(label, [obj])


@task(backend="embeddings")
def refresh_followup_figures(spec: dict) -> bool:
    from competence import followup_cache

    return followup_cache.refresh(spec)


@task(backend="embeddings")
def refresh_followup_defaults() -> int:
    from competence import followup_cache

    return followup_cache.refresh_defaults()
