"""A company's member registers a need in two plain-form steps and follows it; others cannot reach it."""
import re

import pytest

from competence.models import CompanyPeerOffer, CompetenceNeed
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.competence import make_need, make_peer_offer
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
OVERKALIX = "overkalix.localhost"
WEBSHOP = "Vi behöver någon som kan sätta upp vår webbutik och koppla den till kassasystemet"


@pytest.fixture
def company(overkalix):
    owner = make_user("agare@example.org")
    return make_company(overkalix, owner=owner, published=True, legal_name="Modebutiken i Överkalix AB"), owner


def _save_post(**overrides):
    """The second step's POST as the page would send it, with suggestions a model might have made."""
    data = {
        "step": "save", "description": WEBSHOP,
        "suggestions": '{"occupations": [["2512", "Mjukvaru- och systemutvecklare m.fl.", "webbutik"]], '
                       '"skills": [["e_handel", "E-handel"], ["kassa", "Kassasystem"]]}',
        "occupation": "2512", "skills": ["e_handel"], "headcount": "1", "kind": "upskill", "horizon": "6m",
        "preferred_forms": ["peer", "short_course"], "constraints": ["distance"], "constraints_note": "",
    }
    data.update(overrides)
    return data


class NeedRegistrationTests:
    def test_a_member_describes_the_need_sees_suggestions_confirms_and_finds_it_in_the_list(self, client, company):
        company, owner = company
        client.force_login(owner)
        base = f"/foretag/{company.slug}/kompetens/"
        step1 = client.get(base + "nytt/", HTTP_HOST=OVERKALIX).content.decode()
        assert 'name="description"' in step1
        assert 'name="occupation"' not in step1
        # The real suggester (a CPU embedding model), prepared as the ASGI app does at start.
        from competence.suggestions import warm_up

        warm_up()
        step2 = client.post(base + "nytt/", {"step": "describe", "description": WEBSHOP}, HTTP_HOST=OVERKALIX)
        page = step2.content.decode()
        assert step2.status_code == 200
        radios = re.findall(r'<input type="radio" name="occupation" value="(\w+)"', page)
        assert len(radios) >= 2
        assert radios[-1] == "none"
        assert "<legend>Vilket yrke ligger närmast behovet?</legend>" in page
        suggestions = re.search(r'name="suggestions" value="([^"]*)"', page).group(1)
        skills = re.findall(r'<input type="checkbox" name="skills" value="([^"]+)"', page)
        import html

        response = client.post(base + "nytt/", _save_post(suggestions=html.unescape(suggestions),
                                                          occupation=radios[0], skills=skills[:2]),
                               HTTP_HOST=OVERKALIX)
        need = CompetenceNeed.objects.get(company=company)
        assert response.status_code == 302
        assert response["Location"] == f"{base}{need.pk}/"
        assert need.ssyk_code == radios[0]
        assert need.ssyk_name
        assert [s["id"] for s in need.skills] == skills[:2]
        listing = client.get(base, HTTP_HOST=OVERKALIX).content.decode()
        assert "Vi behöver någon som kan sätta upp vår webbutik" in listing

    def test_a_need_is_registered_without_waiting_while_the_suggester_is_being_prepared(
        self, client, company, monkeypatch,
    ):
        from competence import suggestions

        started = []
        monkeypatch.setattr(suggestions, "suggestions_ready", lambda: False)
        monkeypatch.setattr(suggestions, "prepare_in_background", lambda: started.append(True))
        company, owner = company
        client.force_login(owner)
        page = client.post(f"/foretag/{company.slug}/kompetens/nytt/", {"step": "describe", "description": WEBSHOP},
                           HTTP_HOST=OVERKALIX).content.decode()
        assert "tas fram för första gången" in page
        assert '<input type="radio" name="occupation" value="none"' in page
        assert started == [True]

    def test_none_of_these_with_a_code_of_ones_own_stores_that_code(self, client, company):
        company, owner = company
        client.force_login(owner)
        client.post(f"/foretag/{company.slug}/kompetens/nytt/",
                    _save_post(occupation="none", other_ssyk_code="5223"), HTTP_HOST=OVERKALIX)
        need = CompetenceNeed.objects.get(company=company)
        assert (need.ssyk_code, need.ssyk_name) == ("5223", "Butikssäljare, fackhandel")

    def test_the_free_occupation_list_offers_every_ssyk_group(self, client, company):
        company, owner = company
        client.force_login(owner)
        page = client.post(f"/foretag/{company.slug}/kompetens/nytt/", _save_post(kind=""),
                           HTTP_HOST=OVERKALIX).content.decode()
        select = page.split('name="other_ssyk_code"', 1)[1].split("</select>", 1)[0]
        assert select.count("<option") == 430  # 429 groups and "Välj yrke"
        assert '<option value="2512">2512 Mjukvaru- och systemutvecklare m.fl.</option>' in select

    def test_a_posted_name_for_a_suggested_code_is_replaced_by_the_reference_name(self, client, company):
        company, owner = company
        client.force_login(owner)
        client.post(f"/foretag/{company.slug}/kompetens/nytt/", _save_post(
            suggestions='{"occupations": [["2512", "Något annat", ""]], "skills": []}', skills=[]),
            HTTP_HOST=OVERKALIX)
        assert CompetenceNeed.objects.get(company=company).ssyk_name == "Mjukvaru- och systemutvecklare m.fl."

    def test_missing_choices_are_explained_in_swedish_next_to_their_questions(self, client, company):
        company, owner = company
        client.force_login(owner)
        response = client.post(f"/foretag/{company.slug}/kompetens/nytt/",
                               _save_post(kind="", horizon="", other_ssyk_code="9999"), HTTP_HOST=OVERKALIX)
        page = response.content.decode()
        assert response.status_code == 200
        assert not CompetenceNeed.objects.exists()
        assert "Välj rekrytera eller kompetensutveckla." in page
        assert "Välj när ni behöver det." in page
        assert "Välj ett yrke i listan." in page
        # The suggestions survive the failed save, so the member need not describe the need again.
        assert "Mjukvaru- och systemutvecklare m.fl." in page

    def test_a_member_of_another_company_gets_404_for_the_pages_and_the_need(self, client, company):
        company, owner = company
        need = make_need(company, actor=owner)
        other = make_user("konkurrent@example.org")
        make_company(company.municipality, owner=other, org_number="556036-0793", legal_name="Annat AB")
        client.force_login(other)
        base = f"/foretag/{company.slug}/kompetens/"
        for path in (base, base + "nytt/", f"{base}{need.pk}/", base + "erbjudanden/"):
            assert client.get(path, HTTP_HOST=OVERKALIX).status_code == 404, path
        assert client.post(base + "nytt/", _save_post(), HTTP_HOST=OVERKALIX).status_code == 404
        assert CompetenceNeed.objects.count() == 1

    def test_a_need_of_another_company_is_not_found_under_ones_own_company(self, client, company):
        company, owner = company
        other_owner = make_user("annan@example.org")
        other = make_company(company.municipality, owner=other_owner, org_number="556036-0793", legal_name="Annat AB")
        foreign = make_need(other, actor=other_owner)
        client.force_login(owner)
        assert client.get(f"/foretag/{company.slug}/kompetens/{foreign.pk}/", HTTP_HOST=OVERKALIX).status_code == 404

    def test_the_company_page_links_its_members_to_the_needs(self, client, company):
        company, owner = company
        client.force_login(owner)
        page = client.get(f"/foretag/{company.slug}/", HTTP_HOST=OVERKALIX).content.decode()
        assert f'href="/foretag/{company.slug}/kompetens/">Kompetensbehov</a>' in page
        client.logout()
        page = client.get(f"/foretag/{company.slug}/", HTTP_HOST=OVERKALIX).content.decode()
        # The menu's public "Utbildningar" (/kompetens/utbildningar/) is no way into a company's needs.
        assert f"/foretag/{company.slug}/kompetens/" not in page


