"""seed_demo adds published demo companies per pilot, idempotently, and they are searchable."""
import pytest
from django.core.management import call_command

from directory.models import Company, CompanyRevision
from directory.search import company_search, parse_search_params
from municipalities.models import Locality, Municipality

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class DemoDirectoryTests:
    def test_seed_builds_published_companies_once(self, rf):
        call_command("seed_demo", verbosity=0)
        counts = (Company.objects.count(), Locality.objects.count(), CompanyRevision.objects.count())
        call_command("seed_demo", verbosity=0)
        assert (Company.objects.count(), Locality.objects.count(), CompanyRevision.objects.count()) == counts
        assert counts[0] == 22  # 16 of the directory, 6 more of competence.demo_maturity (2 per pilot)
        assert set(Company.objects.values_list("status", flat=True)) == {"published"}
        overkalix = Municipality.objects.get(code="2513")
        result = company_search(params=parse_search_params(rf.get("/", {"q": "lansjärv"}).GET, municipality=overkalix),
                                municipality=overkalix)
        assert [c.legal_name for c, _ in result.rows] == ["Handlar'n i Lansjärv AB", "Överkalix Taxi & Transport AB"]
