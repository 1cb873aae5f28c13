"""Offers on each municipality's host: the public list and detail, the providers' own pages, and the
business office's provider admin, each reaching only what the user may."""
import pytest

from competence.models import LearningOffer, Provider, ProviderMember
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.competence_providers import make_learning_offer, make_provider, make_provider_member
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
OVERKALIX, ARVIDSJAUR, ASELE = "overkalix.localhost", "arvidsjaur.localhost", "asele.localhost"


@pytest.fixture
def larcentrum(overkalix, arvidsjaur):
    editor = make_staff(overkalix, Role.EDITOR)
    owner = make_user("larcentrum.overkalix@example.org")
    provider = make_provider(overkalix, actor=editor, name="Lärcentrum Överkalix", owner=owner, serves=[arvidsjaur])
    offer = make_learning_offer(
        provider, actor=owner, title="E-handel för småföretag: sätt upp webbutiken och koppla den till kassasystemet",
        delivery="mixed", place="Överkalix", start_dates=["2027-01-19", "2027-03-16"], length="4 kvällar")
    return provider, offer, editor, owner


def _offer_post(**overrides):
    data = {"title": "Kassasystem och lager", "description": "Koppla kassan till lagret.", "form": "short_course",
            "length": "2 kvällar", "delivery": "distance", "place": "", "start_dates": "2027-02-01, 2027-03-01",
            "cost_sek": "", "url": "https://larcentrum.example.org/kassa", "ssyk_codes": "2512, 2511",
            "skills": "E-handel, erfarenhet\nSystemintegrering"}
    data.update(overrides)
    return data


class PublicListTests:
    def test_anyone_sees_the_offers_with_cost_and_start_and_the_page_may_be_shared(self, client, larcentrum):
        _provider, offer, _editor, _owner = larcentrum
        response = client.get("/kompetens/utbildningar/", HTTP_HOST=OVERKALIX)
        page = response.content.decode()
        assert response.status_code == 200
        assert offer.title in page
        assert "Lärcentrum Överkalix" in page
        assert "Avgiftsfri" in page
        assert "Start 2027-01-19" in page
        assert "s-maxage=60" in response["Cache-Control"]
        assert "public" in response["Cache-Control"]

    def test_a_neighbour_the_provider_serves_lists_it_a_municipality_it_does_not_serve_does_not(
            self, client, larcentrum, asele):
        _provider, offer, _editor, _owner = larcentrum
        assert offer.title in client.get("/kompetens/utbildningar/", HTTP_HOST=ARVIDSJAUR).content.decode()
        assert offer.title not in client.get("/kompetens/utbildningar/", HTTP_HOST=ASELE).content.decode()

    def test_filters_are_a_plain_get_form_and_unreadable_values_are_ignored(self, client, larcentrum):
        provider, offer, _editor, owner = larcentrum
        programme = make_learning_offer(provider, actor=owner, title="Undersköterska, yrkespaket", form="vocational",
                                        delivery="on_site", place="Överkalix", ssyk_codes=["5321"], skills=[])
        page = client.get("/kompetens/utbildningar/?form=vocational", HTTP_HOST=OVERKALIX).content.decode()
        assert programme.title in page
        assert offer.title not in page
        page = client.get("/kompetens/utbildningar/?yrke=2512", HTTP_HOST=OVERKALIX).content.decode()
        assert offer.title in page
        assert programme.title not in page
        assert '<option value="5321">5321 Undersköterskor' in page
        response = client.get("/kompetens/utbildningar/?form=%3Cscript%3E&delivery=distans\x00", HTTP_HOST=OVERKALIX)
        assert response.status_code == 200
        assert offer.title in response.content.decode()
        assert programme.title in response.content.decode()


