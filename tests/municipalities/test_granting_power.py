"""Every way the admin grants or takes power goes through the membership services.

Before: deleting a membership under Min kommun → Roller left `is_staff` and the role group, and
the former editor still unpublished a page through a bulk action; a role given through
Admin → Users reached the admin without TOTP.
"""
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from municipalities.models import ContentPage, MunicipalityMembership, PlatformOwner, Role
from municipalities.services import platform_owner_create
from tests.factories.accounts import make_superuser, make_user
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db

ROLES_URL = "/admin/snippets/municipalities/municipalitymembership/"
USERS_URL = "/admin/users/"
HOST = "arvidsjaur.localhost"


@pytest.fixture
def client_factory():
    return Client


@pytest.fixture
def admin_client(client):
    admin = make_superuser()
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)
    return client


@pytest.fixture
def live_page(arvidsjaur):
    page = arvidsjaur.site.root_page.add_child(instance=ContentPage(title="Om kontoret", slug="om-kontoret"))
    page.save_revision().publish()
    return page


def _reload(user):
    return get_user_model().objects.get(pk=user.pk)


def _unpublish_in_bulk(client, page):
    return client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={page.pk}", {"include_descendants": ""},
                       HTTP_HOST=HOST)


class RolesViewTests:
    def test_a_role_added_under_roller_gives_admin_access_through_the_role_group(self, admin_client, arvidsjaur):
        user = make_user("ny.redaktor@example.org")
        response = admin_client.post(f"{ROLES_URL}add/", {
            "user": user.pk, "municipality": arvidsjaur.pk, "role": Role.EDITOR}, HTTP_HOST=HOST)
        assert response.status_code == 302
        user = _reload(user)
        assert user.is_staff
        assert user.has_perm("wagtailadmin.access_admin")
        assert list(user.groups.values_list("name", flat=True)) == ["2505 Arvidsjaur: editor"]

    def test_a_role_deleted_under_roller_takes_the_power_away_at_the_next_request(
        self, admin_client, client_factory, arvidsjaur, live_page,
    ):
        editor = make_staff(arvidsjaur, Role.EDITOR)
        editor_client = client_factory()
        editor_client.force_login(editor)
        membership = MunicipalityMembership.objects.get(user=editor)

        response = admin_client.post(f"{ROLES_URL}delete/{membership.pk}/", HTTP_HOST=HOST)

        assert response.status_code == 302
        user = _reload(editor)
        assert not user.is_staff
        assert not user.groups.exists()
        assert not user.has_perm("wagtailadmin.access_admin")
        # The editor's existing session: no admin, no unpublishing.
        assert editor_client.get("/admin/", HTTP_HOST=HOST).status_code == 302
        _unpublish_in_bulk(editor_client, live_page)
        live_page.refresh_from_db()
        assert live_page.live

    def test_a_role_deleted_in_bulk_is_revoked_too(self, admin_client, arvidsjaur):
        editor = make_staff(arvidsjaur, Role.EDITOR)
        membership = MunicipalityMembership.objects.get(user=editor)
        response = admin_client.post(
            f"/admin/bulk/municipalities/municipalitymembership/delete/?id={membership.pk}", HTTP_HOST=HOST)
        assert response.status_code == 302
        user = _reload(editor)
        assert not MunicipalityMembership.objects.filter(user=editor).exists()
        assert (user.is_staff, user.groups.count()) == (False, 0)

    def test_a_role_moved_to_another_user_leaves_the_first_user_without_power(self, admin_client, arvidsjaur):
        editor = make_staff(arvidsjaur, Role.EDITOR)
        successor = make_user("efterträdare@example.org")
        membership = MunicipalityMembership.objects.get(user=editor)
        admin_client.post(f"{ROLES_URL}edit/{membership.pk}/", {
            "user": successor.pk, "municipality": arvidsjaur.pk, "role": Role.EDITOR}, HTTP_HOST=HOST)
        assert (_reload(editor).is_staff, _reload(editor).groups.count()) == (False, 0)
        assert _reload(successor).has_perm("wagtailadmin.access_admin")

    def test_staff_of_a_municipality_cannot_grant_roles(self, client, arvidsjaur):
        editor = make_staff(arvidsjaur, Role.EDITOR)
        client.force_login(editor)
        outsider = make_user("utomstående@example.org")
        client.post(f"{ROLES_URL}add/", {"user": outsider.pk, "municipality": arvidsjaur.pk, "role": Role.EDITOR},
                    HTTP_HOST=HOST)
        assert not MunicipalityMembership.objects.filter(user=outsider).exists()


