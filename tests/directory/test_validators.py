"""Organisation numbers: every spelling Bolagsverket and Skatteverket use is read, a sole trader's
personnummer is accepted only for an enskild firma, and anything else is refused in Swedish."""
import pytest
from django.core.exceptions import ValidationError

from directory.models import Company
from directory.validators import normalise_org_number, parse_org_number, validate_org_number
from tests.factories.accounts import make_user
from tests.factories.directory import make_company

SOLE_TRADER = "811228-9874"  # a made-up personnummer with a valid check digit


class OrgNumberSpellingTests:
    @pytest.mark.parametrize(("value", "number"), [
        ("5560160680", "556016-0680"),
        ("556016-0680", "556016-0680"),
        (" 556016 0680 ", "556016-0680"),
        ("16556016-0680", "556016-0680"),  # twelve digits: century prefix 16 for legal entities
        ("165560160680", "556016-0680"),
        ("SE556016068001", "556016-0680"),  # the VAT registration number
        ("se 556016-0680 01", "556016-0680"),
        ("8112289874", SOLE_TRADER),
        ("19811228-9874", SOLE_TRADER),
        ("198112289874", SOLE_TRADER),
        ("121212+1212", "121212-1212"),  # a personnummer of someone aged 100 or more
        ("121272-1219", "121272-1219"),  # a samordningsnummer (day + 60)
    ])
    def test_accepted_spellings_are_stored_as_ten_digits_with_a_hyphen(self, value, number):
        validate_org_number(value)
        assert normalise_org_number(value) == number

    def test_a_personnummer_is_recognised_as_personal(self):
        assert parse_org_number(SOLE_TRADER).personal
        assert not parse_org_number("556016-0680").personal

    @pytest.mark.parametrize(("value", "message"), [
        ("000000-0000", "000000-0000 är inget giltigt organisationsnummer"),
        ("0000000000", "000000-0000 är inget giltigt organisationsnummer"),
        ("556016-0681", "fel kontrollsiffra"),
        ("811228-9875", "fel kontrollsiffra"),
        ("811328-9873", "månad och dag"),  # third digit 0/1: a personnummer, and month 13 does not exist
        ("16811228-9874", "16 används bara"),
        ("19556016-0680", "börjar med 16"),
        ("SE556016068002", "slutar på 01"),
        ("12345", "tio siffror"),
        ("556016-068０", "tio siffror"),  # a full-width zero
        ("", "tio siffror"),
    ])
    def test_invalid_numbers_are_refused_with_a_clear_swedish_message(self, value, message):
        with pytest.raises(ValidationError) as error:
            validate_org_number(value)
        assert message in " ".join(error.value.messages)

    def test_an_invalid_number_is_not_normalised_into_a_valid_one(self):
        assert normalise_org_number("19556016-0680") == "19556016-0680"


@pytest.mark.django_db
class LegalFormAgreementTests:
    def test_a_sole_trader_registers_with_a_personnummer(self, asele):
        company = make_company(asele, org_number="19811228-9874", legal_name="Annas Hårvård", legal_form="ef")
        assert company.org_number == SOLE_TRADER

    @pytest.mark.parametrize(("legal_form", "label"), [("ab", "Aktiebolag"), ("hb", "Handelsbolag"),
                                                   ("kb", "Kommanditbolag"), ("ek", "Ekonomisk förening")])
    def test_a_company_form_with_a_personnummer_is_refused_naming_both(self, asele, legal_form, label):
        with pytest.raises(ValidationError) as error:
            make_company(asele, org_number=SOLE_TRADER, legal_form=legal_form)
        message = " ".join(error.value.message_dict["legal_form"])
        assert label in message
        assert SOLE_TRADER in message
        assert "personnummer" in message
        assert not Company.objects.exists()

    def test_changing_a_sole_traders_form_to_aktiebolag_is_refused(self, asele):
        owner = make_user("anna@example.org")
        company = make_company(asele, owner=owner, org_number=SOLE_TRADER, legal_name="Annas Hårvård", legal_form="ef")
        from directory import services

        with pytest.raises(ValidationError) as error:
            services.company_update(actor=owner, company=company, legal_form="ab")
        assert "Aktiebolag" in " ".join(error.value.message_dict["legal_form"])
