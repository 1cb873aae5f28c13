"""The apps accept their invitations at the two account moments the kernel offers (`users.account_hooks`): one
verified address makes the invited person a colleague in a company and a host of a SOT point at once. Only the
users app receives the account signals; the apps register hooks instead."""
import re

import pytest
from allauth.account.signals import email_confirmed
from django.contrib.auth.signals import user_logged_in
from django.core import mail

from directory import services as directory_services
from municipalities.models import Role
from sot_points import services as sot_services
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff
from tests.factories.sot_points import make_point
from users import account_hooks

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"
INVITED = "lisa@example.org"
DOMAIN_APPS = ("municipalities", "directory", "alerts", "competence", "marketplace", "sot_points")


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


def sign_up_and_verify(client, email: str) -> None:
    """allauth's own flow: sign up on the municipality's site and confirm the link in the e-mail."""
    before = len(mail.outbox)
    client.post("/konto/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}, HTTP_HOST=HOST)
    [confirmation] = mail.outbox[before:]
    [link] = re.findall(r"http://\S+/konto/confirm-email/\S+", confirmation.body)
    assert client.post(link.removeprefix(f"http://{HOST}"), HTTP_HOST=HOST).status_code == 302


class AddressVerifiedTests:
    def test_one_verified_address_makes_the_invited_person_colleague_and_host(
            self, client, overkalix, django_capture_on_commit_callbacks):
        owner = make_user("agare@example.org")
        company = make_company(overkalix, owner=owner, published=True, legal_name="Handlar'n i Lansjärv AB")
        point = make_point(overkalix)
        with django_capture_on_commit_callbacks(execute=True):
            directory_services.member_invite(actor=owner, company=company, email=INVITED)
            sot_services.host_invite(actor=make_staff(overkalix, Role.EDITOR), point=point, email=INVITED)

        sign_up_and_verify(client, INVITED)
        client.post("/konto/login/", {"login": INVITED, "password": PASSWORD}, HTTP_HOST=HOST)
        assert "Handlar&#x27;n i Lansjärv AB" in client.get("/foretag/mina/", HTTP_HOST=HOST).content.decode()
        assert client.get(f"/sot/{point.slug}/lage/", HTTP_HOST=HOST).status_code == 200

    def test_an_address_never_verified_accepts_nothing(self, client, overkalix):
        owner = make_user("agare@example.org")
        company = make_company(overkalix, owner=owner, published=True)
        directory_services.member_invite(actor=owner, company=company, email=INVITED)
        client.post("/konto/signup/", {"email": INVITED, "password1": PASSWORD, "password2": PASSWORD},
                    HTTP_HOST=HOST)
        assert not company.members.filter(user__email=INVITED).exists()


class RegistryTests:
    def test_hooks_run_in_the_order_registered_with_the_user_and_address(self, monkeypatch):
        calls = []
        monkeypatch.setattr(account_hooks, "_address_verified", {})
        monkeypatch.setattr(account_hooks, "_signed_in", {})
        account_hooks.register_address_verified_hook("first", lambda **kw: calls.append(("first", kw)))
        account_hooks.register_address_verified_hook("second", lambda **kw: calls.append(("second", kw)))
        account_hooks.register_signed_in_hook("third", lambda **kw: calls.append(("third", kw)))
        account_hooks.address_verified(user="u", email="a@example.org")
        account_hooks.signed_in(user="u")
        assert calls == [("first", {"user": "u", "email": "a@example.org"}),
                         ("second", {"user": "u", "email": "a@example.org"}), ("third", {"user": "u"})]

    @pytest.mark.parametrize("signal", [email_confirmed, user_logged_in], ids=["email_confirmed", "user_logged_in"])
    def test_no_domain_app_receives_the_account_signals_itself(self, signal):
        sync_receivers, async_receivers = signal._live_receivers(None)
        modules = {receiver.__module__ for receiver in (*sync_receivers, *async_receivers)}
        assert "users.signals" in modules
        assert not {module for module in modules if module.split(".")[0] in DOMAIN_APPS}
