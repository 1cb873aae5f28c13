"""Hub pages on each municipality's host: the list, the branded hub page with its listings and member
directory (members-only listings hidden from others), starting a hub, and the managers' page, each reaching
only what the visitor may."""
import pytest

from marketplace.models import Audience, Hub, HubMembership
from tests.factories.accounts import make_user
from tests.factories.marketplace import add_hub_member, make_hub, make_listing
from tests.factories.marketplace_h3 import make_company_with_owner, make_owner_person, make_platform_owner

pytestmark = pytest.mark.django_db
ARVIDSJAUR, OVERKALIX, ASELE = "arvidsjaur.localhost", "overkalix.localhost", "asele.localhost"
Status = HubMembership.Status


@pytest.fixture
def blaiken(arvidsjaur):
    """A wind-park developer's hub in Arvidsjaur with a public and a members-only listing."""
    manager = make_owner_person("projektledare@blaiken.example.org")
    owner = make_platform_owner("Blaiken Vind AB", kind="company", members=[manager])
    hub = make_hub(arvidsjaur, owner_platform=owner, name="Blaikens leverantörer",
                   description="Vi bygger 90 vindkraftverk och vill anlita lokala företag.")
    public = make_listing(arvidsjaur, hub=hub, title="Snöröjning av serviceväg")
    members_only = make_listing(arvidsjaur, hub=hub, title="Intern förfrågan: boende för montörer",
                                audience=Audience.MEMBERS)
    return hub, manager, public, members_only


@pytest.fixture
def snickeri(arvidsjaur):
    return make_company_with_owner(arvidsjaur, email="snickaren@example.org", legal_name="Snickeri i Arvidsjaur AB",
                                   org_number="556036-0793")


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class HubListTests:
    def test_the_list_shows_active_hubs_spanning_this_municipality_and_may_be_shared(self, client, blaiken,
                                                                                     overkalix):
        hub, manager, *_ = blaiken
        other = make_hub(overkalix, owner_platform=hub.owner_platform, name="Kalix hamn")
        make_hub(overkalix, owner_platform=hub.owner_platform, name="Vilande hubb", active=False,
                 spans=[hub.municipality])
        response = client.get("/marknadsplats/hubbar/", HTTP_HOST=ARVIDSJAUR)
        page = _page(response)
        assert "Blaikens leverantörer" in page
        assert other.name not in page
        assert "Vilande hubb" not in page
        assert "Drivs av Blaiken Vind AB" in page
        assert "public" in response["Cache-Control"]
        assert "s-maxage=60" in response["Cache-Control"]


class HubPageTests:
    def test_anyone_sees_the_hub_and_its_public_listings_but_not_the_members_only_ones(self, client, blaiken):
        _hub, _manager, public, members_only = blaiken
        response = client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=ARVIDSJAUR)
        page = _page(response)
        assert "Vi bygger 90 vindkraftverk" in page
        assert "Drivs av Blaiken Vind AB" in page
        assert f'href="/marknadsplats/{public.pk}/"' in page
        assert public.title in page
        assert members_only.title not in page
        assert "s-maxage=60" in response["Cache-Control"]

    def test_a_members_company_person_and_the_manager_see_the_members_only_listing(self, client, blaiken, snickeri):
        hub, manager, _public, members_only = blaiken
        company, person = snickeri
        add_hub_member(hub, company)
        for user in (person, manager):
            client.force_login(user)
            response = client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=ARVIDSJAUR)
            assert members_only.title in _page(response)
            assert "private" in response["Cache-Control"]

    def test_an_applicant_does_not_see_the_members_only_listing(self, client, blaiken, snickeri):
        hub, _manager, _public, members_only = blaiken
        company, person = snickeri
        add_hub_member(hub, company, status=Status.APPLIED)
        client.force_login(person)
        assert members_only.title not in _page(client.get("/marknadsplats/hubbar/blaikens-leverantorer/",
                                                          HTTP_HOST=ARVIDSJAUR))

    def test_the_member_directory_links_profiles_and_is_hidden_when_not_public(self, client, blaiken, snickeri):
        hub, _manager, *_ = blaiken
        company, person = snickeri
        add_hub_member(hub, company)
        page = _page(client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=ARVIDSJAUR))
        assert f'href="http://arvidsjaur.localhost/foretag/{company.slug}/"' in page
        Hub.objects.filter(pk=hub.pk).update(public_member_list=False)
        page = _page(client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=ARVIDSJAUR))
        assert company.display_name not in page
        assert "visas bara för hubbens medlemmar" in page
        client.force_login(person)
        page = _page(client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=ARVIDSJAUR))
        assert f"/foretag/{company.slug}/" in page

    def test_a_hub_not_spanning_this_municipality_is_a_404_here(self, client, blaiken, overkalix):
        assert client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=OVERKALIX).status_code == 404
        hub = blaiken[0]
        hub.municipalities.add(overkalix)
        assert client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=OVERKALIX).status_code == 200

    def test_an_inactive_hub_is_a_404_except_for_its_managers(self, client, blaiken):
        hub, manager, *_ = blaiken
        Hub.objects.filter(pk=hub.pk).update(active=False)
        assert client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=ARVIDSJAUR).status_code == 404
        client.force_login(manager)
        assert "inaktiv" in _page(client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=ARVIDSJAUR))


