"""The office invites a SOT point's host by e-mail; the invited person signs up, verifies the address and
sets the point's status from the phone. Hosts can be removed again; other municipalities cannot touch it."""
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from municipalities.models import MunicipalityMembership, Role
from sot_points import services
from sot_points.models import PointStatus, SotHostInvitation
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.municipalities import make_staff
from tests.factories.sot_points import make_point

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"
LINK = re.compile(r"https?://\S+")
CARETAKER = "vaktmastare.svartbyn@example.org"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """These tests sign the same address up more than once; allauth's limits are tested in tests/users."""
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def editor(overkalix):
    return make_staff(overkalix, Role.EDITOR)


@pytest.fixture
def bygdegarden(overkalix):
    """A point with no host yet (not the shared `point`, tests/sot_points/conftest.py): the office invites one."""
    return make_point(overkalix, name="Bygdegården i Svartbyn")


def _hosts_page(client, point):
    return client.get(f"/admin/sot/{point.pk}/vardar/", HTTP_HOST=HOST)


def _invite(client, point, email, capture):
    with capture(execute=True):
        return client.post(f"/admin/sot/{point.pk}/vardar/", {"email": email}, HTTP_HOST=HOST, follow=True)


def _sign_up_and_verify(client, email):
    """allauth's own flow: sign up on the municipality's site, open the link in the e-mail, confirm."""
    outbox_before = len(mail.outbox)
    response = client.post("/konto/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD},
                           HTTP_HOST=HOST)
    assert response.status_code == 302
    [confirmation] = mail.outbox[outbox_before:]
    [link] = [url for url in LINK.findall(confirmation.body) if "/konto/confirm-email/" in url]
    assert client.post(link.removeprefix(f"http://{HOST}"), HTTP_HOST=HOST).status_code == 302


def _log_in(client, email):
    response = client.post("/konto/login/", {"login": email, "password": PASSWORD}, HTTP_HOST=HOST)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


class InvitationTests:
    def test_an_invited_caretaker_signs_up_verifies_and_sets_the_status_from_the_host_page(
            self, client, bygdegarden, editor, django_capture_on_commit_callbacks):
        client.force_login(editor)
        desk = client.get("/admin/sot/", HTTP_HOST=HOST).content.decode()
        assert f'href="/admin/sot/{bygdegarden.pk}/vardar/"' in desk

        page = _invite(client, bygdegarden, "Vaktmastare.Svartbyn@Example.org ", django_capture_on_commit_callbacks)

        assert f"Inbjudan är skickad till {CARETAKER}" in page.content.decode()
        assert "Väntande inbjudningar" in page.content.decode()
        [invitation] = mail.outbox
        assert invitation.to == [CARETAKER]
        assert "Bygdegården i Svartbyn" in invitation.subject
        assert "öppen, begränsad eller stängd" in invitation.body
        links = LINK.findall(invitation.body)
        assert f"http://{HOST}/konto/signup/" in links
        assert f"http://{HOST}/sot/{bygdegarden.slug}/lage/" in links

        client.logout()
        _sign_up_and_verify(client, CARETAKER)
        _log_in(client, CARETAKER)
        assert client.get(f"/sot/{bygdegarden.slug}/lage/", HTTP_HOST=HOST).status_code == 200
        response = client.post(f"/sot/{bygdegarden.slug}/lage/", {"status": "open"}, HTTP_HOST=HOST, follow=True)
        assert "Läget är sparat" in response.content.decode()
        bygdegarden.refresh_from_db()
        assert bygdegarden.status == PointStatus.OPEN
        assert MunicipalityMembership.objects.filter(user__email=CARETAKER, municipality=bygdegarden.municipality,
                                                     role=Role.SOT_HOST).exists()

        client.force_login(editor)
        hosts_page = _hosts_page(client, bygdegarden).content.decode()
        assert CARETAKER in hosts_page
        assert "Väntande inbjudningar" not in hosts_page

    def test_someone_with_an_account_becomes_host_by_logging_in_with_the_invited_address(
            self, client, bygdegarden, editor):
        make_user(CARETAKER)
        services.host_invite(actor=editor, point=bygdegarden, email=CARETAKER)
        assert client.get(f"/sot/{bygdegarden.slug}/lage/", HTTP_HOST=HOST).status_code == 302  # to the log-in page
        _log_in(client, CARETAKER)
        assert client.get(f"/sot/{bygdegarden.slug}/lage/", HTTP_HOST=HOST).status_code == 200

    def test_inviting_a_pending_address_again_sends_again_without_a_second_invitation(
            self, bygdegarden, editor, django_capture_on_commit_callbacks):
        for email in (CARETAKER, CARETAKER.upper()):
            with django_capture_on_commit_callbacks(execute=True):
                services.host_invite(actor=editor, point=bygdegarden, email=email)
        assert SotHostInvitation.objects.filter(point=bygdegarden).count() == 1
        assert [message.to for message in mail.outbox] == [[CARETAKER], [CARETAKER]]

    def test_a_withdrawn_invitation_no_longer_makes_anyone_host(self, client, bygdegarden, editor):
        invitation = services.host_invite(actor=editor, point=bygdegarden, email=CARETAKER)
        client.force_login(editor)
        page = client.post(f"/admin/sot/{bygdegarden.pk}/inbjudan/{invitation.pk}/aterkalla/", HTTP_HOST=HOST,
                           follow=True).content.decode()
        assert f"Inbjudan till {CARETAKER} är återkallad." in page
        assert "Väntande inbjudningar" not in _hosts_page(client, bygdegarden).content.decode()
        client.logout()
        _sign_up_and_verify(client, CARETAKER)
        _log_in(client, CARETAKER)
        assert client.get(f"/sot/{bygdegarden.slug}/lage/", HTTP_HOST=HOST).status_code == 404

    def test_inviting_an_existing_host_says_so_next_to_the_field_and_saves_nothing(
            self, client, bygdegarden, editor, django_capture_on_commit_callbacks):
        bygdegarden.hosts.add(make_user(CARETAKER))
        client.force_login(editor)

        response = _invite(client, bygdegarden, CARETAKER.upper(), django_capture_on_commit_callbacks)

        assert response.status_code == 200
        page = response.content.decode()
        errors = re.search(r'<div class="field__errors">(.*?)</div>\s*<input[^>]*name="email"', page, re.S)
        assert errors
        assert f"{CARETAKER} är redan värd för Bygdegården i Svartbyn." in errors.group(1)
        assert not SotHostInvitation.objects.exists()
        assert mail.outbox == []

    def test_a_malformed_address_is_refused_in_swedish(self, client, bygdegarden, editor,
                                                       django_capture_on_commit_callbacks):
        client.force_login(editor)
        page = _invite(client, bygdegarden, "vaktmastare-at-svartbyn", django_capture_on_commit_callbacks)
        assert "Ange en giltig e-postadress." in page.content.decode()
        assert not SotHostInvitation.objects.exists()