class PublicDetailTests:
    def test_the_detail_shows_everything_a_company_needs_to_decide(self, client, larcentrum):
        _provider, offer, _editor, _owner = larcentrum
        response = client.get(f"/kompetens/utbildningar/{offer.pk}/", HTTP_HOST=ARVIDSJAUR)
        page = response.content.decode()
        assert response.status_code == 200
        assert "s-maxage=60" in response["Cache-Control"]
        for text in (offer.title, "Lärcentrum Överkalix", "Kort kurs eller webbinarium", "Delvis på distans, Överkalix",
                     "2027-01-19, 2027-03-16", "Avgiftsfri", "2512 Mjukvaru- och systemutvecklare m.fl.",
                     "E-handel, erfarenhet", "4 kvällar"):
            assert text in page, text

    def test_unknown_cost_is_said_in_words(self, client, larcentrum):
        provider, _offer, _editor, owner = larcentrum
        unknown = make_learning_offer(provider, actor=owner, title="Okänd kostnad", cost_sek=None)
        priced = make_learning_offer(provider, actor=owner, title="Med kostnad", cost_sek=1500)
        assert "Kostnad ej angiven" in client.get(f"/kompetens/utbildningar/{unknown.pk}/",
                                                  HTTP_HOST=OVERKALIX).content.decode()
        assert "1500 kr" in client.get(f"/kompetens/utbildningar/{priced.pk}/", HTTP_HOST=OVERKALIX).content.decode()

    def test_an_offer_of_a_provider_not_serving_this_municipality_or_withdrawn_is_a_404(self, client, larcentrum):
        provider, offer, _editor, owner = larcentrum
        assert client.get(f"/kompetens/utbildningar/{offer.pk}/", HTTP_HOST=ASELE).status_code == 404
        withdrawn = make_learning_offer(provider, actor=owner, title="Tillbakadragen")
        withdrawn.active = False
        withdrawn.save()
        assert client.get(f"/kompetens/utbildningar/{withdrawn.pk}/", HTTP_HOST=OVERKALIX).status_code == 404


