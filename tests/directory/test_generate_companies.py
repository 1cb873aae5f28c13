"""The benchmark data generator makes valid, searchable companies, and the same seed makes no more."""
import pytest
from django.core.management import call_command
from stdnum.se import orgnr

from directory.models import Company
from directory.search import company_search, parse_search_params

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class GenerateCompaniesTests:
    def test_generated_companies_are_valid_published_indexed_and_not_duplicated(self, rf, asele):
        call_command("generate_companies", municipality="asele", count=40, seed=3, verbosity=0)
        call_command("generate_companies", municipality="asele", count=40, seed=3, verbosity=0)
        companies = list(Company.objects.filter(municipality=asele))
        assert len(companies) == 40
        assert all(orgnr.is_valid(c.org_number) and c.is_published for c in companies)
        companies[0].full_clean()
        result = company_search(params=parse_search_params(rf.get("/").GET, municipality=asele), municipality=asele)
        assert result.total == 40

    def test_every_slot_makes_legal_entity_numbers_not_personnummer(self):
        from directory.management.commands.generate_companies import org_number_for

        # Bolagsverket: a legal entity's number has 2 or more as its third digit (0 or 1: a personnummer).
        numbers = [org_number_for(slot, serial) for slot in range(60, 100) for serial in (0, 999_999)]
        assert all(orgnr.is_valid(n) and n[2] >= "2" for n in numbers)
