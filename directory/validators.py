"""Field validators for company records. Messages are Swedish and name what is wrong."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.se import orgnr

from directory.reference import sni_codes


def normalise_org_number(value: str) -> str:
    """'5560160680' or '556016-0680' -> '556016-0680' (no validation)."""
    digits = orgnr.compact(value or "")
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else (value or "").strip()


def validate_org_number(value: str) -> None:
    try:
        orgnr.validate(value)
    except InvalidChecksum:
        raise ValidationError(
            _("Organisationsnumret %(value)s har fel kontrollsiffra. Kontrollera att du skrivit av det rätt."),
            params={"value": value}, code="org_number_checksum",
        )
    except (InvalidLength, InvalidFormat):
        raise ValidationError(
            _("Organisationsnumret ska ha tio siffror, till exempel 556016-0680."),
            code="org_number_format",
        )


def validate_sni_code(value: str) -> None:
    if value not in sni_codes():
        raise ValidationError(
            _("%(value)s är ingen SNI 2007-kod. Välj en bransch ur listan."), params={"value": value}, code="sni_unknown",
        )


def validate_sni_codes(value) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Ange branscherna som en lista."), code="sni_not_list")
    for code in value:
        validate_sni_code(code)
