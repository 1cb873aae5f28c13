"""A company member confirms or changes a need on /foretag/<slug>/kompetens/<id>/andra/: the
registration's second step as one plain form, with suggestions for the need's current text beside what it
already states. A need found in a needs conversation (no occupation, no skills) is confirmed there. The
office and consenting advisors may see the need but get a 403; anyone else a 404."""
import html
import re

import pytest

from competence import suggestions as suggester
from competence.models import CompetenceNeed
from competence.suggestions import OccupationSuggestion, SkillSuggestion
from tests.factories.competence import make_need
from tests.factories.competence_conversations import conversation_world, give_consent, make_conversation

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"
TRUCK = "En lagerarbetare med truckkort"


@pytest.fixture
def w(overkalix, arvidsjaur):
    return conversation_world(overkalix, arvidsjaur)


@pytest.fixture
def fake_suggester(monkeypatch):
    """Suggestions that depend on the text, without loading the embedding model."""
    def occupations(text, limit=3):
        if "truck" in text.lower():
            return [OccupationSuggestion("8344", "Truckförare", 0.9, "Yrkesgrupp 8344 Truckförare"),
                    OccupationSuggestion("4321", "Arbetsledare inom lager och terminal", 0.5,
                                         "Yrkesgrupp 4321 Arbetsledare inom lager och terminal")][:limit]
        return [OccupationSuggestion("2512", "Mjukvaru- och systemutvecklare m.fl.", 0.8,
                                     "Yrkesgrupp 2512 Mjukvaru- och systemutvecklare m.fl.")][:limit]

    def skills(text, limit=5):
        if "truck" in text.lower():
            return [SkillSuggestion("truck_a", "Truckkort A", 0.9), SkillSuggestion("lager", "Lagerhantering", 0.7)]
        return [SkillSuggestion("e_handel", "E-handel", 0.8)]

    monkeypatch.setattr(suggester, "suggestions_ready", lambda: True)
    monkeypatch.setattr(suggester, "suggest_occupations", occupations)
    monkeypatch.setattr(suggester, "suggest_skills", skills)


def _edit_url(need):
    return f"/foretag/{need.company.slug}/kompetens/{need.pk}/andra/"


def _form_post(page: str, **overrides) -> dict:
    """What the browser sends for the form as rendered, with the given answers changed."""
    data = {"action": "save",
            "suggestions": html.unescape(re.search(r'name="suggestions" value="([^"]*)"', page).group(1)),
            "description": html.unescape(re.search(r'<textarea name="description"[^>]*>\s*(.*?)</textarea>',
                                                   page, re.S).group(1)),
            "occupation": re.search(r'name="occupation" value="(\w+)"[^>]*checked', page).group(1),
            "skills": re.findall(r'name="skills" value="([^"]+)"[^>]*checked', page),
            "headcount": re.search(r'name="headcount" value="(\d+)"', page).group(1),
            "kind": re.search(r'name="kind" value="(\w+)"[^>]*checked', page).group(1),
            "horizon": re.search(r'name="horizon" value="(\w+)"[^>]*checked', page).group(1),
            "preferred_forms": re.findall(r'name="preferred_forms" value="(\w+)"[^>]*checked', page),
            "constraints": re.findall(r'name="constraints" value="(\w+)"[^>]*checked', page),
            "constraints_note": "", "other_ssyk_code": ""}
    data.update(overrides)
    return data


