"""MFA is required by what a user can reach, not by the `is_staff` flag.

Before: a user given a role through Roller (is_staff stayed false) or a group through Admin → Users
reached /admin/, the crisis desk and a SOT status form without TOTP.
"""
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from municipalities.models import MunicipalityMembership, PlatformOwner, Role
from municipalities.services import platform_owner_create
from sot_points.models import SotPoint
from tests.factories.accounts import make_user

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"
TOTP_SETUP = "/konto/2fa/totp/activate"


def _lands_on_totp_setup(client, path) -> bool:
    response = client.get(path, HTTP_HOST=HOST)
    return response.status_code == 302 and response["Location"].startswith(TOTP_SETUP)


@pytest.fixture
def point(arvidsjaur):
    return SotPoint.objects.create(municipality=arvidsjaur, name="Byahuset", slug="byahuset",
                                   latitude=65.59, longitude=19.17, is_published=True)


class MfaByCapabilityTests:
    def test_a_membership_written_without_staff_flag_still_needs_totp(self, client, arvidsjaur):
        # As the generic Roller view did: a row, no is_staff, no group.
        user = make_user("tyst.redaktor@example.org")
        MunicipalityMembership.objects.create(municipality=arvidsjaur, user=user, role=Role.EDITOR)
        client.force_login(user)
        assert _lands_on_totp_setup(client, "/admin/")
        assert _lands_on_totp_setup(client, "/admin/sot/")

    def test_a_group_given_directly_needs_totp(self, client, arvidsjaur):
        user = make_user("grupp@example.org")
        user.groups.add(Group.objects.get(name="2505 Arvidsjaur: editor"))
        client.force_login(user)
        assert _lands_on_totp_setup(client, "/admin/")

    def test_a_platform_owner_member_needs_totp(self, client, arvidsjaur):
        user = make_user("region@example.org")
        owner = platform_owner_create(name="Region Norrbotten", kind=PlatformOwner.Kind.REGION,
                                      municipalities=[arvidsjaur])
        owner.members.add(user)  # even a row written past the services
        client.force_login(user)
        assert _lands_on_totp_setup(client, "/")

    def test_a_resident_is_never_asked_for_totp(self, client, arvidsjaur):
        client.force_login(make_user("invanare@example.org"))
        assert client.get("/", HTTP_HOST=HOST).status_code == 200

    def test_with_totp_the_editor_reaches_the_admin(self, client, arvidsjaur):
        user = make_user("klar@example.org")
        MunicipalityMembership.objects.create(municipality=arvidsjaur, user=user, role=Role.EDITOR)
        TOTP.activate(user, generate_totp_secret())
        client.force_login(user)
        assert not _lands_on_totp_setup(client, "/admin/")


class SotHostMfaTests:
    def test_a_host_reaches_the_status_page_without_totp_by_default(self, client, point):
        host = make_user("butik@example.org")
        point.hosts.add(host)
        client.force_login(host)
        response = client.get(f"/sot/{point.slug}/lage/", HTTP_HOST=HOST)
        assert response.status_code == 200

    def test_a_host_needs_totp_where_the_municipality_requires_it(self, client, arvidsjaur, point):
        arvidsjaur.sot_hosts_require_mfa = True
        arvidsjaur.save()
        host = make_user("butik@example.org")
        point.hosts.add(host)
        client.force_login(host)
        assert _lands_on_totp_setup(client, f"/sot/{point.slug}/lage/")

    def test_hosts_are_offered_totp_on_their_points_page(self, client, point):
        host = make_user("butik@example.org")
        point.hosts.add(host)
        client.force_login(host)
        body = client.get("/sot/mina/", HTTP_HOST=HOST).content.decode()
        assert TOTP_SETUP in body

    def test_the_office_switches_the_requirement_on_under_min_kommun(self, client, arvidsjaur):
        from tests.factories.municipalities import make_staff

        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        response = client.post(f"/admin/snippets/municipalities/municipality/edit/{arvidsjaur.pk}/", {
            "office_name": "Näringslivskontoret", "office_email": "", "office_phone": "", "office_address": "",
            "office_website": "", "sot_hosts_require_mfa": "on"}, HTTP_HOST=HOST)
        assert response.status_code == 302
        arvidsjaur.refresh_from_db()
        assert arvidsjaur.sot_hosts_require_mfa


class DevelopmentRelaxationTests:
    def test_the_development_relaxation_still_lets_staff_in_without_totp(self, client, arvidsjaur, settings):
        settings.INSECURE_DEV_SKIP_STAFF_MFA = True
        user = make_user("dev@example.org")
        MunicipalityMembership.objects.create(municipality=arvidsjaur, user=user, role=Role.EDITOR)
        client.force_login(user)
        assert not _lands_on_totp_setup(client, "/admin/")


class TotpSetUpAfterLogInTests:
    def test_staff_sent_to_set_up_totp_right_after_logging_in_are_not_asked_for_the_password_again(
        self, client, arvidsjaur,
    ):
        from tests.factories.accounts import PASSWORD

        user = make_user("ny.redaktor@example.org")
        MunicipalityMembership.objects.create(municipality=arvidsjaur, user=user, role=Role.EDITOR)
        client.post("/konto/login/", {"login": user.email, "password": PASSWORD}, HTTP_HOST=HOST)
        response = client.get("/admin/", HTTP_HOST=HOST, follow=True)
        assert response.redirect_chain[-1][0].startswith(TOTP_SETUP)
        assert response.status_code == 200
        assert 'name="code"' in response.content.decode()
        assert "Slå på tvåstegsverifiering med en app för engångskoder" in response.content.decode()


class AdminWithoutAccessTests:
    def test_a_signed_in_user_without_a_role_is_told_so_instead_of_sent_round_in_circles(self, client, arvidsjaur):
        client.force_login(make_user("invanare@example.org"))
        response = client.get("/admin/pages/", HTTP_HOST=HOST, follow=True)
        assert response.status_code == 403
        assert len(response.redirect_chain) == 1
        assert "ingen roll som ger tillgång till administrationen" in response.content.decode()

    def test_an_anonymous_visitor_is_sent_to_log_in_and_back(self, client, arvidsjaur):
        response = client.get("/admin/pages/", HTTP_HOST=HOST, follow=True)
        from urllib.parse import unquote

        assert unquote(response.redirect_chain[-1][0]) == "/konto/login/?next=/admin/pages/"
        assert response.status_code == 200


class MfaGateCostTests:
    def test_a_resident_without_powers_is_asked_about_mfa_in_one_query(self, arvidsjaur, django_assert_num_queries):
        # Every signed-in request asks; it was five queries per resident request (groups, permissions,
        # roles, platform owners, hosted points).
        from users.permissions import must_use_mfa

        resident = make_user("invanare@example.org")
        with django_assert_num_queries(1):
            assert must_use_mfa(resident) is False
            assert must_use_mfa(resident) is False  # memoised on the user for the request

    def test_a_host_where_totp_is_required_and_a_plain_host_are_told_apart(self, arvidsjaur, point):
        from users.permissions import must_use_mfa

        host = make_user("vard@example.org")
        point.hosts.add(host)
        assert must_use_mfa(host) is False
        arvidsjaur.sot_hosts_require_mfa = True
        arvidsjaur.save(update_fields=["sot_hosts_require_mfa"])
        assert must_use_mfa(get_user_model().objects.get(pk=host.pk)) is True  # a fresh request's user
