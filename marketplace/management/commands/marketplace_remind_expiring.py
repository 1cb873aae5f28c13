"""Daily job: e-mail the owners of published listings that expire within their municipality's reminder window
(once per expiry; renewing allows the next). Safe to repeat."""
from django.core.management.base import BaseCommand

from marketplace.listing_services import listings_remind_expiring


class Command(BaseCommand):
    help = "Påminner annonsörer vars annonser snart går ut."

    def handle(self, *args, **options):
        reminded = listings_remind_expiring()
        self.stdout.write(f"{reminded} reminders sent")
