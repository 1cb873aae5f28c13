"""Build the three pilot municipalities with demo content. Deterministic and idempotent."""
from django.conf import settings
from django.core.management.base import BaseCommand

from municipalities.demo import DEMO_PASSWORD, create_demo_data


class Command(BaseCommand):
    help = "Skapar demodata för Arvidsjaur, Åsele och Överkalix (kan köras flera gånger)."

    def add_arguments(self, parser):
        parser.add_argument("--base-domain", default=settings.PLATFORM_BASE_DOMAIN)
        parser.add_argument("--port", type=int, default=80)

    def handle(self, *args, base_domain, port, **options):
        pilots = create_demo_data(base_domain=base_domain, port=port)
        self.stdout.write(self.style.SUCCESS(f"Demodata klar: {', '.join(m.name for m in pilots.values())}."))
        self.stdout.write(f"Demoinloggningar (lösenord {DEMO_PASSWORD}): admin@example.org, "
                          + ", ".join(f"redaktor.{slug}@example.org" for slug in pilots))
