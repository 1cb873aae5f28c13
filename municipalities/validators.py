from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities.reference import municipality_references

MINORITY_LANGUAGES = {
    "se": gettext_lazy("Samiska"),
    "fi": gettext_lazy("Finska"),
    "fit": gettext_lazy("Meänkieli"),
    "rom": gettext_lazy("Romani chib"),
    "yi": gettext_lazy("Jiddisch"),
}


def validate_municipality_code(value: str) -> None:
    if value not in municipality_references():
        raise ValidationError(
            _("%(code)s är inte en av Sveriges 290 kommunkoder (SCB). Ange fyra siffror, till exempel 2505."),
            params={"code": value},
            code="unknown_municipality_code",
        )


def validate_minority_languages(value) -> None:
    if not isinstance(value, list) or any(code not in MINORITY_LANGUAGES for code in value):
        raise ValidationError(
            _("Välj bland de nationella minoritetsspråken: %(choices)s."),
            params={"choices": ", ".join(str(name) for name in MINORITY_LANGUAGES.values())},
            code="unknown_minority_language",
        )