class MembershipPageTests:
    def test_a_company_member_applies_from_the_hub_page(self, client, blaiken, snickeri):
        hub, *_ = blaiken
        company, person = snickeri
        client.force_login(person)
        page = _page(client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=ARVIDSJAUR))
        assert "Ansök om medlemskap" in page
        assert 'for="id_company"' in page
        response = client.post("/marknadsplats/hubbar/blaikens-leverantorer/",
                               {"action": "apply", "company": company.pk, "message": "Vi snickrar."},
                               HTTP_HOST=ARVIDSJAUR, follow=True)
        assert "Ansökan för Snickeri i Arvidsjaur AB är skickad" in _page(response)
        assert HubMembership.objects.get(hub=hub, company=company).status == Status.APPLIED

    def test_applying_for_someone_elses_company_is_refused_next_to_the_field(self, client, blaiken, snickeri):
        company, _person = snickeri
        _other, stranger = make_company_with_owner(blaiken[0].municipality, email="annan@example.org",
                                                   legal_name="Annat AB", org_number="559000-0013")
        client.force_login(stranger)
        page = _page(client.post("/marknadsplats/hubbar/blaikens-leverantorer/",
                                 {"action": "apply", "company": company.pk}, HTTP_HOST=ARVIDSJAUR))
        assert "Välj ett av dina företag i listan." in page
        assert not HubMembership.objects.filter(company=company).exists()

    def test_an_invited_company_accepts_on_the_hub_page(self, client, blaiken, snickeri):
        hub, _manager, _public, members_only = blaiken
        company, person = snickeri
        membership = add_hub_member(hub, company, status=Status.INVITED)
        client.force_login(person)
        page = _page(client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=ARVIDSJAUR))
        assert "Tacka ja för Snickeri i Arvidsjaur AB" in page
        assert "Ansök om medlemskap" not in page
        page = _page(client.post("/marknadsplats/hubbar/blaikens-leverantorer/",
                                 {"action": "accept", "membership": membership.pk}, HTTP_HOST=ARVIDSJAUR, follow=True))
        assert members_only.title in page
        membership.refresh_from_db()
        assert membership.status == Status.MEMBER

    def test_someone_else_cannot_answer_a_companys_invitation(self, client, blaiken, snickeri):
        hub, *_ = blaiken
        company, _person = snickeri
        membership = add_hub_member(hub, company, status=Status.INVITED)
        client.force_login(make_user("nyfiken@example.org"))
        response = client.post("/marknadsplats/hubbar/blaikens-leverantorer/",
                               {"action": "accept", "membership": membership.pk}, HTTP_HOST=ARVIDSJAUR)
        assert response.status_code == 403
        membership.refresh_from_db()
        assert membership.status == Status.INVITED

    def test_anonymous_visitors_are_asked_to_sign_in(self, client, blaiken):
        page = _page(client.get("/marknadsplats/hubbar/blaikens-leverantorer/", HTTP_HOST=ARVIDSJAUR))
        assert "Logga in för att ansöka" in page
        assert "csrfmiddlewaretoken" not in page


