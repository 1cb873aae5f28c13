"""Daily job: remind companies whose profile has not been confirmed for 12 months (once a month each)."""
from django.core.management.base import BaseCommand

from directory.services import companies_remind_stale


class Command(BaseCommand):
    help = "Påminner företag vars profil inte bekräftats på 12 månader."

    def handle(self, *args, **options):
        reminded = companies_remind_stale()
        self.stdout.write(f"{reminded} reminders sent")