class NeedStatusPageTests:
    def test_a_member_changes_the_status_and_the_dated_history_shows_each_step(self, client, company):
        company, owner = company
        need = make_need(company, actor=owner)
        client.force_login(owner)
        path = f"/foretag/{company.slug}/kompetens/{need.pk}/"
        response = client.post(path, {"status": "matched", "note": "Lärcentrum har en kurs"}, HTTP_HOST=OVERKALIX)
        assert response.status_code == 302
        page = client.get(path, HTTP_HOST=OVERKALIX).content.decode()
        history = page.split('id="history-heading"', 1)[1].split("</table>", 1)[0]
        assert "Registrerat" in history
        assert "Matchat" in history
        assert "Lärcentrum har en kurs" in history
        assert history.count("<time datetime=") == 2
        assert "<legend>Ny status:</legend>" in page

    def test_a_status_that_may_not_follow_is_refused_next_to_the_field(self, client, company):
        company, owner = company
        need = make_need(company, actor=owner)
        client.force_login(owner)
        response = client.post(f"/foretag/{company.slug}/kompetens/{need.pk}/", {"status": "met"},
                               HTTP_HOST=OVERKALIX)
        assert response.status_code == 200
        assert "Den statusen går inte att välja nu." in response.content.decode()
        need.refresh_from_db()
        assert need.status == "registered"

    def test_the_office_sees_the_need_without_a_status_form_and_may_not_post_one(self, client, company):
        company, owner = company
        need = make_need(company, actor=owner)
        client.force_login(make_staff(company.municipality, Role.MODERATOR))
        path = f"/foretag/{company.slug}/kompetens/{need.pk}/"
        page = client.get(path, HTTP_HOST=OVERKALIX).content.decode()
        assert need.description in page
        assert 'name="status"' not in page
        assert client.post(path, {"status": "matched"}, HTTP_HOST=OVERKALIX).status_code == 403
        need.refresh_from_db()
        assert need.status == "registered"


