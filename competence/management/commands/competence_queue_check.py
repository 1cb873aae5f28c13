"""Exit 1 when the embeddings queue has a task waiting longer than --max-age seconds: the worker is
stuck or gone (the compose `worker` service's health check)."""
import sys
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Fails when a queued competence embedding has waited too long (the worker's health check)."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=900, help="seconds (default 900)")

    def handle(self, *args, max_age, **options):
        from django_tasks_db.models import DBTaskResult

        cutoff = timezone.now() - timedelta(seconds=max_age)
        stuck = DBTaskResult.objects.filter(backend_name="embeddings", status="READY", enqueued_at__lt=cutoff)
        if stuck.exists():
            self.stderr.write(f"{stuck.count()} queued embeddings older than {max_age} s")
            sys.exit(1)
