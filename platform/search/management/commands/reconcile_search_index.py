"""Repair search indexes: add missing or stale documents, delete ones that should be gone."""
from search import registry
from search.management.base import IndexCommand


class Command(IndexCommand):
    help = ("Compare every registered search index (or one) with its provider in each backend; "
            "re-index missing and stale documents and delete extra ones.")

    def run_for_index(self, name: str) -> str:
        report = registry.reconcile_index(name)
        return "; ".join(f"{backend} {c.missing} missing, {c.stale} stale, {c.extra} extra"
                         for backend, c in report.items())
