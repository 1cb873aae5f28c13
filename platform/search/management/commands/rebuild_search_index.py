"""Reload search indexes from their providers (Elasticsearch: new index, atomic alias swap)."""
from search import registry
from search.management.base import IndexCommand


class Command(IndexCommand):
    help = "Rebuild every registered search index (or one) from its provider, without downtime."

    def run_for_index(self, name: str) -> str:
        counts = registry.rebuild_index(name)
        return ", ".join(f"{backend} {n} documents" for backend, n in counts.items())
