"""A signed-in user's header names where their work is, "Mitt konto" lists it with their e-mail, sign-in
security and data, and each role lands on its work after signing in."""
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from municipalities.models import Role
from sot_points.models import SotPoint
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db

HOST = "arvidsjaur.localhost"


def _menu(client) -> list[str]:
    html = client.get("/foretag/", HTTP_HOST=HOST).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="[^"]*">([^<]+)</a>', nav)


def _lands(client, user) -> str:
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD}, HTTP_HOST=HOST)
    assert response.status_code == 302
    return response["Location"]


@pytest.fixture
def company_member(arvidsjaur):
    member = make_user("agare@fjallbageriet.example.org")
    make_company(arvidsjaur, owner=member, published=True, legal_name="Fjällbageriet i Arvidsjaur AB")
    return member


@pytest.fixture
def host(arvidsjaur):
    user = make_user("vard@byahuset.example.org")
    point = SotPoint.objects.create(municipality=arvidsjaur, name="Byahuset", slug="byahuset", latitude=65.59,
                                    longitude=19.17, is_published=True)
    point.hosts.add(user)
    return user


def test_a_company_member_sees_their_companies_and_lands_there(client, company_member):
    assert _lands(client, company_member) == "/foretag/mina/"
    menu = _menu(client)
    assert "Mina företag" in menu
    assert "Mitt konto" in menu
    assert "Administration" not in menu
    assert "Mina SOT-punkter" not in menu


def test_a_host_sees_their_points_and_lands_one_tap_from_the_status(client, host):
    assert _lands(client, host) == "/sot/mina/"
    assert "Mina SOT-punkter" in _menu(client)


def test_an_editor_sees_administration_and_lands_in_it(client, arvidsjaur):
    # Without TOTP yet: the MFA gate then sends them on from /admin/ to set it up.
    editor = make_staff(arvidsjaur, Role.EDITOR, email="redaktor.nav@example.org", with_mfa=False)
    assert _lands(client, editor) == "/admin/"
    client.force_login(make_staff(arvidsjaur, Role.EDITOR, email="redaktor.totp@example.org"))
    assert {"Administration", "Uppföljning", "Mitt konto"} <= set(_menu(client))


def test_a_resident_gets_no_work_links_and_lands_on_the_start_page(client, arvidsjaur):
    resident = make_user("invanare.nav@example.org")
    assert _lands(client, resident) == "/"
    menu = _menu(client)
    assert "Mitt konto" in menu
    assert not {"Administration", "Mina företag", "Mina SOT-punkter", "Uppföljning"} & set(menu)


def test_administration_is_not_offered_to_someone_whose_admin_access_is_gone(client, arvidsjaur):
    former = make_user("f.d.personal@example.org", is_staff=True)  # is_staff left behind, no role
    TOTP.activate(former, generate_totp_secret())
    client.force_login(former)
    assert "Administration" not in _menu(client)


def test_mitt_konto_lists_the_work_the_email_and_the_data(client, company_member, arvidsjaur):
    SotPoint.objects.create(municipality=arvidsjaur, name="Macken", slug="macken", latitude=65.6, longitude=19.2,
                            is_published=True).hosts.add(company_member)
    client.force_login(company_member)
    response = client.get("/konto/", HTTP_HOST=HOST)
    html = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    assert "<h1>Mitt konto</h1>" in html
    assert "agare@fjallbageriet.example.org" in html
    assert '<a href="/foretag/mina/">Mina företag</a>' in html
    assert '<a href="/sot/mina/">Mina SOT-punkter</a>' in html
    assert 'href="/konto/email/"' in html
    assert 'href="/konto/integritet/mina-uppgifter.json"' in html
    assert "Slå på tvåstegsverifiering" in html


def test_a_hub_manager_of_a_platform_owner_lands_on_the_hubs_listings_not_the_follow_up(client, arvidsjaur):
    from municipalities.models import PlatformOwner
    from municipalities.services import platform_owner_create
    from tests.factories.marketplace import make_hub

    manager = make_user("vindkraft.nav@example.org")
    owner = platform_owner_create(name="Storliden Vind AB", kind=PlatformOwner.Kind.COMPANY, members=[manager])
    make_hub(arvidsjaur, owner_platform=owner, name="Storlidens leverantörer", slug="storlidens-leverantorer")
    assert _lands(client, manager) == "/marknadsplats/hantera/"
