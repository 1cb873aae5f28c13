"""Signing up with a known e-mail address does the same work as with a new one, so neither the answer
nor the time it takes tells whether an account exists (ACCOUNT_PREVENT_ENUMERATION)."""
import re

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail

from tests.factories.accounts import PASSWORD, make_user

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"
NEW_PASSWORD = "nytt-hemligt-losenord-77"


class CountingPBKDF2Hasher(PBKDF2PasswordHasher):
    """The real PBKDF2 hasher (fewer iterations, to keep the test quick) counting what it hashes."""

    algorithm = "counting_pbkdf2"
    iterations = 1000
    hashed: list[str] = []

    def encode(self, password, salt, iterations=None):
        self.hashed.append(password)
        return super().encode(password, salt, iterations)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """allauth sends one e-mail per address every 3 minutes; these tests sign the same addresses up again."""
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingPBKDF2Hasher", *settings.PASSWORD_HASHERS]
    CountingPBKDF2Hasher.hashed = []
    return CountingPBKDF2Hasher


def _signup(client, email: str):
    response = client.post("/konto/signup/", {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
                           HTTP_HOST=HOST)
    page = client.get(response["Location"], HTTP_HOST=HOST)
    client.logout()
    return response, page


def _without_tokens(page: str) -> str:
    return re.sub(r'(nonce|value)="[A-Za-z0-9+/=]{20,}"', "", page)


class SignupEnumerationTests:
    def test_a_known_address_has_the_submitted_password_hashed_like_a_new_one(self, client, arvidsjaur, hasher):
        make_user("finns@example.org", password=PASSWORD)
        hasher.hashed = []
        _signup(client, "finns@example.org")
        assert hasher.hashed == [NEW_PASSWORD]
        _signup(client, "ny@example.org")
        assert hasher.hashed == [NEW_PASSWORD, NEW_PASSWORD]

    def test_the_known_account_keeps_its_password(self, client, arvidsjaur, hasher):
        user = make_user("finns@example.org", password=PASSWORD)
        _signup(client, "finns@example.org")
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
        assert not user.check_password(NEW_PASSWORD)

    def test_both_addresses_get_the_same_answer_and_one_email_each(self, client, arvidsjaur, hasher):
        make_user("finns@example.org", password=PASSWORD)
        known, known_page = _signup(client, "finns@example.org")
        assert [m.to for m in mail.outbox] == [["finns@example.org"]]
        new, new_page = _signup(client, "ny@example.org")
        assert [m.to for m in mail.outbox] == [["finns@example.org"], ["ny@example.org"]]
        assert known.status_code == new.status_code == 302
        assert known["Location"] == new["Location"]
        assert known_page.status_code == new_page.status_code == 200
        assert (_without_tokens(known_page.content.decode()).replace("finns@", "X@")
                == _without_tokens(new_page.content.decode()).replace("ny@", "X@"))
