"""Index drift: documents a search backend is behind the database on, and the last reconcile.

Writes always reach the database index first (in the request, after commit); a write that then
fails in Elasticsearch is logged and noted here (SearchMissedWrite), because until
`reconcile_search_index` repairs it the search server answers with the old document. /healthz
reads `drift_summary()`: two small reads of the database, no request to the search server
(it is asked every 15 s by the container health check, and an unreachable server already shows
as the "search" check). A reconcile that succeeded forgets the misses noted before it read the
provider (those it has certainly seen) and records what it repaired (`record_reconcile`).
"""
import logging
from collections.abc import Iterable

from django.db import DatabaseError
from django.db.models import Count, Max
from django.utils import timezone

from .models import SearchMissedWrite, SearchReconcileRun

logger = logging.getLogger(__name__)


def note_missed_writes(index_name: str, backend: str, doc_ids: Iterable[str]) -> None:
    """Remember documents `backend` did not receive. Never raises: the write path must not fail
    because the search server did (and a database that fails here fails the page anyway)."""
    rows = [SearchMissedWrite(index_name=index_name, backend=backend, doc_id=doc_id) for doc_id in set(doc_ids)]
    try:
        SearchMissedWrite.objects.bulk_create(rows)
    except DatabaseError as exc:
        logger.warning("could not note %d missed writes of %s in %s: %s", len(rows), index_name, backend, exc)


def last_noted(index_name: str) -> int:
    """The newest missed write of an index so far; read before a reconcile reads the provider."""
    return SearchMissedWrite.objects.filter(index_name=index_name).aggregate(last=Max("id"))["last"] or 0


def record_reconcile(index_name: str, backend: str, *, noted_up_to: int, missing: int, stale: int,
                     extra: int) -> None:
    """A reconcile of `backend` succeeded: misses noted up to `noted_up_to` are repaired (the
    provider was read after they were noted, so it saw the database state they missed)."""
    SearchMissedWrite.objects.filter(index_name=index_name, backend=backend, id__lte=noted_up_to).delete()
    SearchReconcileRun.objects.update_or_create(
        index_name=index_name, backend=backend,
        defaults={"finished_at": timezone.now(), "missing": missing, "stale": stale, "extra": extra},
    )


def forget_unconfigured(index_name: str, configured: list[str], *, noted_up_to: int) -> None:
    """Misses of a backend that is no longer configured (ELASTICSEARCH_URL emptied): nothing will
    repair them, and a rebuild is needed anyway if it is configured again."""
    (SearchMissedWrite.objects.filter(index_name=index_name, id__lte=noted_up_to)
     .exclude(backend__in=configured).delete())


def drift_summary() -> dict:
    """{"drift": {index: {backend: documents behind}}, "reconciled": {index: {backend: {...}}}}."""
    drift: dict[str, dict[str, int]] = {}
    behind = (SearchMissedWrite.objects.values("index_name", "backend")
              .annotate(documents=Count("doc_id", distinct=True)).order_by("index_name", "backend"))
    for row in behind:
        drift.setdefault(row["index_name"], {})[row["backend"]] = row["documents"]
    reconciled: dict[str, dict[str, dict]] = {}
    for run in SearchReconcileRun.objects.order_by("index_name", "backend"):
        reconciled.setdefault(run.index_name, {})[run.backend] = {
            "at": run.finished_at.isoformat(timespec="seconds"),
            "repaired": {"missing": run.missing, "stale": run.stale, "extra": run.extra},
        }
    return {"drift": drift, "reconciled": reconciled}