class ConfirmANeedFromAConversationTests:
    def test_the_need_page_prompts_and_the_member_confirms_the_suggested_occupation_and_skills(
        self, client, w, fake_suggester,
    ):
        make_conversation(w.company, actor=w.advisor, needs=[{"description": TRUCK, "kind": "recruit",
                                                               "horizon": "now"}])
        need = CompetenceNeed.objects.get(company=w.company)
        assert need.ssyk_code == ""
        assert need.skills == []
        client.force_login(w.member)
        detail = client.get(f"/foretag/{w.company.slug}/kompetens/{need.pk}/", HTTP_HOST=HOST).content.decode()
        assert f'<a href="{_edit_url(need)}">Bekräfta yrke och kompetenser</a>' in detail
        assert f'<a href="{_edit_url(need)}">Ändra behovet</a>' in detail

        page = client.get(_edit_url(need), HTTP_HOST=HOST).content.decode()
        radios = re.findall(r'<input type="radio" name="occupation" value="(\w+)"', page)
        assert radios == ["8344", "4321", "none"]  # the suggestions for its text, then "Inget av dessa"
        assert "Inget av dessa" in page
        assert 'name="other_ssyk_code"' in page
        assert re.findall(r'name="skills" value="([^"]+)"', page) == ["truck_a", "lager"]
        assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]

        response = client.post(_edit_url(need), _form_post(page, skills=["truck_a"], headcount="2"), HTTP_HOST=HOST)
        assert response.status_code == 302
        assert response["Location"] == f"/foretag/{w.company.slug}/kompetens/{need.pk}/"
        need.refresh_from_db()
        assert (need.ssyk_code, need.ssyk_name) == ("8344", "Truckförare")
        assert need.skills == [{"id": "truck_a", "label": "Truckkort A"}]
        assert need.headcount == 2
        assert need.kind == "recruit"
        assert need.horizon == "now"
        assert need.conversation_id is not None
        detail = client.get(response["Location"], HTTP_HOST=HOST).content.decode()
        assert "Behovet är ändrat." in detail
        assert "8344 Truckförare" in detail
        assert "Bekräfta yrke och kompetenser" not in detail


class ChangeANeedTests:
    def test_the_form_keeps_the_needs_own_occupation_and_skills_and_saves_every_field(
        self, client, w, fake_suggester,
    ):
        need = make_need(w.company, actor=w.member, description="Vi behöver sätta upp en webbutik", ssyk_code="5223",
                         skills=[{"id": "kassa", "label": "Kassasystem"}], headcount=3, kind="upskill",
                         preferred_forms=["peer"], constraints=["distance"], constraints_note="Bara kvällar")
        client.force_login(w.member)
        page = client.get(_edit_url(need), HTTP_HOST=HOST).content.decode()
        # Its occupation is not among the suggestions: "Inget av dessa" with its code chosen in the list.
        assert re.search(r'name="occupation" value="none"[^>]*checked', page)
        assert re.search(r'<option value="5223" selected>', page)
        # Its skill stays offered and ticked beside the new suggestion, which is not ticked.
        assert re.search(r'name="skills" value="kassa"[^>]*checked', page)
        assert re.search(r'name="skills" value="e_handel"(?![^>]*checked)', page)
        assert 'name="headcount" value="3"' in page
        assert "Bara kvällar" in page

        data = _form_post(page, description="Vi behöver sätta upp en webbutik med kassa", occupation="2512",
                          other_ssyk_code="", skills=["kassa", "e_handel"], headcount="1", kind="recruit",
                          horizon="2y", preferred_forms=["short_course", "vocational"], constraints=[],
                          constraints_note="Helst i Överkalix")
        assert client.post(_edit_url(need), data, HTTP_HOST=HOST).status_code == 302
        need.refresh_from_db()
        assert need.description == "Vi behöver sätta upp en webbutik med kassa"
        assert (need.ssyk_code, need.ssyk_name) == ("2512", "Mjukvaru- och systemutvecklare m.fl.")
        assert need.skills == [{"id": "kassa", "label": "Kassasystem"}, {"id": "e_handel", "label": "E-handel"}]
        assert (need.headcount, need.kind, need.horizon) == (1, "recruit", "2y")
        assert need.preferred_forms == ["short_course", "vocational"]
        assert need.constraints == []
        assert need.constraints_note == "Helst i Överkalix"

    def test_a_free_code_from_the_list_is_saved_with_its_name(self, client, w, fake_suggester):
        need = make_need(w.company, actor=w.member)
        client.force_login(w.member)
        page = client.get(_edit_url(need), HTTP_HOST=HOST).content.decode()
        client.post(_edit_url(need), _form_post(page, occupation="none", other_ssyk_code="8344"), HTTP_HOST=HOST)
        need.refresh_from_db()
        assert (need.ssyk_code, need.ssyk_name) == ("8344", "Truckförare")

    def test_a_bad_ssyk_code_is_told_in_swedish_next_to_the_field_and_nothing_is_saved(
        self, client, w, fake_suggester,
    ):
        need = make_need(w.company, actor=w.member, ssyk_code="5223")
        client.force_login(w.member)
        page = client.get(_edit_url(need), HTTP_HOST=HOST).content.decode()
        response = client.post(_edit_url(need), _form_post(page, occupation="none", other_ssyk_code="9999",
                                                           description="Helt ny text om vad vi behöver",
                                                           headcount="7"), HTTP_HOST=HOST)
        assert response.status_code == 200
        body = response.content.decode()
        field = re.search(r'<div class="field field--error">\s*<label for="id_other_ssyk_code".*?</div>\s*</div>',
                          body, re.S)
        assert field
        assert "Välj ett yrke i listan." in field.group(0)
        # A tampered suggestion with a code that does not exist: the model's message, at the radios.
        tampered = _form_post(page, occupation="9998", suggestions='{"occupations": [["9998", "Påhittat", ""]], '
                                                                   '"skills": []}', skills=[])
        body = client.post(_edit_url(need), tampered, HTTP_HOST=HOST).content.decode()
        group = re.search(r'<fieldset class="field field--group field--error">\s*<legend>Vilket yrke.*?</fieldset>',
                          body, re.S)
        assert group
        assert "9998" in group.group(0)
        assert "SSYK" in group.group(0)
        need.refresh_from_db()
        assert need.ssyk_code == "5223"
        assert need.headcount == 1
        assert need.description == "Vi behöver någon som kan sätta upp vår webbutik."

    def test_suggesting_again_follows_the_changed_text_and_keeps_the_other_answers(self, client, w, fake_suggester):
        need = make_need(w.company, actor=w.member, skills=[{"id": "kassa", "label": "Kassasystem"}], ssyk_code="2512")
        client.force_login(w.member)
        page = client.get(_edit_url(need), HTTP_HOST=HOST).content.decode()
        response = client.post(_edit_url(need), _form_post(page, action="suggest", description=TRUCK, headcount="4"),
                               HTTP_HOST=HOST)
        body = response.content.decode()
        assert re.findall(r'<input type="radio" name="occupation" value="(\w+)"', body) == ["8344", "4321", "none"]
        assert re.search(r'name="skills" value="kassa"[^>]*checked', body)  # ticked before: still ticked
        assert re.search(r'name="skills" value="truck_a"', body)
        assert 'name="headcount" value="4"' in body
        need.refresh_from_db()
        assert need.description != TRUCK
        assert need.headcount == 1


