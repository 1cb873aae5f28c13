"""Field validators for company records. Messages are Swedish and name what is wrong.

Organisation numbers (https://bolagsverket.se, Skatteverket's SKV 709): a legal entity's number has
ten digits and a third digit of 2 or more; a sole trader (enskild firma) has no number of its own and
uses the owner's personnummer (or samordningsnummer), whose third and fourth digits are a month.
Both end in a Luhn check digit. People also write them with twelve digits (century prefix 16 for a
legal entity, 18/19/20 for a person) and as a VAT number (SE + ten digits + 01). Every spelling is
stored as ten digits with a hyphen; a personnummer is stored but never published
(`Company.public_org_number`).
"""
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr, personnummer

from directory.reference import sni_codes

_SEPARATORS = re.compile(r"[\s\-+]")
_DIGITS = re.compile(r"[0-9]+")  # ASCII only: str.isdigit() would let '０' and '٠' through
PERSON_CENTURIES = ("18", "19", "20")
LEGAL_ENTITY_CENTURY = "16"


@dataclass(frozen=True)
class OrgNumber:
    number: str  # ten digits with a hyphen: 556016-0680
    personal: bool  # a personnummer or samordningsnummer: an enskild firma's, never published


def parse_org_number(value: str) -> OrgNumber:
    """Any accepted spelling -> the stored form. Raises ValidationError with a Swedish message."""
    text = (value or "").strip()
    compact = _SEPARATORS.sub("", text).upper()
    if compact.startswith("SE"):
        if not (len(compact) == 14 and _DIGITS.fullmatch(compact[2:]) and compact.endswith("01")):
            raise ValidationError(
                _("Ett momsregistreringsnummer är SE, organisationsnumret och 01, och slutar på 01, "
                  "till exempel SE556016068001."), code="org_number_vat")
        compact = compact[2:12]
    if not _DIGITS.fullmatch(compact) or len(compact) not in (10, 12):
        raise ValidationError(
            _("Organisationsnumret ska ha tio siffror, till exempel 556016-0680 (eller tolv, till exempel "
              "16556016-0680)."), code="org_number_format")
    century, digits = (compact[:2], compact[2:]) if len(compact) == 12 else ("", compact)
    number = f"{digits[:6]}-{digits[6:]}"
    if set(digits) == {"0"}:
        raise ValidationError(_("%(value)s är inget giltigt organisationsnummer."), params={"value": number},
                              code="org_number_zero")
    personal = digits[2] < "2"  # Bolagsverket: a legal entity's number has 2 or more as its third digit
    if century == LEGAL_ENTITY_CENTURY and personal:
        raise ValidationError(
            _("Sekelsiffrorna 16 används bara för juridiska personers organisationsnummer. Skriv ett "
              "personnummer med tio siffror, till exempel 811228-9874."), code="org_number_century")
    if century and century != LEGAL_ENTITY_CENTURY and not personal:
        raise ValidationError(
            _("%(value)s är inget giltigt nummer: ett organisationsnummer med tolv siffror börjar med 16, "
              "till exempel 16556016-0680."), params={"value": text}, code="org_number_century")
    try:
        if personal:
            _validate_personal(century, digits, plus="+" in text)
        else:
            orgnr.validate(digits)
    except InvalidChecksum:
        raise ValidationError(
            _("Organisationsnumret %(value)s har fel kontrollsiffra. Kontrollera att du skrivit av det rätt."),
            params={"value": number}, code="org_number_checksum")
    except InvalidComponent:
        raise ValidationError(
            _("%(value)s är inget giltigt organisationsnummer: ett organisationsnummer har 2 eller högre som "
              "tredje siffra, och i ett personnummer (enskild firma) är siffrorna 3–6 en månad och dag."),
            params={"value": number}, code="org_number_date")
    except StdnumError:
        raise ValidationError(_("Organisationsnumret ska ha tio siffror, till exempel 556016-0680."),
                              code="org_number_format")
    return OrgNumber(number=number, personal=personal)


def _validate_personal(century: str, digits: str, *, plus: bool) -> None:
    """A personnummer or samordningsnummer (day + 60): a real date and a Luhn check digit."""
    day = int(digits[4:6])
    dated = digits[:4] + f"{day - 60:02d}" + digits[6:] if day > 60 else digits
    # The separator tells stdnum the century of a ten-digit number ('+' from the year a person turns 100).
    personnummer.get_birth_date(century + dated[:6] + ("+" if plus and not century else "-") + dated[6:])
    luhn.validate(digits)


def normalise_org_number(value: str) -> str:
    """'5560160680', '16556016-0680', 'SE556016068001' ... -> '556016-0680'. A value that is not a
    valid number comes back trimmed, for the validator to refuse with its message."""
    try:
        return parse_org_number(value).number
    except ValidationError:
        return (value or "").strip()


def validate_org_number(value: str) -> None:
    parse_org_number(value)


def is_personal_number(value: str) -> bool:
    """True for a personnummer and, to fail closed, for anything that is not a valid organisation number."""
    try:
        return parse_org_number(value).personal
    except ValidationError:
        return True


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
