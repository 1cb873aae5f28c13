"""Build the three pilot municipalities with demo content. Deterministic and idempotent.

On a developer's machine every demo account gets the password README documents. Under production
settings (PLATFORM_IS_PRODUCTION, set by config.settings.production) the command refuses: a seeded
superuser with a published password is the platform handed to whoever logs in first. A demo
installation others can reach says so with --this-is-a-demo-installation and gets a random password
per account, shown once here and never stored anywhere else.
"""
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from municipalities.demo import DEMO_PASSWORD, DemoAccounts, create_demo_data

DEMO_FLAG = "--this-is-a-demo-installation"


class Command(BaseCommand):
    help = "Skapar demodata för Arvidsjaur, Åsele och Överkalix (kan köras flera gånger)."

    def add_arguments(self, parser):
        parser.add_argument("--base-domain", default=settings.PLATFORM_BASE_DOMAIN)
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument(
            "--migrate", action="store_true",
            help="Kör migreringarna först, i samma process (make run: sparar en uppstart av plattformen).",
        )
        parser.add_argument(
            DEMO_FLAG, action="store_true", dest="demo_installation",
            help="Krävs med produktionsinställningar: installationen är en demo. Kontona får slumpade lösenord "
                 "som visas en gång.",
        )

    def handle(self, *args, base_domain, port, demo_installation, migrate, **options):
        production = getattr(settings, "PLATFORM_IS_PRODUCTION", False)
        if production and not demo_installation:
            raise CommandError(
                "seed_demo körs inte med produktionsinställningar: den skapar en superanvändare och redaktörer "
                "med kända adresser. Är installationen en demo, kör igen med " + DEMO_FLAG + " (kontona får då "
                "slumpade lösenord). En riktig installation får sin första administratör med createsuperuser."
            )
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        accounts = DemoAccounts(random_passwords=production)
        pilots = create_demo_data(base_domain=base_domain, port=port, accounts=accounts)
        self.stdout.write(self.style.SUCCESS(f"Demodata klar: {', '.join(m.name for m in pilots.values())}."))
        if not production:
            self.stdout.write(f"Demoinloggningar (lösenord {DEMO_PASSWORD}): admin@example.org, "
                              + ", ".join(f"redaktor.{slug}@example.org" for slug in pilots))
        elif accounts.issued:
            self.stdout.write(self.style.WARNING(
                "Nya lösenord för demokontona. De visas bara nu och sparas ingen annanstans; "
                "ett konto utan sparat lösenord får ett nytt genom ”Glömt lösenord”:"))
            width = max(map(len, accounts.issued))
            for email, password in accounts.issued.items():
                self.stdout.write(f"  {email.ljust(width)}  {password}")
        else:
            self.stdout.write("Alla demokonton fanns redan; inga nya lösenord.")