class WhoMayEditTests:
    @pytest.mark.parametrize(("who", "status"), [
        ("member", 200), ("editor", 403), ("moderator", 403), ("advisor", 403),
        ("almi_advisor", 404), ("resident", 404), ("other_member", 404)])
    def test_the_company_edits_the_office_and_consenting_advisors_are_refused_others_see_nothing(
        self, client, w, fake_suggester, who, status,
    ):
        give_consent(w.company, w.region, actor=w.member)
        need = make_need(w.company, actor=w.member)
        client.force_login(getattr(w, who))
        assert client.get(_edit_url(need), HTTP_HOST=HOST).status_code == status
        response = client.post(_edit_url(need), {"action": "save", "description": "Ändrat av någon annan",
                                                 "occupation": "none", "headcount": "9", "kind": "recruit",
                                                 "horizon": "now"}, HTTP_HOST=HOST)
        assert response.status_code == (302 if status == 200 else status)
        need.refresh_from_db()
        assert (need.headcount == 9) is (status == 200)
        detail = client.get(f"/foretag/{w.company.slug}/kompetens/{need.pk}/", HTTP_HOST=HOST).content.decode()
        assert ("Ändra behovet" in detail) is (status == 200)

    def test_a_need_of_another_company_is_not_found(self, client, w, fake_suggester):
        need = make_need(w.other_company, actor=w.other_member)
        client.force_login(w.member)
        url = f"/foretag/{w.company.slug}/kompetens/{need.pk}/andra/"
        assert client.get(url, HTTP_HOST=HOST).status_code == 404
