"""Needs conversation pages: an advisor records a conversation in a plain form with repeated need rows;
the company sees it and the needs found ("Från behovsanalyssamtal <datum>") and handles them like its
own; the record is visible to the company, the office and the recording organisation only (everyone else
404); an advisor's own overview lists follow-ups due first."""
import re
from datetime import date

import pytest

from competence.models import CompetenceNeed, EffortArea, NeedsConversation
from tests.factories.competence_conversations import conversation_world, make_conversation

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"


@pytest.fixture
def w(overkalix, arvidsjaur):
    return conversation_world(overkalix, arvidsjaur)


def _base(company):
    return f"/foretag/{company.slug}/kompetens/samtal/"


def _post(**overrides):
    data = {
        "held_on": "2026-11-12", "participants": "Anna Nilsson, vd", "summary": "Vill sälja på nätet",
        "next_step": "Tips om kurs", "follow_up_on": "2027-01-15",
        "needs-TOTAL_FORMS": "3", "needs-INITIAL_FORMS": "0", "needs-MIN_NUM_FORMS": "0", "needs-MAX_NUM_FORMS": "10",
        "needs-0-description": "Vi behöver någon som kan sätta upp vår webbutik", "needs-0-kind": "upskill",
        "needs-0-horizon": "6m",
        "needs-1-description": "En lagerarbetare med truckkort", "needs-1-kind": "recruit", "needs-1-horizon": "now",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class RecordPageTests:
    def test_an_advisor_records_and_the_company_sees_the_conversation_and_its_needs(self, client, w):
        client.force_login(w.advisor)
        form = client.get(_base(w.company) + "nytt/", HTTP_HOST=HOST).content.decode()
        assert 'name="needs-2-description"' in form
        assert 'name="no_needs"' in form
        assert 'name="owner"' not in form  # one organisation: nothing to choose
        response = client.post(_base(w.company) + "nytt/", _post(), HTTP_HOST=HOST)
        conversation = NeedsConversation.objects.get()
        assert response["Location"] == f"{_base(w.company)}{conversation.pk}/"
        assert conversation.owner == w.region
        assert conversation.needs.count() == 2

        client.force_login(w.member)
        needs_page = client.get(f"/foretag/{w.company.slug}/kompetens/", HTTP_HOST=HOST).content.decode()
        assert needs_page.count("Från behovsanalyssamtal 2026-11-12") == 2
        detail = client.get(f"{_base(w.company)}{conversation.pk}/", HTTP_HOST=HOST).content.decode()
        assert "Anna Nilsson, vd" in detail
        assert "Tips om kurs" in detail
        assert "Region Norrbotten" in detail
        assert "Rätta samtalet" not in detail  # the company reads the record
        # The company handles a need found like its own: it moves it on.
        need = CompetenceNeed.objects.get(description__startswith="En lagerarbetare")
        need_url = f"/foretag/{w.company.slug}/kompetens/{need.pk}/"
        assert "Från behovsanalyssamtal 2026-11-12" in client.get(need_url, HTTP_HOST=HOST).content.decode()
        assert client.post(need_url, {"status": "in_progress", "note": "Vi annonserar"},
                           HTTP_HOST=HOST).status_code == 302
        need.refresh_from_db()
        assert need.status == "in_progress"

    def test_an_invalid_second_need_saves_nothing_and_the_error_is_next_to_the_field(self, client, w):
        client.force_login(w.advisor)
        response = client.post(_base(w.company) + "nytt/", _post(**{"needs-1-horizon": None}), HTTP_HOST=HOST)
        assert response.status_code == 400
        page = response.content.decode()
        fieldset = page.split("Behov 2</legend>")[1].split("Behov 3</legend>")[0]
        assert "Välj när behovet finns." in fieldset
        assert 'value="En lagerarbetare med truckkort"' not in page  # a textarea keeps it as text
        assert "En lagerarbetare med truckkort" in fieldset
        assert not NeedsConversation.objects.exists()
        assert not CompetenceNeed.objects.exists()

    def test_no_needs_needs_saying_so(self, client, w):
        client.force_login(w.advisor)
        empty = _post(**{f"needs-{i}-{f}": None for i in (0, 1) for f in ("description", "kind", "horizon")})
        response = client.post(_base(w.company) + "nytt/", empty, HTTP_HOST=HOST)
        assert response.status_code == 400
        assert "Skriv minst ett behov som kom fram" in response.content.decode()
        response = client.post(_base(w.company) + "nytt/", {**empty, "no_needs": "on"}, HTTP_HOST=HOST)
        assert response.status_code == 302
        assert not NeedsConversation.objects.get().needs.exists()

    def test_an_advisor_of_several_owners_chooses_and_tags_with_that_owners_area(self, client, w):
        w.almi.members.add(w.advisor)
        area = EffortArea.objects.create(owner=w.region, name="Kompetensförsörjning")
        client.force_login(w.advisor)
        form = client.get(_base(w.company) + "nytt/", HTTP_HOST=HOST).content.decode()
        assert re.search(r'<select name="owner"', form)
        assert "Region Norrbotten: Kompetensförsörjning" in form
        response = client.post(_base(w.company) + "nytt/", _post(), HTTP_HOST=HOST)
        assert "Välj vilken organisation ni höll samtalet för." in response.content.decode()
        response = client.post(_base(w.company) + "nytt/", _post(owner=w.almi.pk, effort_area=area.pk),
                               HTTP_HOST=HOST)
        assert "Välj bland organisationens egna insatsområden och projekt." in response.content.decode()
        response = client.post(_base(w.company) + "nytt/", _post(owner=w.region.pk, effort_area=area.pk),
                               HTTP_HOST=HOST)
        assert response.status_code == 302
        assert NeedsConversation.objects.get().effort_area == area

    @pytest.mark.parametrize(("who", "status"), [("member", 403), ("moderator", 403), ("iuc_advisor", 404),
                                            ("resident", 404), ("other_member", 404)])
    def test_who_cannot_record(self, client, w, who, status):
        client.force_login(getattr(w, who))
        assert client.get(_base(w.company) + "nytt/", HTTP_HOST=HOST).status_code == status
        assert client.post(_base(w.company) + "nytt/", _post(), HTTP_HOST=HOST).status_code == status
        assert not NeedsConversation.objects.exists()

    def test_the_editor_records_for_the_office(self, client, w):
        client.force_login(w.editor)
        assert client.post(_base(w.company) + "nytt/", _post(), HTTP_HOST=HOST).status_code == 302
        assert NeedsConversation.objects.get().owner is None

    def test_an_editor_who_is_also_an_advisor_chooses_the_office_or_the_organisation(self, client, w):
        w.region.members.add(w.editor)
        client.force_login(w.editor)
        form = client.get(_base(w.company) + "nytt/", HTTP_HOST=HOST).content.decode()
        assert "Kommunens näringslivskontor" in form
        assert "Region Norrbotten" in form
        assert client.post(_base(w.company) + "nytt/", _post(owner="office"), HTTP_HOST=HOST).status_code == 302
        assert client.post(_base(w.company) + "nytt/", _post(owner=w.region.pk), HTTP_HOST=HOST).status_code == 302
        assert sorted(str(c.owner) for c in NeedsConversation.objects.all()) == ["None", "Region Norrbotten"]


class VisibilityTests:
    @pytest.mark.parametrize(("who", "status"), [
        ("member", 200), ("editor", 200), ("moderator", 200), ("advisor", 200),
        ("almi_advisor", 404), ("iuc_advisor", 404), ("resident", 404), ("other_member", 404)])
    def test_the_record_is_the_company_the_office_and_the_recording_owners(self, client, w, who, status):
        conversation = make_conversation(w.company, actor=w.advisor, summary="Hemlig sammanfattning")
        client.force_login(getattr(w, who))
        response = client.get(f"{_base(w.company)}{conversation.pk}/", HTTP_HOST=HOST)
        assert response.status_code == status
        assert ("Hemlig sammanfattning" in response.content.decode()) == (status == 200)

    def test_the_recording_advisor_sees_the_needs_found_but_not_the_need_pages_without_consent(self, client, w):
        conversation = make_conversation(w.company, actor=w.advisor)
        need = conversation.needs.get()
        client.force_login(w.advisor)
        detail = client.get(f"{_base(w.company)}{conversation.pk}/", HTTP_HOST=HOST).content.decode()
        assert need.description in detail
        assert f"/kompetens/{need.pk}/" not in detail
        assert client.get(f"/foretag/{w.company.slug}/kompetens/{need.pk}/", HTTP_HOST=HOST).status_code == 404

    def test_an_advisor_lists_only_its_own_organisations_conversations(self, client, w):
        make_conversation(w.company, actor=w.advisor, participants="Regionens samtal")
        make_conversation(w.company, actor=w.almi_advisor, participants="Almis samtal")
        client.force_login(w.almi_advisor)
        page = client.get(_base(w.company), HTTP_HOST=HOST).content.decode()
        assert "Almis samtal" in page
        assert "Regionens samtal" not in page
        client.force_login(w.member)
        page = client.get(_base(w.company), HTTP_HOST=HOST).content.decode()
        assert "Almis samtal" in page
        assert "Regionens samtal" in page
        client.force_login(w.resident)
        assert client.get(_base(w.company), HTTP_HOST=HOST).status_code == 404

    def test_the_advisor_and_the_editor_correct_the_record_the_company_may_not(self, client, w):
        conversation = make_conversation(w.company, actor=w.advisor)
        url = f"{_base(w.company)}{conversation.pk}/"
        edit = {"held_on": "2026-11-12", "participants": "Anna Nilsson, vd", "next_step": "Ring i januari"}
        client.force_login(w.member)
        assert client.post(url, edit, HTTP_HOST=HOST).status_code == 403
        client.force_login(w.moderator)
        assert client.post(url, edit, HTTP_HOST=HOST).status_code == 403
        client.force_login(w.advisor)
        assert "Rätta samtalet" in client.get(url, HTTP_HOST=HOST).content.decode()
        assert client.post(url, edit, HTTP_HOST=HOST).status_code == 302
        conversation.refresh_from_db()
        assert conversation.next_step == "Ring i januari"
        response = client.post(url, {**edit, "follow_up_on": "2020-01-01"}, HTTP_HOST=HOST)
        assert "Uppföljningen kan inte ligga före samtalet." in response.content.decode()

    def test_another_municipalitys_host_does_not_find_the_company(self, client, w):
        conversation = make_conversation(w.company, actor=w.advisor)
        client.force_login(w.advisor)
        assert client.get(f"{_base(w.company)}{conversation.pk}/", HTTP_HOST="arvidsjaur.localhost").status_code == 404


class AdvisorOverviewTests:
    def test_follow_ups_due_first_and_only_the_advisors_organisations(self, client, w):
        make_conversation(w.company, actor=w.advisor, participants="Senare", follow_up_on=date(2027, 3, 1))
        make_conversation(w.other_company, actor=w.advisor, participants="Tidigast", follow_up_on=date(2026, 12, 1))
        make_conversation(w.company, actor=w.advisor, participants="Ingen uppföljning")
        make_conversation(w.company, actor=w.almi_advisor, participants="Almis", next_step="Almis steg",
                          follow_up_on=date(2026, 11, 20))
        client.force_login(w.advisor)
        page = client.get("/kompetens/samtal/", HTTP_HOST=HOST).content.decode()
        assert "Almis steg" not in page
        rows = re.findall(r"<tr><td>([\d-]+|–)", page)
        assert rows == ["2026-12-01", "2027-03-01", "–"]
        table = page.split("<table>")[1]
        assert table.index("Överkalix Taxi AB") < table.index("Handlar")
        client.force_login(w.editor)
        assert "Almis steg" in client.get("/kompetens/samtal/", HTTP_HOST=HOST).content.decode()

    def test_the_advisor_picks_a_company_and_lands_on_its_record_form(self, client, w):
        client.force_login(w.advisor)
        page = client.get("/kompetens/samtal/", HTTP_HOST=HOST).content.decode()
        assert f'<option value="{w.other_company.slug}">' in page
        response = client.get(f"/kompetens/samtal/?foretag={w.other_company.slug}", HTTP_HOST=HOST)
        assert response["Location"] == f"/foretag/{w.other_company.slug}/kompetens/samtal/nytt/"
        assert client.get("/kompetens/samtal/?foretag=finns-inte", HTTP_HOST=HOST).status_code == 200

    @pytest.mark.parametrize("who", ["resident", "member", "iuc_advisor"])
    def test_others_get_404(self, client, w, who):
        client.force_login(getattr(w, who))
        assert client.get("/kompetens/samtal/", HTTP_HOST=HOST).status_code == 404

    def test_not_on_the_platform_host(self, client, w):
        client.force_login(w.advisor)
        assert client.get("/kompetens/samtal/", HTTP_HOST="localhost").status_code == 404
