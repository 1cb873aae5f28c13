"""Signal handlers: queue an embedding when an embedded object's text changed (no business logic)."""
import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def embedded_saved(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures
        return
    from competence.matching import embedding_key

    if instance.embedding and instance.embedding_key == embedding_key(instance):
        return
    label = instance._meta.label
    pk = instance.pk
    transaction.on_commit(lambda: _enqueue(label, pk))


def _enqueue(label: str, pk: int) -> None:
    """A queue that cannot be reached costs the object its text signal until the scheduled repair, never
    the request that saved it."""
    from competence.tasks import embed_object

    try:
        embed_object.enqueue(label, pk)
    except Exception:
        logger.exception("Could not queue the embedding of %s %s", label, pk)
