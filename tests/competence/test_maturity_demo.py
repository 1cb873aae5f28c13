"""seed_demo gives Handlar'n i Lansjärv T0 and T1 and enough other companies per pilot for the medians."""
import pytest
from django.core.management import call_command

from competence import maturity_selectors
from competence.models import MaturityAssessment
from directory.models import Company

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_seed_builds_rounds_once_and_the_showcase_company_shows_change_and_medians():
    call_command("seed_demo", verbosity=0)
    before = sorted(MaturityAssessment.objects.values_list("company_id", "round", "overall"))
    call_command("seed_demo", verbosity=0)
    assert sorted(MaturityAssessment.objects.values_list("company_id", "round", "overall")) == before
    shop = Company.objects.get(slug="handlarn-i-lansjarv-ab")
    rounds = maturity_selectors.assessment_rounds(company=shop)
    assert [r.label for r in rounds] == ["T0", "T1"]
    assert rounds[0].created_at < rounds[1].created_at
    changes = maturity_selectors.change_since_first(rounds)
    assert all(c.change > 0 for c in changes)
    for code in ("2505", "2463", "2513"):
        assessed = Company.objects.filter(municipality__code=code, maturity_assessments__round=0).distinct()
        assert assessed.count() >= 7, code  # a company and at least 6 others
        assert Company.objects.filter(municipality__code=code, maturity_assessments__round=1).exists()
    assert maturity_selectors.municipality_median(company=shop).medians is not None
    assert maturity_selectors.industry_median(company=shop).medians is not None
