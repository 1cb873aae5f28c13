"""GDPR self-service: a user downloads their data and deletes their account."""
import json

import pytest
from django.contrib.auth import get_user_model

from municipalities.models import Role
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"


class PersonalDataDownloadTests:
    def test_download_holds_the_account_and_roles_as_json(self, client, arvidsjaur):
        editor = make_staff(arvidsjaur, Role.EDITOR, email="lisa@example.org")
        client.force_login(editor)
        response = client.get("/konto/integritet/mina-uppgifter.json", HTTP_HOST=HOST)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="mina-uppgifter.json"'
        data = json.loads(response.content)
        assert data["account"]["email"] == "lisa@example.org"
        assert data["account"]["mfa_methods"] == ["totp"]
        assert data["municipality_roles"]["memberships"] == [
            {"municipality": "Arvidsjaur", "role": "editor", "since": data["municipality_roles"]["memberships"][0]["since"]}
        ]

    def test_anonymous_visitors_are_sent_to_login(self, client, arvidsjaur):
        response = client.get("/konto/integritet/mina-uppgifter.json", HTTP_HOST=HOST)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")

    def test_privacy_page_offers_download_and_deletion_in_swedish(self, client, arvidsjaur):
        client.force_login(make_user())
        page = client.get("/konto/integritet/", HTTP_HOST=HOST).content.decode()
        assert "Ladda ned mina uppgifter (JSON)" in page
        assert "Radera mitt konto" in page


class AccountDeletionTests:
    def test_wrong_password_keeps_the_account_and_says_why_next_to_the_field(self, client, arvidsjaur):
        user = make_user("kvar@example.org")
        client.force_login(user)
        response = client.post("/konto/integritet/radera/", {"password": "fel-losenord", "confirm": "on"},
                               HTTP_HOST=HOST)
        assert response.status_code == 200
        assert "Lösenordet stämmer inte." in response.content.decode()
        assert get_user_model().objects.filter(email="kvar@example.org").exists()

    def test_unconfirmed_deletion_keeps_the_account(self, client, arvidsjaur):
        user = make_user("kvar@example.org")
        client.force_login(user)
        response = client.post("/konto/integritet/radera/", {"password": PASSWORD}, HTTP_HOST=HOST)
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode()
        assert get_user_model().objects.filter(email="kvar@example.org").exists()

    def test_confirmed_deletion_erases_the_account_and_its_roles(self, client, arvidsjaur):
        editor = make_staff(arvidsjaur, Role.EDITOR, email="bort@example.org")
        client.force_login(editor)
        response = client.post("/konto/integritet/radera/", {"password": PASSWORD, "confirm": "on"},
                               HTTP_HOST=HOST, follow=True)
        assert "Ditt konto och dina uppgifter är raderade." in response.content.decode()
        assert not get_user_model().objects.filter(email="bort@example.org").exists()
        assert not arvidsjaur.site.root_page.specific.owner_id == editor.pk
        assert client.get("/konto/integritet/", HTTP_HOST=HOST).status_code == 302
