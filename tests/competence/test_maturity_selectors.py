"""Anonymised medians of the municipality and the industry, and the owners' aggregate T0 → latest."""
import pytest

from competence import maturity_selectors
from tests.factories.competence_maturity import assess, make_assessed_companies

pytestmark = pytest.mark.django_db


class MunicipalityMedianTests:
    def test_hidden_below_five_companies_and_shown_at_five(self, overkalix, arvidsjaur):
        companies = make_assessed_companies(overkalix, 4, levels=[0, 1, 3, 4])
        make_assessed_companies(arvidsjaur, 3, start=200, levels=[4, 4, 4])  # other municipality: not counted
        first = companies[0][0]
        hidden = maturity_selectors.municipality_median(company=first)
        assert (hidden.companies, hidden.medians, hidden.hidden_reason) == (4, None, "för få företag för att visa")
        make_assessed_companies(overkalix, 1, start=150, levels=[2])
        shown = maturity_selectors.municipality_median(company=first)
        assert shown.companies == 5
        assert shown.hidden_reason == ""
        assert shown.medians["human"] == 50.0  # levels 0, 1, 2, 3, 4 → the middle one

    def test_each_company_counts_once_with_its_latest_round(self, overkalix):
        companies = make_assessed_companies(overkalix, 5, levels=[1, 1, 1, 3, 3])
        for company, owner in companies[:2]:
            assess(company, actor=owner, level=4)  # T1: 4, 4, 1, 3, 3 → median 3
        median = maturity_selectors.municipality_median(company=companies[0][0])
        assert median.companies == 5
        assert median.medians["human"] == 75.0

    def test_the_municipalitys_staff_may_ask_for_small_cells(self, overkalix):
        companies = make_assessed_companies(overkalix, 2, levels=[1, 3])
        median = maturity_selectors.municipality_median(company=companies[0][0], suppress=False)
        assert median.medians["human"] == 50.0


class IndustryMedianTests:
    def test_companies_of_the_same_sni_section_anywhere_count_and_others_do_not(self, overkalix, arvidsjaur):
        shops = make_assessed_companies(overkalix, 3, levels=[2, 2, 2], sni="47111")  # G: Handel
        make_assessed_companies(arvidsjaur, 1, start=200, levels=[2], sni="45201")  # G too (motor vehicles)
        make_assessed_companies(arvidsjaur, 3, start=300, levels=[4, 4, 4], sni="43320")  # F: Bygg
        median = maturity_selectors.industry_median(company=shops[0][0])
        assert median.companies == 4
        assert median.medians is None
        assert median.scope.startswith("G Handel")
        make_assessed_companies(arvidsjaur, 1, start=400, levels=[2], sni="47711")
        median = maturity_selectors.industry_median(company=shops[0][0])
        assert median.companies == 5
        assert median.medians["strategy"] == 50.0
