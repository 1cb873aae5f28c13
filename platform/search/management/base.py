"""What the search commands share: run one operation per registered index (or the one named)."""
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from search import registry


class IndexCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--index", help="name of one registered index, e.g. directory.company")

    def run_for_index(self, name: str) -> str:
        """Do the work for one index and return the line to print."""
        raise NotImplementedError

    def handle(self, *args, index=None, **options):
        names = [index] if index else [r.spec.name for r in registry.registered_indexes()]
        for name in names:
            try:
                line = self.run_for_index(name)
            except (LookupError, ImproperlyConfigured, registry.SearchBackendError) as exc:
                raise CommandError(f"{name}: {exc}") from exc
            self.stdout.write(f"{name}: {line}")
