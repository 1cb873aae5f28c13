"""Onboard a municipality from the command line: the same service as the admin's "Lägg till kommun".

    manage.py municipality_create --kommunkod 2422 --editor-email redaktor@sorsele.se [--host ...]

Under production settings the site answers on port 443, so every link it builds is https://.
"""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from municipalities.onboarding import municipality_onboard
from municipalities.validators import MINORITY_LANGUAGES

OPTION_OF_FIELD = {"code": "--kommunkod", "hostname": "--host", "editor_email": "--editor-email",
                   "office_email": "--office-email", "ui_languages": "--no-english",
                   "minority_languages": "--minority-language"}


class Command(BaseCommand):
    help = "Skapar en kommun (webbplats, startsidor, tema, roller, orter) och bjuder in dess första redaktör."

    def add_arguments(self, parser):
        parser.add_argument("--kommunkod", required=True, help="SCB:s fyrsiffriga kommunkod, t.ex. 2422.")
        parser.add_argument("--editor-email", required=True, help="Den första redaktörens e-postadress.")
        parser.add_argument("--host", default="", help="Värdnamn; annars <kommunnamn>.<PLATFORM_BASE_DOMAIN>.")
        parser.add_argument("--port", type=int, default=None,
                            help="Webbplatsens port; förval 443 i produktion, annars plattformens port.")
        parser.add_argument("--office-email", default="", help="Näringslivskontorets e-post (förval: redaktörens).")
        parser.add_argument("--office-phone", default="")
        parser.add_argument("--no-english", action="store_true", help="Webbplatsen bara på svenska.")
        parser.add_argument("--minority-language", action="append", default=[], choices=sorted(MINORITY_LANGUAGES),
                            help="Nationellt minoritetsspråk (kan anges flera gånger).")

    def handle(self, *args, kommunkod, editor_email, host, port, office_email, office_phone, no_english,
               minority_language, **options):
        try:
            result = municipality_onboard(
                code=kommunkod, editor_email=editor_email, hostname=host, port=port,
                office_email=office_email or editor_email, office_phone=office_phone,
                ui_languages=["sv"] if no_english else ["sv", "en"], minority_languages=minority_language,
            )
        except ValidationError as error:
            by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            lines = [f"{OPTION_OF_FIELD.get(field, field)}: {message}".removeprefix(": ")
                     for field, messages in by_field.items() for message in messages]
            raise CommandError("\n".join(lines)) from None
        municipality = result.municipality
        self.stdout.write(self.style.SUCCESS(
            f"{municipality.name} ({municipality.code}, {municipality.county_name}) finns nu på "
            f"{municipality.root_url}/"))
        self.stdout.write(f"Inbjudan skickad till {result.invitation.email} (redaktör).")
        if result.created.get("localities") == 0:
            self.stdout.write(self.style.WARNING(
                "Inga orter i referensdata för den här kommunen; lägg till dem i administrationen under Orter."))