class AdminUsersTests:
    def test_a_user_created_as_editor_in_admin_users_gets_a_membership(self, admin_client, arvidsjaur):
        response = admin_client.post(f"{USERS_URL}new/", {
            "email": "ny@example.org", "first_name": "Nora", "last_name": "Nilsson",
            "groups": [f"{arvidsjaur.pk}:{Role.EDITOR}"],
        }, HTTP_HOST=HOST)
        assert response.status_code == 302, response.content.decode()[:2000]
        user = get_user_model().objects.get(email="ny@example.org")
        assert MunicipalityMembership.objects.filter(user=user, municipality=arvidsjaur, role=Role.EDITOR).exists()
        assert user.is_staff
        assert user.has_perm("wagtailadmin.access_admin")

    def test_a_user_made_editor_in_admin_users_must_set_up_totp_before_the_admin(
        self, admin_client, client_factory, arvidsjaur,
    ):
        user = make_user("blivande@example.org")
        admin_client.post(f"{USERS_URL}edit/{user.pk}/", {
            "email": user.email, "first_name": "Berit", "last_name": "Berg", "is_active": "on",
            "groups": [f"{arvidsjaur.pk}:{Role.EDITOR}"],
        }, HTTP_HOST=HOST)
        editor_client = client_factory()
        editor_client.force_login(user)
        response = editor_client.get("/admin/", HTTP_HOST=HOST)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/2fa/totp/activate")

    def test_removing_the_role_in_admin_users_revokes_it(self, admin_client, arvidsjaur, live_page, client_factory):
        editor = make_staff(arvidsjaur, Role.EDITOR)
        editor_client = client_factory()
        editor_client.force_login(editor)
        admin_client.post(f"{USERS_URL}edit/{editor.pk}/", {
            "email": editor.email, "first_name": "Ex", "last_name": "Redaktör", "is_active": "on", "groups": [],
        }, HTTP_HOST=HOST)
        assert not MunicipalityMembership.objects.filter(user=editor).exists()
        assert (_reload(editor).is_staff, _reload(editor).groups.count()) == (False, 0)
        _unpublish_in_bulk(editor_client, live_page)
        live_page.refresh_from_db()
        assert live_page.live

    def test_the_users_form_offers_municipality_roles_not_raw_groups(self, admin_client, arvidsjaur):
        Group.objects.create(name="Egen grupp")
        body = admin_client.get(f"{USERS_URL}new/", HTTP_HOST=HOST).content.decode()
        assert "Arvidsjaur – Redaktör (näringslivskontoret)" in body
        assert "Egen grupp" not in body

    def test_the_bulk_assign_role_action_is_refused(self, admin_client, arvidsjaur):
        user = make_user("massa@example.org")
        group = Group.objects.get(name="2505 Arvidsjaur: editor")
        admin_client.post(f"/admin/bulk/users/user/assign_role/?id={user.pk}",
                          {"action": "assign", "role": group.pk}, HTTP_HOST=HOST)
        assert not _reload(user).groups.exists()
        assert not _reload(user).is_staff


class PlatformOwnerMembersTests:
    def test_members_added_in_the_admin_are_staff_and_lose_it_when_removed(self, admin_client, arvidsjaur):
        member = make_user("region@example.org")
        owner = platform_owner_create(name="Region Norrbotten", kind=PlatformOwner.Kind.REGION,
                                      municipalities=[arvidsjaur])
        url = f"/admin/snippets/municipalities/platformowner/edit/{owner.pk}/"
        data = {"name": owner.name, "kind": owner.kind, "municipalities": [arvidsjaur.pk]}
        admin_client.post(url, {**data, "member_accounts": [member.pk]}, HTTP_HOST=HOST)
        assert _reload(member).is_staff
        admin_client.post(url, {**data, "member_accounts": []}, HTTP_HOST=HOST)
        assert not _reload(member).is_staff
        assert not owner.members.exists()

    def test_staff_of_a_municipality_cannot_list_or_choose_platform_owners(self, client, arvidsjaur):
        platform_owner_create(name="Vindkraft Hemlig AB", kind=PlatformOwner.Kind.COMPANY)
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        for url in ("/admin/snippets/municipalities/platformowner/",
                    "/admin/snippets/choose/municipalities/platformowner/",
                    "/admin/snippets/choose/municipalities/platformowner/results/"):
            response = client.get(url, HTTP_HOST=HOST)
            assert "Vindkraft Hemlig AB" not in response.content.decode(), url

    def test_a_platform_owner_added_in_the_admin_makes_its_members_staff(self, admin_client, arvidsjaur):
        member = make_user("almi@example.org")
        response = admin_client.post("/admin/snippets/municipalities/platformowner/add/", {
            "name": "Almi Nord", "kind": PlatformOwner.Kind.BUSINESS_SUPPORT, "municipalities": [arvidsjaur.pk],
            "member_accounts": [member.pk]}, HTTP_HOST=HOST)
        assert response.status_code == 302
        owner = PlatformOwner.objects.get(name="Almi Nord")
        assert list(owner.members.all()) == [member]
        assert _reload(member).is_staff
