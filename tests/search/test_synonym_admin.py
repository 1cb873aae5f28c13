"""The platform administrator edits the trade synonyms in the admin; municipalities' staff cannot.

Before: the list of trade words lived nowhere a person could change it. Now Inställningar →
Synonymer för sökning is the platform administrator's alone, and a change is in effect for the
next search on the public directory without reindexing.
"""
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from municipalities.models import Role
from search.models import SynonymGroup
from tests.factories.accounts import make_superuser
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST = "arvidsjaur.localhost"
LIST_URL = "/admin/snippets/search/synonymgroup/"


def _edit_url(group) -> str:
    return f"{LIST_URL}edit/{group.pk}/"


@pytest.fixture
def admin_client():
    client = Client()
    admin = make_superuser()
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)
    return client


def _directory_names(client, text) -> str:
    return client.get("/foretag/", {"q": text}, HTTP_HOST=HOST).content.decode()


class PlatformAdministratorTests:
    def test_lists_the_seeded_groups(self, admin_client):
        response = admin_client.get(LIST_URL, HTTP_HOST=HOST)
        assert response.status_code == 200
        assert "Advokat och jurist" in response.content.decode()  # the first of 20 a page, by name

    def test_a_changed_group_is_used_by_the_next_directory_search(self, admin_client, arvidsjaur):
        make_company(arvidsjaur, published=True, legal_name="Nilssons VVS AB", primary_sni="43221",
                     description="Badrum och värme")
        public = Client()
        assert "Nilssons VVS AB" not in _directory_names(public, "rörmokeriet")  # no group says so yet
        group = SynonymGroup.objects.get(name="Rörmokare och VVS")
        response = admin_client.post(_edit_url(group), {
            "name": group.name, "words": "rörmokare\nrörmokeriet\nVVS", "enabled": "on"}, HTTP_HOST=HOST)
        assert response.status_code == 302
        assert "Nilssons VVS AB" in _directory_names(public, "rörmokeriet")
        response = admin_client.post(_edit_url(group), {
            "name": group.name, "words": "rörmokare\nrörmokeriet\nVVS"}, HTTP_HOST=HOST)  # "används" unticked
        assert response.status_code == 302
        assert "Nilssons VVS AB" not in _directory_names(public, "rörmokare")

    def test_a_group_of_one_word_is_refused_with_a_message_and_nothing_saved(self, admin_client):
        group = SynonymGroup.objects.get(name="Tandvård")
        before = group.words
        response = admin_client.post(_edit_url(group), {"name": group.name, "words": "tandläkare", "enabled": "on"},
                                     HTTP_HOST=HOST)
        assert response.status_code == 200
        assert "Skriv minst två ord eller uttryck som betyder samma sak." in response.content.decode()
        group.refresh_from_db()
        assert group.words == before


class MunicipalityStaffTests:
    @pytest.mark.parametrize("role", [Role.EDITOR, Role.MODERATOR])
    def test_staff_can_neither_see_nor_change_the_synonyms(self, arvidsjaur, role):
        client = Client()
        client.force_login(make_staff(arvidsjaur, role))
        group = SynonymGroup.objects.get(name="Tandvård")
        before = group.words
        assert "Synonymer för sökning" not in client.get("/admin/", HTTP_HOST=HOST).content.decode()
        for url in (LIST_URL, _edit_url(group), f"{LIST_URL}add/", f"{LIST_URL}delete/{group.pk}/"):
            response = client.get(url, HTTP_HOST=HOST)
            assert response.status_code in (302, 403, 404), url
            assert "tandläkarmottagning" not in response.content.decode(), url
        client.post(_edit_url(group), {"name": group.name, "words": "tandläkare\nfrisör", "enabled": "on"},
                    HTTP_HOST=HOST)
        client.post(f"{LIST_URL}delete/{group.pk}/", HTTP_HOST=HOST)
        client.post(f"{LIST_URL}add/", {"name": "Påhitt", "words": "a, b", "enabled": "on"}, HTTP_HOST=HOST)
        group.refresh_from_db()
        assert group.words == before
        assert not SynonymGroup.objects.filter(name="Påhitt").exists()
