"""Repair search indexes: add missing or stale documents, delete ones that should be gone."""
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from search import registry


class Command(BaseCommand):
    help = ("Compare every registered search index (or one) with its provider in each backend; "
            "re-index missing and stale documents and delete extra ones.")

    def add_arguments(self, parser):
        parser.add_argument("--index", help="name of one registered index, e.g. directory.company")

    def handle(self, *args, index=None, **options):
        names = [index] if index else [r.spec.name for r in registry.registered_indexes()]
        for name in names:
            try:
                report = registry.reconcile_index(name)
            except (LookupError, ImproperlyConfigured, registry.SearchBackendError) as exc:
                raise CommandError(f"{name}: {exc}") from exc
            self.stdout.write(f"{name}: " + "; ".join(
                f"{backend} {c.missing} missing, {c.stale} stale, {c.extra} extra" for backend, c in report.items()
            ))