class PeerOfferPageTests:
    def test_a_member_adds_and_withdraws_an_offer(self, client, company):
        company, owner = company
        client.force_login(owner)
        base = f"/foretag/{company.slug}/kompetens/erbjudanden/"
        response = client.post(base, {"kind": "knowledge", "title": "Vi visar hur vi kopplade kassan",
                                      "description": "Ring oss, vi har gjort det."}, HTTP_HOST=OVERKALIX)
        assert response.status_code == 302
        offer = CompanyPeerOffer.objects.get(company=company)
        client.post(f"{base}{offer.pk}/", {"action": "withdraw"}, HTTP_HOST=OVERKALIX)
        offer.refresh_from_db()
        assert not offer.active
        assert "tillbakadraget" in client.get(base, HTTP_HOST=OVERKALIX).content.decode()

    def test_an_empty_offer_is_refused_in_swedish(self, client, company):
        company, owner = company
        client.force_login(owner)
        page = client.post(f"/foretag/{company.slug}/kompetens/erbjudanden/", {"kind": "", "title": "",
                                                                               "description": ""},
                           HTTP_HOST=OVERKALIX).content.decode()
        assert "Välj vad ni erbjuder." in page
        assert "Skriv en kort rubrik." in page

    def test_an_offer_is_changed_on_its_page(self, client, company):
        company, owner = company
        offer = make_peer_offer(company, actor=owner)
        client.force_login(owner)
        client.post(f"/foretag/{company.slug}/kompetens/erbjudanden/{offer.pk}/",
                    {"kind": "mentoring", "title": "Mentor", "description": "En timme i månaden."}, HTTP_HOST=OVERKALIX)
        offer.refresh_from_db()
        assert (offer.kind, offer.title) == ("mentoring", "Mentor")
