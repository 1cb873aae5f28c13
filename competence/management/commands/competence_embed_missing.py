"""Compute every missing or stale competence embedding (needs, providers' offers, peer offers).

Scheduled (settings.SCHEDULED_JOBS) as the repair of what a lost background task left behind, and
run by hand after changing SEMANTIC_BACKEND. Safe to repeat: fresh embeddings are skipped."""
from django.apps import apps
from django.core.management.base import BaseCommand

from competence.tasks import EMBEDDED_MODELS, store_embeddings


class Command(BaseCommand):
    help = "Computes missing or stale embeddings of competence needs and offers."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=64)
        parser.add_argument("--limit", type=int, default=0, help="stop after this many per model (0: all)")

    def handle(self, *args, batch_size, limit, **options):
        for label in EMBEDDED_MODELS:
            model = apps.get_model(label)
            stored = 0
            batch = []
            for obj in model.objects.order_by("pk").iterator(chunk_size=500):
                batch.append(obj)
                if len(batch) >= batch_size:
                    stored += store_embeddings(label, batch)
                    batch = []
                if limit and stored >= limit:
                    break
            if batch and not (limit and stored >= limit):
                stored += store_embeddings(label, batch)
            if options["verbosity"] > 0:
                self.stdout.write(f"{label}: {stored} embedded")
