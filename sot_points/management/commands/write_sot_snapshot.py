"""Rewrites the static SOT snapshot of every municipality (or the ones named).

Run after a deploy or a restore, and periodically by the scheduler: the snapshot names official
alerts that expire and statuses that age into "not confirmed since", which no change announces.
"""
from django.core.management.base import BaseCommand, CommandError

from municipalities.models import Municipality
from sot_points.snapshot import write_snapshot


class Command(BaseCommand):
    help = "Skriv om den statiska kopian av SOT-sidorna för alla kommuner (eller de som anges)."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Kommunernas kortnamn, t.ex. overkalix; tomt: alla.")

    def handle(self, *args, slugs=(), **options):
        municipalities = Municipality.objects.order_by("slug")
        if slugs:
            municipalities = municipalities.filter(slug__in=slugs)
            unknown = sorted(set(slugs) - {m.slug for m in municipalities})
            if unknown:
                raise CommandError(f"Okänd kommun: {', '.join(unknown)}")
        written = [str(write_snapshot(municipality.pk)) for municipality in municipalities]
        self.stdout.write(f"{len(written)} SOT-kopior skrivna")