class ProviderPagesTests:
    def test_a_member_sees_my_providers_and_the_providers_page(self, client, larcentrum):
        provider, offer, _editor, owner = larcentrum
        client.force_login(owner)
        page = client.get("/kompetens/utbildare/", HTTP_HOST=OVERKALIX).content.decode()
        assert "Mina utbildningsaktörer" in page
        assert f'href="/kompetens/utbildare/{provider.pk}/"' in page
        home = client.get(f"/kompetens/utbildare/{provider.pk}/", HTTP_HOST=OVERKALIX)
        assert home.status_code == 200
        assert offer.title in home.content.decode()
        assert "private" in home["Cache-Control"]

    def test_non_members_and_other_municipalities_hosts_get_404_anonymous_is_sent_to_log_in(
            self, client, larcentrum, asele):
        provider, offer, _editor, owner = larcentrum
        paths = [f"/kompetens/utbildare/{provider.pk}/", f"/kompetens/utbildare/{provider.pk}/medlemmar/",
                 f"/kompetens/utbildare/{provider.pk}/erbjudanden/{offer.pk}/"]
        for path in paths:
            assert client.get(path, HTTP_HOST=OVERKALIX)["Location"].startswith("/konto/login/")
        for user in (make_user("granne@example.org"), make_staff(asele, Role.EDITOR)):
            client.force_login(user)
            for path in paths:
                assert client.get(path, HTTP_HOST=OVERKALIX).status_code == 404, path
                assert client.post(path, _offer_post(), HTTP_HOST=OVERKALIX).status_code == 404, path
        client.force_login(owner)  # the provider's pages live on its home municipality's host
        assert client.get(paths[0], HTTP_HOST=ARVIDSJAUR).status_code == 404
        assert LearningOffer.objects.count() == 1

    def test_a_member_adds_an_offer_with_a_bad_ssyk_code_sees_the_swedish_error_and_nothing_is_saved(
            self, client, larcentrum):
        provider, _offer, _editor, owner = larcentrum
        client.force_login(owner)
        response = client.post(f"/kompetens/utbildare/{provider.pk}/", _offer_post(ssyk_codes="2512, 9999"),
                               HTTP_HOST=OVERKALIX)
        page = response.content.decode()
        assert response.status_code == 200
        assert "9999 är ingen yrkesgrupp i SSYK 2012" in page
        assert 'value="Kassasystem och lager"' in page  # what was typed stays
        assert LearningOffer.objects.count() == 1

    def test_bad_dates_and_unknown_skills_are_named_in_the_error(self, client, larcentrum):
        provider, _offer, _editor, owner = larcentrum
        client.force_login(owner)
        page = client.post(f"/kompetens/utbildare/{provider.pk}/",
                           _offer_post(start_dates="2027-02-01\n1 mars", skills="Trolleri"),
                           HTTP_HOST=OVERKALIX).content.decode()
        assert "1, mars är inget datum" in page or "mars är inget datum" in page
        assert "Trolleri finns inte i JobTechs kompetenslista" in page
        assert LearningOffer.objects.count() == 1

    def test_a_member_adds_changes_and_withdraws_an_offer(self, client, larcentrum):
        provider, _offer, _editor, owner = larcentrum
        editor_member = make_provider_member(provider, actor=owner, email="redaktor.lc@example.org")
        client.force_login(editor_member)
        response = client.post(f"/kompetens/utbildare/{provider.pk}/", _offer_post(), HTTP_HOST=OVERKALIX)
        assert response.status_code == 302
        offer = LearningOffer.objects.get(title="Kassasystem och lager")
        assert offer.ssyk_codes == ["2512", "2511"]
        assert offer.start_dates == ["2027-02-01", "2027-03-01"]
        assert [s["id"] for s in offer.skills] == ["tArT_WTu_BrU", "Ss2A_BH7_YrK"]
        assert offer.cost_sek is None
        path = f"/kompetens/utbildare/{provider.pk}/erbjudanden/{offer.pk}/"
        assert "Kassasystem och lager" in client.get(path, HTTP_HOST=OVERKALIX).content.decode()
        assert client.post(path, _offer_post(title="Kassa och lager", cost_sek="0"),
                           HTTP_HOST=OVERKALIX).status_code == 302
        offer.refresh_from_db()
        assert offer.title == "Kassa och lager"
        assert offer.cost_sek == 0
        assert client.post(path, {"action": "withdraw"}, HTTP_HOST=OVERKALIX).status_code == 302
        offer.refresh_from_db()
        assert not offer.active
        assert client.get(f"/kompetens/utbildningar/{offer.pk}/", HTTP_HOST=OVERKALIX).status_code == 404

    def test_an_offer_of_another_provider_is_a_404_under_this_provider(self, client, larcentrum, overkalix):
        provider, _offer, editor, owner = larcentrum
        other = make_provider(overkalix, actor=editor, name="Komvux Överkalix")
        foreign = make_learning_offer(other, actor=editor, title="Komvux kurs")
        client.force_login(owner)
        path = f"/kompetens/utbildare/{provider.pk}/erbjudanden/{foreign.pk}/"
        assert client.get(path, HTTP_HOST=OVERKALIX).status_code == 404
        assert client.post(path, {"action": "withdraw"}, HTTP_HOST=OVERKALIX).status_code == 404
        foreign.refresh_from_db()
        assert foreign.active


class MemberPageTests:
    def test_an_owner_adds_a_member_by_email_and_an_unknown_address_gets_the_swedish_error(self, client, larcentrum):
        provider, _offer, _editor, owner = larcentrum
        make_user("kollega@example.org")
        client.force_login(owner)
        path = f"/kompetens/utbildare/{provider.pk}/medlemmar/"
        page = client.post(path, {"action": "add", "email": "okand@example.org", "role": "editor"},
                           HTTP_HOST=OVERKALIX).content.decode()
        assert "Det finns inget konto med den e-postadressen. Be personen skapa ett konto först." in page
        assert client.post(path, {"action": "add", "email": "kollega@example.org", "role": "editor"},
                           HTTP_HOST=OVERKALIX).status_code == 302
        assert provider.members.filter(user__email="kollega@example.org", role="editor").exists()

    def test_an_ordinary_member_sees_the_members_but_may_not_change_them(self, client, larcentrum):
        provider, _offer, _editor, owner = larcentrum
        member = make_provider_member(provider, actor=owner, email="redaktor.lc@example.org")
        make_user("ny@example.org")
        client.force_login(member)
        path = f"/kompetens/utbildare/{provider.pk}/medlemmar/"
        page = client.get(path, HTTP_HOST=OVERKALIX).content.decode()
        assert owner.email in page
        assert 'name="email"' not in page
        assert client.post(path, {"action": "add", "email": "ny@example.org", "role": "owner"},
                           HTTP_HOST=OVERKALIX).status_code == 403
        owner_member = provider.members.get(user=owner)
        assert client.post(path, {"action": "remove", "member": str(owner_member.pk)},
                           HTTP_HOST=OVERKALIX).status_code == 403
        assert provider.members.count() == 2

    def test_the_last_owner_cannot_remove_themself(self, client, larcentrum):
        provider, _offer, _editor, owner = larcentrum
        client.force_login(owner)
        owner_member = provider.members.get(user=owner)
        response = client.post(f"/kompetens/utbildare/{provider.pk}/medlemmar/",
                               {"action": "remove", "member": str(owner_member.pk)}, HTTP_HOST=OVERKALIX, follow=True)
        assert "minst en ansvarig" in response.content.decode()
        assert ProviderMember.objects.filter(pk=owner_member.pk).exists()


