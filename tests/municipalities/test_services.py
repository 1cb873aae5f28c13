"""Creating municipalities, granting roles, and the demo seed."""
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from wagtail.models import Collection, Page, Site

from municipalities.models import ContentPage, Municipality, MunicipalityMembership, PlatformOwner, Role
from municipalities.permissions import can_edit_municipality, can_view_followup
from municipalities.services import membership_grant, membership_revoke, municipality_create
from tests.factories.accounts import make_user
from tests.factories.municipalities import make_municipality, make_staff

pytestmark = pytest.mark.django_db


class MunicipalityCreateTests:
    def test_creates_its_own_site_home_page_collection_and_theme(self):
        municipality = make_municipality("2513")
        assert municipality.name == "Överkalix"
        assert municipality.county_name == "Norrbottens län"
        assert municipality.site.hostname == "overkalix.localhost"
        assert municipality.site.root_page.specific.title == "Överkalix"
        assert municipality.collection.name == "Överkalix"
        assert municipality.theme.colors["primary"] == "#1d4f7a"

    def test_unknown_kommunkod_is_refused_and_nothing_is_saved(self):
        pages, sites, collections = Page.objects.count(), Site.objects.count(), Collection.objects.count()
        with pytest.raises(ValidationError) as error:
            municipality_create(code="9999", slug="ingenstans", hostname="ingenstans.localhost")
        assert "inte en av Sveriges 290 kommunkoder" in str(error.value)
        assert (Page.objects.count(), Site.objects.count(), Collection.objects.count()) == (pages, sites, collections)
        assert not Municipality.objects.filter(code="9999").exists()

    def test_only_platform_admins_create_municipalities(self, arvidsjaur):
        editor = make_staff(arvidsjaur)
        with pytest.raises(PermissionDenied):
            municipality_create(code="2463", slug="asele", hostname="asele.localhost", actor=editor)


class MembershipTests:
    def test_granting_a_staff_role_makes_the_user_staff_with_admin_access(self, arvidsjaur):
        user = make_user("ny@example.org")
        membership_grant(municipality=arvidsjaur, user=user, role=Role.EDITOR)
        user.refresh_from_db()
        assert user.is_staff
        assert user.has_perm("wagtailadmin.access_admin")
        assert can_edit_municipality(user, arvidsjaur)

    def test_sot_hosts_are_not_staff(self, arvidsjaur):
        user = make_user("butik@example.org")
        membership_grant(municipality=arvidsjaur, user=user, role=Role.SOT_HOST)
        user.refresh_from_db()
        assert not user.is_staff

    def test_revoking_the_last_staff_role_removes_staff_status_and_access(self, arvidsjaur):
        user = make_staff(arvidsjaur)
        membership_revoke(membership=MunicipalityMembership.objects.get(user=user))
        user = get_user_model().objects.get(pk=user.pk)
        assert not user.is_staff
        assert not user.has_perm("wagtailadmin.access_admin")
        assert not can_edit_municipality(user, arvidsjaur)

    def test_editor_of_one_municipality_cannot_edit_another(self, arvidsjaur, asele):
        assert not can_edit_municipality(make_staff(arvidsjaur), asele)


class FollowupAccessTests:
    def test_platform_owner_reads_only_granted_municipalities(self, arvidsjaur, asele):
        member = make_user("region@example.org")
        owner = PlatformOwner.objects.create(name="Region Norrbotten", kind=PlatformOwner.Kind.REGION)
        owner.municipalities.add(arvidsjaur)
        owner.members.add(member)
        assert can_view_followup(member, arvidsjaur)
        assert not can_view_followup(member, asele)


class SeedDemoTests:
    def _counts(self):
        return {
            "municipalities": Municipality.objects.count(), "pages": Page.objects.count(),
            "sites": Site.objects.count(), "users": get_user_model().objects.count(),
            "memberships": MunicipalityMembership.objects.count(), "content": ContentPage.objects.count(),
        }

    def test_seed_builds_the_three_pilots_and_is_idempotent(self):
        call_command("seed_demo", verbosity=0)
        first = self._counts()
        call_command("seed_demo", verbosity=0)
        assert self._counts() == first
        assert sorted(Municipality.objects.values_list("name", flat=True)) == ["Arvidsjaur", "Åsele", "Överkalix"]
        assert first["content"] == 6
        overkalix = Municipality.objects.get(code="2513")
        assert overkalix.minority_language_names == ["Finska", "Meänkieli"]
        assert Municipality.objects.get(code="2505").minority_language_names == ["Samiska"]
