"""The need's page shows "Förslag" with a one-line reason each and, for those allowed, a plain form button
"Markera som matchning"; the matches show on the page; a consenting advisor reaches the page, others not."""
import re

import pytest

from competence.models import NeedMatch
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.competence import make_need, make_peer_offer
from tests.factories.competence_matching import give_consent, make_advisor, make_offer, make_provider
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.municipalities import make_staff
from tests.semantic import conftest as semantic_fixtures

hashing_backend = semantic_fixtures.hashing_backend
pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"
WEBSHOP = "Vi behöver någon som kan sätta upp vår webbutik och koppla den till kassasystemet"


@pytest.fixture
def world(overkalix, hashing_backend):
    member = make_user("agare@example.org")
    company = make_company(overkalix, owner=member, published=True, legal_name="Modebutiken i Överkalix AB")
    need = make_need(company, actor=member, description=WEBSHOP, ssyk_code="2512",
                     preferred_forms=["short_course", "peer"], constraints=["distance"])
    course = make_offer(make_provider(overkalix), ssyk_codes=["2512"])
    peer_owner = make_user("grannen@example.org")
    neighbour = make_company(overkalix, owner=peer_owner, org_number=ORG_NUMBERS[1], published=True,
                             legal_name="Tornedalens Hantverksbod AB")
    peer = make_peer_offer(neighbour, actor=peer_owner, kind="knowledge", title="Vi kopplade webbutiken till kassan")
    return need, member, course, peer


def _url(need, suffix=""):
    return f"/foretag/{need.company.slug}/kompetens/{need.pk}/{suffix}"


class NeedPageSuggestionTests:
    def test_the_member_sees_ranked_offers_and_peer_offers_with_reasons_and_mark_buttons(self, client, world):
        need, member, course, peer = world
        client.force_login(member)

        page = client.get(_url(need), HTTP_HOST=HOST).content.decode()

        assert '<h2 id="suggestions-heading">Förslag</h2>' in page
        assert page.index("E-handel för småföretag") < page.index("Vi kopplade webbutiken till kassan")
        assert "Lärcentrum Överkalix" in page
        assert "Tornedalens Hantverksbod AB" in page
        assert "samma yrke: 2512 Mjukvaru- och systemutvecklare m.fl.; kort kurs; distans" in page
        assert "hjälp från ett företag" in page
        assert len(re.findall(r'action="[^"]*/matcha/"', page)) == 2
        assert f'name="offer" value="{course.pk}"' in page
        assert f'name="peer_offer" value="{peer.pk}"' in page

    def test_marking_a_match_records_it_and_the_company_then_sees_matchat(self, client, world):
        need, member, course, _peer = world
        client.force_login(member)

        response = client.post(_url(need, "matcha/"), {"offer": course.pk}, HTTP_HOST=HOST)

        assert response.status_code == 302
        assert response["Location"] == _url(need)
        page = client.get(_url(need), HTTP_HOST=HOST).content.decode()
        assert "<dd>Matchat</dd>" in page
        matches = page[page.index('id="matches-heading"'):page.index('id="suggestions-heading"')]
        assert "E-handel för småföretag" in matches
        assert "samma yrke: 2512" in matches
        # The matched offer is no longer proposed.
        assert f'name="offer" value="{course.pk}"' not in page

    def test_a_consenting_advisor_sees_the_need_marks_a_match_but_cannot_change_the_status(self, client, world):
        need, _member, course, _peer = world
        advisor, owner = make_advisor(need.municipality)
        give_consent(need.company, owner)
        client.force_login(advisor)

        page = client.get(_url(need), HTTP_HOST=HOST).content.decode()
        assert "Markera som matchning" in page
        assert "Spara status" not in page
        assert client.post(_url(need), {"status": "dropped"}, HTTP_HOST=HOST).status_code == 403

        client.post(_url(need, "matcha/"), {"offer": course.pk}, HTTP_HOST=HOST)
        match = NeedMatch.objects.get(need=need)
        assert match.owner == owner
        assert match.marked_by == advisor
        assert "av Region Norrbotten" in client.get(_url(need), HTTP_HOST=HOST).content.decode()

    def test_an_advisor_without_consent_gets_404_on_the_page_and_the_mark_post(self, client, world):
        need, _member, course, _peer = world
        advisor, _owner = make_advisor(need.municipality)
        client.force_login(advisor)

        assert client.get(_url(need), HTTP_HOST=HOST).status_code == 404
        assert client.post(_url(need, "matcha/"), {"offer": course.pk}, HTTP_HOST=HOST).status_code == 404
        assert not NeedMatch.objects.exists()

    def test_the_moderator_sees_suggestions_without_buttons_and_gets_403_on_the_post(self, client, world):
        need, _member, course, _peer = world
        moderator = make_staff(need.municipality, Role.MODERATOR)
        client.force_login(moderator)

        page = client.get(_url(need), HTTP_HOST=HOST).content.decode()
        assert "Förslag" in page
        assert "Markera som matchning" not in page
        assert client.post(_url(need, "matcha/"), {"offer": course.pk}, HTTP_HOST=HOST).status_code == 403
        assert not NeedMatch.objects.exists()

    def test_a_post_naming_no_candidate_saves_nothing_and_says_so(self, client, world, arvidsjaur):
        need, member, _course, _peer = world
        foreign = make_offer(make_provider(arvidsjaur, name="Komvux Arvidsjaur"), title="Bara Arvidsjaur")
        client.force_login(member)

        response = client.post(_url(need, "matcha/"), {"offer": foreign.pk}, HTTP_HOST=HOST, follow=True)

        assert "Erbjudandet kan inte matchas med det här behovet." in response.content.decode()
        assert not NeedMatch.objects.exists()
        assert client.post(_url(need, "matcha/"), {"offer": "x"}, HTTP_HOST=HOST).status_code == 302

    def test_an_advisor_tags_the_match_with_the_owners_own_area_and_project_from_the_page(self, client, world):
        from datetime import date

        from competence.models import EffortArea, FollowupProject

        need, _member, course, _peer = world
        advisor, owner = make_advisor(need.municipality)
        give_consent(need.company, owner)
        area = EffortArea.objects.create(owner=owner, name="Kompetensförsörjning")
        project = FollowupProject.objects.create(owner=owner, name="Digitalt lyft", starts_on=date(2026, 1, 1),
                                                 ends_on=date(2027, 12, 31))
        _other_user, other = make_advisor(need.municipality, email="almi@example.org", owner_name="Almi Nord")
        foreign = EffortArea.objects.create(owner=other, name="Almis område")
        client.force_login(advisor)

        page = client.get(_url(need), HTTP_HOST=HOST).content.decode()
        assert "Kompetensförsörjning" in page
        assert "Digitalt lyft" in page
        assert "Almis område" not in page
        client.post(_url(need, "matcha/"), {"offer": course.pk, "effort_area": foreign.pk, "project": project.pk},
                    HTTP_HOST=HOST)
        match = NeedMatch.objects.get(need=need)
        assert (match.effort_area, match.project) == (None, project)  # another owner's area is not offered
        match.delete()
        client.post(_url(need, "matcha/"), {"offer": course.pk, "effort_area": area.pk}, HTTP_HOST=HOST)
        assert NeedMatch.objects.get(need=need).effort_area == area
