"""Daily job: remind hosts of SOT points whose readiness is overdue and send each office a summary (weekly at most)."""
from django.core.management.base import BaseCommand, CommandError

from sot_points.services import points_remind_readiness


class Command(BaseCommand):
    help = "Påminner värdar för SOT-punkter som inte bekräftat beredskapen och sammanfattar dem för kommunen."

    def handle(self, *args, **options):
        sent = points_remind_readiness()
        self.stdout.write(f"{sent.points} host reminders sent, {sent.offices} office summaries sent")
        if sent.failed:  # a non-zero exit, so the scheduler reports it; the next run tries them again
            raise CommandError(f"{sent.failed} e-mails could not be sent (see the log)")
