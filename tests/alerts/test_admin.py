"""The read-only alert listing in the Wagtail admin, as platform admins and office staff use it."""
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from municipalities.models import Role
from tests.factories.accounts import make_superuser
from tests.factories.municipalities import make_staff
from tests.support.alert_messages import ASELE_VMA, NORRBOTTEN_WIND, OVERKALIX_SNOW

pytestmark = pytest.mark.django_db

URL = "/admin/varningar/"
WIND = "Gul varning – Mycket hård vind, Norrbottens län"
SNOW = "Orange varning – Snöfall, Överkalix"
VMA = "Viktigt meddelande till allmänheten i Åsele"


@pytest.fixture
def imported(arvidsjaur, asele, overkalix, import_message):
    for name in (NORRBOTTEN_WIND, OVERKALIX_SNOW, ASELE_VMA, "schemafel.xml"):
        import_message(name)
    return arvidsjaur, asele, overkalix


class AlertListTests:
    def test_a_platform_admin_sees_every_alert_and_the_rejections(self, client, imported):
        admin = make_superuser()
        TOTP.activate(admin, generate_totp_secret())
        client.force_login(admin)
        page = client.get(URL).content.decode()
        assert WIND in page
        assert SNOW in page
        assert VMA in page
        assert "Avvisade meddelanden" in page
        assert "CAP 1.2-schemat" in page

    def test_an_editor_of_overkalix_sees_the_alerts_covering_overkalix_only(self, client, imported):
        _, _, overkalix = imported
        client.force_login(make_staff(overkalix, Role.EDITOR))
        response = client.get(URL, HTTP_HOST="overkalix.localhost")
        page = response.content.decode()
        assert response.status_code == 200
        assert WIND in page
        assert SNOW in page
        assert VMA not in page
        assert "Avvisade meddelanden" not in page
        assert "schemafel" not in page

    def test_an_editor_of_asele_sees_only_the_vma(self, client, imported):
        _, asele, _ = imported
        client.force_login(make_staff(asele, Role.EDITOR))
        page = client.get(URL, HTTP_HOST="asele.localhost").content.decode()
        assert VMA in page
        assert WIND not in page
        assert SNOW not in page

    def test_the_menu_shows_the_listing_to_editors(self, client, imported):
        arvidsjaur, _, _ = imported
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        assert "Officiella varningar" in client.get("/admin/", HTTP_HOST="arvidsjaur.localhost").content.decode()

    def test_a_moderator_is_refused(self, client, imported):
        arvidsjaur, _, _ = imported
        client.force_login(make_staff(arvidsjaur, Role.MODERATOR))
        response = client.get(URL, HTTP_HOST="arvidsjaur.localhost")
        assert response.status_code in (302, 403)
        assert WIND not in response.content.decode()
        assert "Officiella varningar" not in client.get("/admin/", HTTP_HOST="arvidsjaur.localhost").content.decode()

    def test_the_listing_cannot_be_posted_to(self, client, imported):
        admin = make_superuser()
        TOTP.activate(admin, generate_totp_secret())
        client.force_login(admin)
        assert client.post(URL).status_code == 405