class ManagePageTests:
    def test_only_managers_reach_the_manage_page(self, client, blaiken, snickeri):
        url = "/marknadsplats/hubbar/blaikens-leverantorer/hantera/"
        assert client.get(url, HTTP_HOST=ARVIDSJAUR).status_code == 302
        client.force_login(snickeri[1])
        assert client.get(url, HTTP_HOST=ARVIDSJAUR).status_code == 403
        assert client.get("/marknadsplats/hubbar/blaikens-leverantorer/redigera/", HTTP_HOST=ARVIDSJAUR
                          ).status_code == 403
        client.force_login(blaiken[1])
        assert client.get(url, HTTP_HOST=OVERKALIX).status_code == 404

    def test_a_manager_approves_an_application_and_removes_a_member(self, client, blaiken, snickeri):
        hub, manager, *_ = blaiken
        company, _person = snickeri
        membership = add_hub_member(hub, company, status=Status.APPLIED)
        client.force_login(manager)
        url = "/marknadsplats/hubbar/blaikens-leverantorer/hantera/"
        assert "Godkänn Snickeri i Arvidsjaur AB" in _page(client.get(url, HTTP_HOST=ARVIDSJAUR))
        page = _page(client.post(url, {"action": "approve", "membership": membership.pk}, HTTP_HOST=ARVIDSJAUR,
                                 follow=True))
        assert "Snickeri i Arvidsjaur AB är nu medlem." in page
        page = _page(client.post(url, {"action": "remove", "membership": membership.pk}, HTTP_HOST=ARVIDSJAUR,
                                 follow=True))
        membership.refresh_from_db()
        assert membership.status == Status.LEFT

    def test_a_manager_invites_a_published_company_of_the_hubs_municipalities_from_a_plain_select(
            self, client, blaiken, snickeri, overkalix):
        hub, manager, *_ = blaiken
        company, _person = snickeri
        far, _ = make_company_with_owner(overkalix, email="kalix@example.org", legal_name="Kalix Bygg AB",
                                         org_number="559000-0013")
        client.force_login(manager)
        url = "/marknadsplats/hubbar/blaikens-leverantorer/hantera/"
        page = _page(client.get(url, HTTP_HOST=ARVIDSJAUR))
        assert "Snickeri i Arvidsjaur AB (Arvidsjaur)" in page
        assert "Kalix Bygg AB" not in page
        response = client.post(url, {"action": "invite", "company": far.pk}, HTTP_HOST=ARVIDSJAUR)
        assert "Välj ett företag i listan." in _page(response)
        client.post(url, {"action": "invite", "company": company.pk}, HTTP_HOST=ARVIDSJAUR)
        assert HubMembership.objects.get(hub=hub, company=company).status == Status.INVITED

    def test_a_manager_edits_the_hub_and_a_county_error_shows_next_to_the_field(self, client, blaiken, asele):
        hub, manager, *_ = blaiken
        client.force_login(manager)
        url = "/marknadsplats/hubbar/blaikens-leverantorer/redigera/"
        data = {"name": "Blaiken – leverantörer", "purpose": "Lokala leverantörer.", "description": "",
                "municipalities": [hub.municipality.pk], "open_to_applications": "on", "active": "on"}
        client.post(url, data, HTTP_HOST=ARVIDSJAUR)
        hub.refresh_from_db()
        assert hub.name == "Blaiken – leverantörer"
        assert hub.public_member_list is False
        page = _page(client.post(url, {**data, "municipalities": [asele.pk]}, HTTP_HOST=ARVIDSJAUR))
        assert "bara kommuner i samma län kan ingå" in page
        hub.refresh_from_db()
        assert list(hub.municipalities.all()) == [hub.municipality]


class HubCreatePageTests:
    def test_a_platform_owners_member_starts_a_hub_from_a_plain_form(self, client, blaiken, arvidsjaur):
        _hub, manager, *_ = blaiken
        client.force_login(manager)
        page = _page(client.get("/marknadsplats/hubbar/ny/", HTTP_HOST=ARVIDSJAUR))
        assert "Blaiken Vind AB" in page
        assert 'type="checkbox"' in page
        owner_id = blaiken[0].owner_platform_id
        response = client.post("/marknadsplats/hubbar/ny/", {
            "owner": f"platform:{owner_id}", "name": "Vindkraftens kompetensnätverk", "purpose": "Utbildning.",
            "municipalities": [arvidsjaur.pk], "open_to_applications": "on", "public_member_list": "on"},
            HTTP_HOST=ARVIDSJAUR)
        assert response.status_code == 302
        assert response["Location"].endswith("/vindkraftens-kompetensnatverk/")

    def test_missing_fields_are_named_next_to_them(self, client, blaiken):
        client.force_login(blaiken[1])
        page = _page(client.post("/marknadsplats/hubbar/ny/", {"owner": "", "name": ""}, HTTP_HOST=ARVIDSJAUR))
        assert "Välj vem som äger hubben." in page
        assert "Skriv hubbens namn." in page

    def test_someone_with_neither_owner_nor_company_may_not_start_a_hub(self, client, arvidsjaur):
        client.force_login(make_user("nyfiken@example.org"))
        assert client.get("/marknadsplats/hubbar/ny/", HTTP_HOST=ARVIDSJAUR).status_code == 403
