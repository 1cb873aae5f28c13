"""The admin dashboard opens with what waits for the office: each review queue of the user's own
municipalities, with its count and a link to it; another municipality's work is not counted."""
import re

import pytest

from marketplace.models import ListingStatus
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.marketplace import make_listing
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db


def _panel(client, host) -> dict[str, str]:
    html = client.get("/admin/", HTTP_HOST=host).content.decode()
    panel = re.search(r'id="review-queues-section".*?</table>', html, re.S)
    assert panel, "no 'Att granska' panel"
    rows = re.findall(r'<a href="([^"]+)">([^<]+)</a></td>\s*<td>(?:<strong>)?([^<]+)', panel.group(0))
    return {label: (url, count.strip()) for url, label, count in rows}


def test_the_dashboard_counts_what_waits_in_the_users_own_municipality(client, arvidsjaur, asele):
    make_company(arvidsjaur, legal_name="Ny Firma i Arvidsjaur AB", org_number=ORG_NUMBERS[0])
    make_company(asele, legal_name="Ny Firma i Åsele AB", org_number=ORG_NUMBERS[1],
                 owner=make_user("agare.asele@example.org"))
    make_listing(arvidsjaur, title="Väntande annons", status=ListingStatus.PENDING)
    make_listing(asele, title="Åseles väntande annons", status=ListingStatus.PENDING)
    make_listing(asele, title="Till", status=ListingStatus.PENDING)

    client.force_login(make_staff(arvidsjaur, Role.MODERATOR, email="moderator.panel@example.org"))
    panel = _panel(client, "arvidsjaur.localhost")
    assert panel["Företag att granska (nya och ändrade)"] == ("/admin/foretag/", "1")
    assert panel["Anspråk på företag"][1] == "inget just nu"
    assert panel["Annonser att granska"] == ("/admin/marknadsplats/", "1")
    assert panel["Anmälda annonser"][1] == "inget just nu"

    client.force_login(make_staff(asele, Role.EDITOR, email="redaktor.panel@example.org"))
    assert _panel(client, "asele.localhost")["Annonser att granska"][1] == "2"