class AdminTests:
    def test_an_editor_creates_a_provider_in_the_admin_with_its_first_responsible_member(self, client, overkalix,
                                                                                         arvidsjaur):
        editor = make_staff(overkalix, Role.EDITOR)
        owner = make_user("ansvarig@example.org")
        client.force_login(editor)
        data = {"name": "Komvux Överkalix", "kind": "komvux", "description": "", "website": "", "email": "",
                "phone": "", "active": "on", "serves_municipalities": [str(arvidsjaur.pk)],
                "owner_email": "okand@example.org"}
        response = client.post("/admin/snippets/competence/provider/add/", data, HTTP_HOST=OVERKALIX)
        assert response.status_code == 200
        assert "Det finns inget konto med den e-postadressen" in response.content.decode()
        assert not Provider.objects.exists()
        response = client.post("/admin/snippets/competence/provider/add/", {**data, "owner_email": owner.email},
                               HTTP_HOST=OVERKALIX)
        assert response.status_code == 302
        provider = Provider.objects.get()
        assert provider.municipality == overkalix
        assert set(provider.serves_municipalities.all()) == {overkalix, arvidsjaur}
        assert provider.members.get().user == owner
        assert provider.members.get().role == "owner"

    def test_an_editor_of_asele_neither_sees_nor_edits_arvidsjaurs_provider(self, client, arvidsjaur, asele):
        provider = make_provider(arvidsjaur, actor=make_staff(arvidsjaur, Role.EDITOR), name="Lärcentrum Arvidsjaur")
        client.force_login(make_staff(asele, Role.EDITOR))
        listing = client.get("/admin/snippets/competence/provider/", HTTP_HOST=ASELE)
        assert listing.status_code == 200
        assert "Lärcentrum Arvidsjaur" not in listing.content.decode()
        edit = f"/admin/snippets/competence/provider/edit/{provider.pk}/"
        assert client.get(edit, HTTP_HOST=ASELE).status_code == 404
        assert client.post(edit, {"name": "Kapat", "kind": "other"}, HTTP_HOST=ASELE).status_code == 404
        provider.refresh_from_db()
        assert provider.name == "Lärcentrum Arvidsjaur"

    def test_an_edit_in_the_admin_goes_through_the_service(self, client, larcentrum):
        provider, _offer, editor, _owner = larcentrum
        client.force_login(editor)
        response = client.post(f"/admin/snippets/competence/provider/edit/{provider.pk}/", {
            "name": "Lärcentrum Överkalix", "kind": "learning_centre", "description": "Ny text", "website": "",
            "email": "", "phone": "", "active": "on", "serves_municipalities": [], "owner_email": ""},
            HTTP_HOST=OVERKALIX)
        assert response.status_code == 302
        provider.refresh_from_db()
        assert provider.description == "Ny text"
        # The home municipality stays served even when the box is cleared.
        assert list(provider.serves_municipalities.all()) == [provider.municipality]

    def test_a_moderator_may_not_add_providers(self, client, overkalix):
        client.force_login(make_staff(overkalix, Role.MODERATOR))
        response = client.get("/admin/snippets/competence/provider/add/", HTTP_HOST=OVERKALIX)
        assert response.status_code in (302, 403)
        assert not Provider.objects.exists()
