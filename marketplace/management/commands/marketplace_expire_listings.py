"""Hourly job: take listings whose expiry passed out of the search index and mark calls whose answer deadline
passed as no longer open for answers there. Safe to repeat; the public pages already hide expired listings
by reading live-ness from the database."""
from django.core.management.base import BaseCommand

from marketplace.search import listing_index_refresh


class Command(BaseCommand):
    help = "Tar utgångna annonser ur sökindexet och uppdaterar upphandlingar vars svarstid gått ut."

    def handle(self, *args, **options):
        removed, refreshed = listing_index_refresh()
        self.stdout.write(f"{removed} listings removed from the search index, {refreshed} calls re-indexed")