class RemovalTests:
    def test_a_removed_host_can_no_longer_open_the_host_page(self, client, bygdegarden, editor):
        caretaker = make_user(CARETAKER)
        services.host_invite(actor=editor, point=bygdegarden, email=CARETAKER)
        services.host_invitations_accept_for(user=caretaker, email=CARETAKER)
        client.force_login(caretaker)
        assert client.get(f"/sot/{bygdegarden.slug}/lage/", HTTP_HOST=HOST).status_code == 200

        client.force_login(editor)
        page = client.post(f"/admin/sot/{bygdegarden.pk}/vardar/{caretaker.pk}/ta-bort/", HTTP_HOST=HOST,
                           follow=True).content.decode()
        assert f"{CARETAKER} är inte längre värd för Bygdegården i Svartbyn." in page

        client.force_login(caretaker)
        assert client.get(f"/sot/{bygdegarden.slug}/lage/", HTTP_HOST=HOST).status_code == 404
        assert client.post(f"/sot/{bygdegarden.slug}/lage/", {"status": "closed"}, HTTP_HOST=HOST).status_code == 404
        assert not MunicipalityMembership.objects.filter(user=caretaker, role=Role.SOT_HOST).exists()


class OtherMunicipalityTests:
    def test_an_editor_of_another_municipality_cannot_see_invite_or_remove(
            self, client, bygdegarden, asele, django_capture_on_commit_callbacks):
        host = make_user("vard.svartbyn@example.org")
        bygdegarden.hosts.add(host)
        outsider = make_staff(asele, Role.EDITOR)
        client.force_login(outsider)

        assert f"/admin/sot/{bygdegarden.pk}/vardar/" not in client.get("/admin/sot/", HTTP_HOST=HOST).content.decode()
        assert _hosts_page(client, bygdegarden).status_code == 404
        assert _invite(client, bygdegarden, CARETAKER, django_capture_on_commit_callbacks).status_code == 404
        assert client.post(f"/admin/sot/{bygdegarden.pk}/vardar/{host.pk}/ta-bort/", HTTP_HOST=HOST).status_code == 404
        with pytest.raises(PermissionDenied):
            services.host_invite(actor=outsider, point=bygdegarden, email=CARETAKER)
        with pytest.raises(PermissionDenied):
            services.host_remove(actor=outsider, point=bygdegarden, user=host)
        assert not SotHostInvitation.objects.exists()
        assert list(bygdegarden.hosts.all()) == [host]
        assert mail.outbox == []

    def test_a_moderator_of_the_same_municipality_may_not_manage_hosts(self, client, bygdegarden, overkalix):
        client.force_login(make_staff(overkalix, Role.MODERATOR))
        assert f"/admin/sot/{bygdegarden.pk}/vardar/" not in client.get("/admin/sot/", HTTP_HOST=HOST).content.decode()
        assert _hosts_page(client, bygdegarden).status_code == 404
