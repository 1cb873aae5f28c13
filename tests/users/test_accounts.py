"""Accounts: mandatory e-mail verification, no enumeration, rate limits behind a proxy, staff MFA."""
import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import get_user_model
from django.core import mail

from municipalities.models import Role
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"


def _without_tokens(page: str) -> str:
    """The page without its per-request CSP nonce and CSRF token."""
    return re.sub(r'(nonce|value)="[A-Za-z0-9+/=]{20,}"', "", page)


def _signup(client, email="ny@example.org", password=PASSWORD, password2=None):
    return client.post("/konto/signup/", {"email": email, "password1": password, "password2": password2 or password},
                       HTTP_HOST=HOST)


class SignupTests:
    def test_signup_sends_a_swedish_verification_email_from_the_municipality_with_a_link_to_its_site(
            self, client, arvidsjaur):
        response = _signup(client)
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["ny@example.org"]
        assert "Bekräfta" in message.subject or "bekräfta" in message.body.lower()
        assert f"http://{HOST}/konto/confirm-email/" in message.body
        # It greets from the municipality, not from the host and port.
        assert "Arvidsjaur" in message.subject
        assert "Arvidsjaur" in message.body.splitlines()[0]
        assert HOST not in message.subject
        assert HOST not in message.body.splitlines()[0]

    def test_unverified_user_cannot_log_in(self, client, arvidsjaur):
        _signup(client)
        client.logout()
        response = client.post("/konto/login/", {"login": "ny@example.org", "password": PASSWORD}, HTTP_HOST=HOST)
        assert response.status_code == 302
        assert response["Location"] == "/konto/confirm-email/"
        assert "_auth_user_id" not in client.session

    def test_too_short_password_is_refused_in_swedish_and_no_user_is_created(self, client, arvidsjaur):
        response = _signup(client, password="kort1")
        assert response.status_code == 200
        assert "minst 10 tecken" in response.content.decode()
        assert not get_user_model().objects.filter(email="ny@example.org").exists()

    def test_signing_up_with_a_known_email_looks_the_same_as_a_new_one(self, client, arvidsjaur):
        make_user("finns@example.org")
        known = _signup(client, email="finns@example.org")
        client.logout()
        unknown = _signup(client, email="ny@example.org")
        assert known.status_code == unknown.status_code == 302
        assert known["Location"] == unknown["Location"]


class EnumerationTests:
    def test_password_reset_answers_the_same_for_known_and_unknown_emails(self, client, arvidsjaur):
        make_user("finns@example.org")
        known = client.post("/konto/password/reset/", {"email": "finns@example.org"}, HTTP_HOST=HOST)
        unknown = client.post("/konto/password/reset/", {"email": "okand@example.org"}, HTTP_HOST=HOST)
        assert known.status_code == unknown.status_code == 302
        assert known["Location"] == unknown["Location"]

    def test_failed_login_gives_one_message_whether_or_not_the_email_exists(self, client, arvidsjaur):
        make_user("finns@example.org")
        known = client.post("/konto/login/", {"login": "finns@example.org", "password": "fel-losenord-1"},
                            HTTP_HOST=HOST).content.decode()
        unknown = client.post("/konto/login/", {"login": "okand@example.org", "password": "fel-losenord-1"},
                              HTTP_HOST=HOST).content.decode()
        assert "E-postadressen och/eller lösenordet är felaktigt." in known
        assert _without_tokens(known).replace("finns@", "X@") == _without_tokens(unknown).replace("okand@", "X@")


class RateLimitTests:
    def test_failed_logins_are_limited_per_client_ip_behind_the_proxy(self, client, arvidsjaur, settings):
        """With one trusted proxy, the client IP is the last X-Forwarded-For hop; a spoofed first hop is ignored."""
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
        make_user("finns@example.org")
        for attempt in range(10):
            client.post("/konto/login/", {"login": f"okand{attempt}@example.org", "password": "fel-losenord-1"},
                        HTTP_HOST=HOST, HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}, 198.51.100.7")
        blocked = client.post("/konto/login/", {"login": "finns@example.org", "password": PASSWORD},
                              HTTP_HOST=HOST, HTTP_X_FORWARDED_FOR="10.9.9.99, 198.51.100.7")
        assert "För många misslyckade inloggningsförsök" in blocked.content.decode()
        assert "_auth_user_id" not in client.session
        other_client = client.post("/konto/login/", {"login": "finns@example.org", "password": PASSWORD},
                                   HTTP_HOST=HOST, HTTP_X_FORWARDED_FOR="10.9.9.99, 198.51.100.8")
        assert other_client.status_code == 302


class StaffMfaTests:
    def test_staff_without_an_authenticator_are_sent_to_set_one_up(self, client, arvidsjaur):
        editor = make_staff(arvidsjaur, Role.EDITOR, with_mfa=False)
        client.force_login(editor)
        response = client.get("/admin/", HTTP_HOST=HOST)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/2fa/totp/activate")

    def test_staff_with_an_authenticator_reach_the_admin(self, client, arvidsjaur):
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        assert client.get("/admin/", HTTP_HOST=HOST).status_code == 200

    def test_residents_are_not_asked_for_mfa(self, client, arvidsjaur):
        client.force_login(make_user())
        assert client.get("/konto/integritet/", HTTP_HOST=HOST).status_code == 200

    def test_admin_login_goes_through_the_account_login(self, client, arvidsjaur):
        response = client.get("/admin/login/?next=/admin/", HTTP_HOST=HOST)
        assert response.status_code == 302
        assert response["Location"] == "/konto/login/?next=/admin/"

    def test_login_asks_staff_for_their_totp_code(self, client, arvidsjaur):
        make_staff(arvidsjaur, Role.EDITOR, email="redaktor@example.org")
        response = client.post("/konto/login/", {"login": "redaktor@example.org", "password": PASSWORD},
                               HTTP_HOST=HOST)
        assert response.status_code == 302
        assert response["Location"] == "/konto/2fa/authenticate/"
        assert "_auth_user_id" not in client.session

    @pytest.mark.parametrize(("windows_ago", "signed_in"), [(1, True), (2, False)])
    def test_a_code_from_the_previous_window_still_signs_in_but_an_older_one_does_not(
            self, client, arvidsjaur, windows_ago, signed_in):
        """A code read just before its 30 seconds run out must not fail on arrival; a stale one must."""
        user = make_staff(arvidsjaur, Role.EDITOR, email="redaktor@example.org", with_mfa=False)
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        client.post("/konto/login/", {"login": user.email, "password": PASSWORD}, HTTP_HOST=HOST)
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30 - windows_ago))
        response = client.post("/konto/2fa/authenticate/", {"code": code}, HTTP_HOST=HOST)
        assert ("_auth_user_id" in client.session) is signed_in
        if not signed_in:
            assert response.status_code == 200


class EmailVerifiedFactoryTests:
    def test_factory_users_have_a_verified_primary_email(self):
        user = make_user("x@example.org")
        assert EmailAddress.objects.get(user=user).verified
