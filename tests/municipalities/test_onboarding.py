"""Onboarding a municipality: the service, the admin's "Lägg till kommun" and `manage.py municipality_create`."""
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Collection, GroupPagePermission, Page, Site

from municipalities.models import (
    ContentPage,
    LandingPage,
    Locality,
    Municipality,
    MunicipalityMembership,
    NewsIndexPage,
    Role,
    StaffInvitation,
)
from municipalities.onboarding import municipality_onboard, onboarding_defaults
from municipalities.services import staff_invitations_accept_for, staff_invitations_accept_for_user
from tests.factories.accounts import PASSWORD, make_superuser, make_user
from tests.factories.municipalities import make_municipality, make_staff
from themes.models import Theme

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/municipalities/municipality/add/"


def _counts():
    return (Municipality.objects.count(), Site.objects.count(), Page.objects.count(), Collection.objects.count(),
            Theme.objects.count(), Group.objects.count(), StaffInvitation.objects.count(), Locality.objects.count())


def _admin_client():
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    admin = make_superuser()
    TOTP.activate(admin, generate_totp_secret())  # the MFA gate lets staff in only with a second factor
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    return admin, client


class MunicipalityOnboardTests:
    def test_sorsele_gets_name_county_host_site_pages_theme_groups_and_an_invited_editor(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            result = municipality_onboard(code="2422", editor_email="Redaktor@Sorsele.example.org",
                                          office_email="naringsliv@sorsele.example.org", office_phone="070-174 06 44")
        sorsele = result.municipality
        assert (sorsele.name, sorsele.county_name, sorsele.slug) == ("Sorsele", "Västerbottens län", "sorsele")
        assert sorsele.site.hostname == "sorsele.localhost"
        assert sorsele.ui_languages == ["sv", "en"]
        home = sorsele.site.root_page.specific
        assert home.live
        assert "Sorsele" in home.intro
        pages = {page.slug: page for page in ContentPage.objects.child_of(home).live()}
        assert set(pages) == {"om-naringslivskontoret", "starta-foretag"}
        about = pages["om-naringslivskontoret"]
        assert about.title == "Näringslivskontoret i Sorsele"
        assert "naringsliv@sorsele.example.org" in str(about.body)
        assert about.intro not in str(about.body)
        news = NewsIndexPage.objects.child_of(home).get()
        assert (news.title, news.slug, news.live) == ("Nyheter", "nyheter", True)
        sorsele.theme.full_clean()  # the default theme passes the contrast check
        editors = Group.objects.get(name="2422 Sorsele: editor")
        assert GroupPagePermission.objects.filter(group=editors, page=home).exists()
        # No reference localities for Sorsele (only the pilots' are shipped): none, and the result says so.
        assert result.created == {"localities": 0}
        assert result.invitation.email == "redaktor@sorsele.example.org"
        [message] = mail.outbox
        assert message.to == ["redaktor@sorsele.example.org"]
        assert "Sorsele" in message.subject
        assert "http://sorsele.localhost/konto/signup/" in message.body

    def test_a_pilot_gets_the_localities_of_the_reference_data(self):
        result = municipality_onboard(code="2513", editor_email="redaktor@example.org")
        assert result.created["localities"] > 0
        assert Locality.objects.filter(municipality=result.municipality, name="Lansjärv").exists()

    def test_a_fresh_installation_gets_the_platform_landing_page_instead_of_wagtails_welcome(self):
        assert not LandingPage.objects.exists()
        municipality_onboard(code="2422", editor_email="redaktor@example.org")
        default = Site.objects.get(is_default_site=True)
        assert isinstance(default.root_page.specific, LandingPage)
        assert not Page.objects.filter(depth=2, content_type__model="page").exists()

    def test_production_sites_answer_on_https(self, settings):
        settings.PLATFORM_IS_PRODUCTION = True
        settings.PLATFORM_BASE_DOMAIN = "naringsliv.example.se"
        sorsele = municipality_onboard(code="2422", editor_email="redaktor@example.org").municipality
        assert sorsele.root_url == "https://sorsele.naringsliv.example.se"

    def test_an_existing_kommunkod_is_refused_beside_the_field_and_nothing_is_saved(self, overkalix):
        before = _counts()
        with pytest.raises(ValidationError) as error:
            municipality_onboard(code="2513", hostname="nytt.localhost", editor_email="redaktor@example.org")
        assert error.value.message_dict["code"] == ["Överkalix (2513) finns redan på plattformen, på overkalix.localhost."]
        assert _counts() == before

    def test_a_host_in_use_is_refused_beside_the_field(self, overkalix):
        before = _counts()
        with pytest.raises(ValidationError) as error:
            municipality_onboard(code="2422", hostname="overkalix.localhost", editor_email="redaktor@example.org")
        assert "overkalix.localhost används redan" in error.value.message_dict["hostname"][0]
        assert _counts() == before

    def test_every_bad_field_is_named_at_once(self):
        with pytest.raises(ValidationError) as error:
            municipality_onboard(code="9999", hostname="https://x/", editor_email="inte-en-adress",
                                 ui_languages=["en"], minority_languages=["xx"])
        assert set(error.value.message_dict) == {"code", "hostname", "editor_email", "ui_languages",
                                                 "minority_languages"}

    def test_a_failure_half_way_leaves_nothing_behind(self):
        """A page left at the top of the tree with Sorsele's slug makes the home page fail after the
        theme is saved: the theme goes too, and so does everything else."""
        make_municipality("2505")
        Page.get_first_root_node().add_child(instance=Page(title="Gammal sida", slug="sorsele"))
        before = _counts()
        with pytest.raises(ValidationError):
            municipality_onboard(code="2422", editor_email="redaktor@example.org")
        assert _counts() == before
        assert not Site.objects.filter(hostname="sorsele.localhost").exists()

    def test_habo_and_haabo_fold_to_different_hosts(self):
        municipality_onboard(code="0643", editor_email="redaktor@example.org")
        assert onboarding_defaults("0305").hostname == "habo-0305.localhost"

    def test_only_platform_administrators_onboard(self, arvidsjaur):
        with pytest.raises(PermissionDenied):
            municipality_onboard(code="2422", editor_email="redaktor@example.org", actor=make_staff(arvidsjaur))


class StaffInvitationTests:
    def test_signing_up_with_the_invited_address_makes_the_user_editor(self):
        sorsele = municipality_onboard(code="2422", editor_email="redaktor@example.org").municipality
        user = make_user("redaktor@example.org")
        staff_invitations_accept_for(user=user, email="redaktor@example.org")
        assert MunicipalityMembership.objects.filter(user=user, municipality=sorsele, role=Role.EDITOR).exists()
        user.refresh_from_db()
        assert user.is_staff
        assert user.groups.filter(name="2422 Sorsele: editor").exists()
        assert StaffInvitation.objects.get().accepted_at is not None

    def test_logging_in_with_a_verified_invited_address_grants_the_role_once(self):
        make_user("redaktor@example.org")
        sorsele = municipality_onboard(code="2422", editor_email="redaktor@example.org").municipality
        client = Client(HTTP_HOST="sorsele.localhost")
        response = client.post("/konto/login/", {"login": "redaktor@example.org", "password": PASSWORD})
        assert response.status_code == 302
        assert MunicipalityMembership.objects.filter(municipality=sorsele, role=Role.EDITOR,
                                                     user__email="redaktor@example.org").count() == 1

    def test_an_unverified_address_grants_nothing(self):
        municipality_onboard(code="2422", editor_email="redaktor@example.org")
        user = make_user("annan@example.org")
        EmailAddress.objects.create(user=user, email="redaktor@example.org", verified=False)
        assert staff_invitations_accept_for_user(user=user) == []
        assert not MunicipalityMembership.objects.filter(user=user).exists()


    def test_the_invited_persons_data_export_lists_the_invitation(self):
        from municipalities.gdpr import export_memberships

        municipality_onboard(code="2422", editor_email="redaktor@example.org")
        [invitation] = export_memberships(make_user("redaktor@example.org"))["staff_invitations"]
        assert (invitation["municipality"], invitation["role"], invitation["accepted"]) == ("Sorsele", "editor", None)


class AddMunicipalityInAdminTests:
    def test_the_form_offers_the_290_kommuner_by_name(self):
        _admin, client = _admin_client()
        make_municipality("2505")
        response = client.get(ADD_URL)
        assert response.status_code == 200
        body = response.content.decode()
        assert '<option value="2422">Sorsele (2422, Västerbottens län)</option>' in body
        assert body.count("<option value=") >= 290

    def test_the_administrator_adds_sorsele_and_is_told_where_it_answers(self, django_capture_on_commit_callbacks):
        _admin, client = _admin_client()
        make_municipality("2505")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(ADD_URL, {
                "code": "2422", "hostname": "", "ui_languages": ["en"], "minority_languages": ["se"],
                "office_email": "naringsliv@sorsele.example.org", "office_phone": "",
                "editor_email": "redaktor@sorsele.example.org",
            }, follow=True)
        assert response.status_code == 200
        sorsele = Municipality.objects.get(code="2422")
        assert sorsele.minority_languages == ["se"]
        assert sorsele.site.hostname == "sorsele.localhost"
        assert "Sorsele är skapad på http://sorsele.localhost" in response.content.decode()
        assert [m.to for m in mail.outbox] == [["redaktor@sorsele.example.org"]]

    def test_an_existing_kommunkod_gets_a_swedish_error_beside_the_field(self):
        _admin, client = _admin_client()
        make_municipality("2505")
        before = _counts()
        response = client.post(ADD_URL, {"code": "2505", "office_email": "a@example.org",
                                         "editor_email": "b@example.org", "hostname": "annat.localhost"})
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["code"] == ["Arvidsjaur (2505) finns redan på plattformen, på arvidsjaur.localhost."]
        assert _counts() == before

    def test_a_host_in_use_gets_a_swedish_error_beside_the_field(self):
        _admin, client = _admin_client()
        make_municipality("2505")
        response = client.post(ADD_URL, {"code": "2422", "office_email": "a@example.org",
                                         "editor_email": "b@example.org", "hostname": "arvidsjaur.localhost"})
        assert "arvidsjaur.localhost används redan" in response.context["form"].errors["hostname"][0]
        assert not Municipality.objects.filter(code="2422").exists()

    def test_a_municipality_cannot_be_copied(self):
        _admin, client = _admin_client()
        arvidsjaur = make_municipality("2505")
        assert client.get(f"/admin/snippets/municipalities/municipality/copy/{arvidsjaur.pk}/").status_code == 404

    def test_an_editor_cannot_add_a_municipality(self, arvidsjaur):
        client = Client(HTTP_HOST="arvidsjaur.localhost")
        client.force_login(make_staff(arvidsjaur))
        assert client.get(ADD_URL).status_code in (302, 403)
        client.post(ADD_URL, {"code": "2422", "office_email": "a@example.org", "editor_email": "b@example.org"})
        assert not Municipality.objects.filter(code="2422").exists()


class MunicipalityCreateCommandTests:
    def test_creates_the_municipality_and_invites_its_editor(self, capsys, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("municipality_create", "--kommunkod", "2422", "--editor-email", "redaktor@example.org")
        sorsele = Municipality.objects.get(code="2422")
        assert sorsele.office_email == "redaktor@example.org"
        out = capsys.readouterr().out
        assert "Sorsele (2422, Västerbottens län) finns nu på http://sorsele.localhost/" in out
        assert "Inga orter i referensdata" in out
        assert [m.to for m in mail.outbox] == [["redaktor@example.org"]]

    def test_takes_its_own_host(self):
        call_command("municipality_create", "--kommunkod", "2422", "--editor-email", "r@example.org",
                     "--host", "naringsliv.sorsele.example.se")
        assert Municipality.objects.get(code="2422").site.hostname == "naringsliv.sorsele.example.se"

    def test_production_settings_give_https_links(self, settings, capsys, django_capture_on_commit_callbacks):
        settings.PLATFORM_IS_PRODUCTION = True
        settings.PLATFORM_BASE_DOMAIN = "naringsliv.example.se"
        with django_capture_on_commit_callbacks(execute=True):
            call_command("municipality_create", "--kommunkod", "2422", "--editor-email", "r@example.org")
        assert "https://sorsele.naringsliv.example.se/" in capsys.readouterr().out
        assert "https://sorsele.naringsliv.example.se/konto/signup/" in mail.outbox[0].body

    def test_a_duplicate_is_refused_with_the_option_named(self, overkalix):
        before = _counts()
        with pytest.raises(CommandError) as error:
            call_command("municipality_create", "--kommunkod", "2513", "--editor-email", "r@example.org")
        assert str(error.value).startswith("--kommunkod: Överkalix (2513) finns redan på plattformen")
        assert _counts() == before
