"""E-mails each conversation participant about messages unread for five minutes and not yet e-mailed about,
one e-mail per thread. Scheduled every few minutes (settings.SCHEDULED_JOBS); safe to repeat, since
ConversationRead.last_emailed_at remembers the newest message each person was told about."""
from django.core.management.base import BaseCommand

from marketplace.conversation_services import conversation_email_unread


class Command(BaseCommand):
    help = "E-posta deltagare om olästa meddelanden i marknadsplatsens konversationer."

    def handle(self, *args, **options):
        sent = conversation_email_unread()
        if options["verbosity"] > 1:
            self.stdout.write(f"{sent} e-mails sent")
