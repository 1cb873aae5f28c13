"""An owner's members define its areas of effort and projects in plain forms; errors in Swedish by the field;
another owner's areas and projects answer 404."""
import pytest

from competence.models import EffortArea, FollowupProject
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.competence_followup import make_owner, with_totp
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
LANDING = "localhost"


@pytest.fixture
def owners(arvidsjaur, asele):
    member = with_totp(make_user("region.norrbotten@example.org"))
    region = make_owner("Region Norrbotten", [arvidsjaur], [member])
    other = make_owner("Region Västerbotten", [asele])
    foreign_area = EffortArea.objects.create(owner=other, name="Västerbottens område")
    return member, region, other, foreign_area


class TagTests:
    def test_a_member_adds_and_renames_an_area_and_uses_it_as_a_filter(self, client, owners):
        member, region, _other, _foreign = owners
        client.force_login(member)
        response = client.post("/uppfoljning/insatsomraden/", {"name": "Digitalisering", "description": "RUS 2.3"},
                               HTTP_HOST=LANDING)
        assert response.status_code == 302
        area = EffortArea.objects.get(owner=region)
        response = client.post(f"/uppfoljning/insatsomraden/{area.pk}/", {"name": "Digital omställning"},
                               HTTP_HOST=LANDING)
        assert response.status_code == 302
        area.refresh_from_db()
        assert area.name == "Digital omställning"
        page = client.get("/uppfoljning/", HTTP_HOST=LANDING).content.decode()
        assert f'<option value="{area.pk}">Digital omställning</option>' in page

    def test_a_duplicate_name_is_refused_in_swedish_and_nothing_is_saved(self, client, owners):
        member, region, _other, _foreign = owners
        EffortArea.objects.create(owner=region, name="Digitalisering")
        client.force_login(member)
        response = client.post("/uppfoljning/insatsomraden/", {"name": "digitalisering"}, HTTP_HOST=LANDING)
        assert response.status_code == 400
        assert "Organisationen har redan ett med det namnet." in response.content.decode()
        assert EffortArea.objects.filter(owner=region).count() == 1

    def test_a_project_ending_before_it_starts_is_refused_by_the_field(self, client, owners):
        member, region, _other, _foreign = owners
        client.force_login(member)
        response = client.post("/uppfoljning/projekt/", {"name": "Kompetenslyftet", "funder": "ERUF",
                                                         "starts_on": "2026-06-01", "ends_on": "2026-01-01"},
                               HTTP_HOST=LANDING)
        assert response.status_code == 400
        assert "Projektet kan inte sluta innan det startar." in response.content.decode()
        assert not FollowupProject.objects.exists()
        response = client.post("/uppfoljning/projekt/", {"name": "Kompetenslyftet", "funder": "ERUF",
                                                         "starts_on": "2026-01-01", "ends_on": "2027-12-31",
                                                         "budget_sek": "2500000"}, HTTP_HOST=LANDING)
        assert response.status_code == 302
        project = FollowupProject.objects.get()
        assert project.owner == region
        assert project.budget_sek == 2_500_000
        assert client.get(f"/uppfoljning/projekt/{project.pk}/", HTTP_HOST=LANDING).status_code == 200

    def test_another_owners_area_and_an_area_of_another_owner_as_choice_are_out_of_reach(self, client, owners):
        member, region, _other, foreign = owners
        client.force_login(member)
        assert client.get(f"/uppfoljning/insatsomraden/{foreign.pk}/", HTTP_HOST=LANDING).status_code == 404
        assert client.post(f"/uppfoljning/insatsomraden/{foreign.pk}/", {"name": "Kapat"},
                           HTTP_HOST=LANDING).status_code == 404
        foreign.refresh_from_db()
        assert foreign.name == "Västerbottens område"
        response = client.post("/uppfoljning/projekt/", {"name": "P", "starts_on": "2026-01-01",
                                                         "ends_on": "2026-02-01", "effort_area": foreign.pk},
                               HTTP_HOST=LANDING)
        assert response.status_code == 400
        assert not FollowupProject.objects.exists()
        assert "Välj bland organisationens egna insatsområden." in response.content.decode()
        page = client.get(f"/uppfoljning/?omrade={foreign.pk}", HTTP_HOST=LANDING).content.decode()
        assert "Västerbottens område" not in page

    def test_staff_without_an_owner_follow_up_but_have_no_tags_to_manage(self, client, owners, arvidsjaur):
        client.force_login(make_staff(arvidsjaur, Role.EDITOR, email="redaktor@example.org"))
        assert client.get("/uppfoljning/", HTTP_HOST=LANDING).status_code == 200
        assert client.get("/uppfoljning/insatsomraden/", HTTP_HOST=LANDING).status_code == 404


def test_the_menu_links_to_the_follow_up_for_owners_and_not_for_residents(client, owners):
    member = owners[0]
    client.force_login(member)
    assert 'href="/uppfoljning/">Uppföljning</a>' in client.get("/uppfoljning/", HTTP_HOST=LANDING).content.decode()
    client.force_login(make_user("invanare@example.org"))
    page = client.get("/konto/integritet/", HTTP_HOST=LANDING).content.decode()
    assert "Mitt konto" in page
    assert "/uppfoljning/" not in page
