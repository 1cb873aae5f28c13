"""Who may see and write a company's competence needs and peer offers."""
import pytest

from competence.permissions import (
    can_edit_competence_needs,
    can_edit_peer_offers,
    can_view_competence_needs,
    can_view_peer_offers,
)
from municipalities.models import PlatformOwner, Role
from municipalities.services import platform_owner_create
from tests.factories.accounts import make_superuser, make_user
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(asele):
    owner = make_user("agare@example.org")
    return make_company(asele, owner=owner, published=True), owner


class CompetencePermissionTests:
    def test_the_companys_member_may_see_and_write(self, company):
        company, owner = company
        assert can_view_competence_needs(owner, company)
        assert can_edit_competence_needs(owner, company)
        assert can_view_peer_offers(owner, company)
        assert can_edit_peer_offers(owner, company)

    @pytest.mark.parametrize("role", [Role.EDITOR, Role.MODERATOR])
    def test_the_municipalitys_office_may_see_but_not_write(self, company, role):
        company, _owner = company
        staff = make_staff(company.municipality, role)
        assert can_view_competence_needs(staff, company)
        assert not can_edit_competence_needs(staff, company)
        assert not can_edit_peer_offers(staff, company)

    def test_another_municipalitys_office_and_a_sot_host_may_not_see(self, company, arvidsjaur):
        company, _owner = company
        assert not can_view_competence_needs(make_staff(arvidsjaur, Role.EDITOR), company)
        assert not can_view_competence_needs(make_staff(company.municipality, Role.SOT_HOST), company)

    def test_a_platform_owner_granted_the_municipality_may_not_see_without_consent(self, company):
        company, _owner = company
        member = make_user("region@example.org")
        platform_owner_create(name="Region Västerbotten", kind=PlatformOwner.Kind.REGION,
                              municipalities=[company.municipality], members=[member])
        assert not can_view_competence_needs(member, company)

    def test_a_member_of_another_company_and_anonymous_visitors_may_not_see(self, company):
        from django.contrib.auth.models import AnonymousUser

        company, _owner = company
        other_owner = make_user("annan@example.org")
        make_company(company.municipality, owner=other_owner, org_number="556036-0793", legal_name="Annat AB")
        assert not can_view_competence_needs(other_owner, company)
        assert not can_view_competence_needs(AnonymousUser(), company)

    def test_the_platform_administrator_may_see_but_not_write_in_the_companys_words(self, company):
        company, _owner = company
        admin = make_superuser()
        assert can_view_competence_needs(admin, company)
        assert not can_edit_competence_needs(admin, company)
