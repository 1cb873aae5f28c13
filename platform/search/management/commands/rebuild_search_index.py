"""Reload search indexes from their providers (Elasticsearch: new index, atomic alias swap)."""
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from search import registry


class Command(BaseCommand):
    help = "Rebuild every registered search index (or one) from its provider, without downtime."

    def add_arguments(self, parser):
        parser.add_argument("--index", help="name of one registered index, e.g. directory.company")

    def handle(self, *args, index=None, **options):
        names = [index] if index else [r.spec.name for r in registry.registered_indexes()]
        for name in names:
            try:
                counts = registry.rebuild_index(name)
            except (LookupError, ImproperlyConfigured, registry.SearchBackendError) as exc:
                raise CommandError(f"{name}: {exc}") from exc
            self.stdout.write(f"{name}: " + ", ".join(f"{backend} {n} documents" for backend, n in counts.items()))
