"""need_match_create: who may mark a match, what it records, and the need's move to "matched"."""
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from competence import services
from competence.models import EffortArea, FollowupProject, NeedMatch, NeedStatus
from municipalities.models import Role
from tests.factories.accounts import make_superuser, make_user
from tests.factories.competence import make_need, make_peer_offer
from tests.factories.competence_matching import give_consent, make_advisor, make_offer, make_provider
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.municipalities import make_staff
from tests.semantic import conftest as semantic_fixtures

hashing_backend = semantic_fixtures.hashing_backend
pytestmark = pytest.mark.django_db
WEBSHOP = "Vi behöver någon som kan sätta upp vår webbutik och koppla den till kassasystemet"


@pytest.fixture
def world(overkalix, hashing_backend):
    member = make_user("agare@example.org")
    company = make_company(overkalix, owner=member, published=True, legal_name="Modebutiken i Överkalix AB")
    need = make_need(company, actor=member, description=WEBSHOP, ssyk_code="2512",
                     preferred_forms=["short_course"], constraints=["distance"])
    offer = make_offer(make_provider(overkalix), ssyk_codes=["2512"])
    return need, member, offer


class MarkMatchTests:
    def test_the_companys_member_marks_a_match_the_need_is_matched_with_a_dated_history_row(self, world):
        need, member, offer = world

        match = services.need_match_create(actor=member, need=need, offer=offer)

        need.refresh_from_db()
        assert need.status == NeedStatus.MATCHED
        assert match.reason.startswith("samma yrke: 2512 Mjukvaru- och systemutvecklare m.fl.; kort kurs; distans")
        assert 0 < match.score <= 1
        assert match.marked_by == member
        assert match.owner is None
        last = need.status_changes.order_by("-created_at", "-pk").first()
        assert (last.from_status, last.to_status, last.actor) == ("registered", "matched", member)
        assert "E-handel för småföretag" in last.note
        assert last.created_at.date() == date.today()

    def test_a_consenting_advisor_marks_a_match_for_the_owner_with_the_owners_own_tags(self, world):
        need, _member, offer = world
        advisor, owner = make_advisor(need.municipality)
        give_consent(need.company, owner)
        area = EffortArea.objects.create(owner=owner, name="Kompetensförsörjning")
        project = FollowupProject.objects.create(owner=owner, name="Digitalt lyft", starts_on=date(2026, 1, 1),
                                                 ends_on=date(2027, 12, 31))

        match = services.need_match_create(actor=advisor, need=need, offer=offer, effort_area=area, project=project)

        assert (match.owner, match.effort_area, match.project) == (owner, area, project)
        need.refresh_from_db()
        assert need.status == NeedStatus.MATCHED
        assert need.status_changes.filter(to_status="matched", actor=advisor).exists()

    def test_an_advisor_cannot_tag_with_another_owners_area(self, world):
        need, _member, offer = world
        advisor, owner = make_advisor(need.municipality)
        give_consent(need.company, owner)
        _other_user, other = make_advisor(need.municipality, email="almi@example.org", owner_name="Almi Nord")
        foreign = EffortArea.objects.create(owner=other, name="Almis område")

        with pytest.raises(ValidationError):
            services.need_match_create(actor=advisor, need=need, offer=offer, effort_area=foreign)
        assert not NeedMatch.objects.exists()
        need.refresh_from_db()
        assert need.status == NeedStatus.REGISTERED

    def test_the_office_editor_and_the_platform_administrator_may_mark_a_match(self, world):
        need, _member, offer = world
        editor = make_staff(need.municipality, Role.EDITOR)
        services.need_match_create(actor=editor, need=need, offer=offer)
        peer_owner = make_user("grannen@example.org")
        neighbour = make_company(need.municipality, owner=peer_owner, org_number=ORG_NUMBERS[1], published=True,
                                 legal_name="Hantverksbod AB")
        peer = make_peer_offer(neighbour, actor=peer_owner, kind="knowledge", title="Vi kopplade webbutiken")

        match = services.need_match_create(actor=make_superuser(), need=need, peer_offer=peer)

        assert match.peer_offer == peer
        assert NeedMatch.objects.filter(need=need).count() == 2
        assert need.status_changes.filter(to_status="matched").count() == 1  # only the first match moves it

    @pytest.mark.parametrize("who", ["advisor_without_consent", "moderator", "withdrawn_consent", "stranger"])
    def test_others_may_not_mark_a_match(self, world, who):
        need, _member, offer = world
        if who == "moderator":
            actor = make_staff(need.municipality, Role.MODERATOR)
        elif who == "stranger":
            actor = make_user("okand@example.org")
        else:
            actor, owner = make_advisor(need.municipality)
            if who == "withdrawn_consent":
                from django.utils import timezone

                consent = give_consent(need.company, owner)
                consent.withdrawn_at = timezone.now()
                consent.save()

        with pytest.raises(PermissionDenied):
            services.need_match_create(actor=actor, need=need, offer=offer)
        assert not NeedMatch.objects.exists()

    def test_an_offer_that_is_no_candidate_and_a_second_match_with_the_same_offer_are_refused(
            self, world, arvidsjaur):
        need, member, offer = world
        elsewhere = make_offer(make_provider(arvidsjaur, name="Komvux Arvidsjaur"), title="Bara Arvidsjaur")
        with pytest.raises(ValidationError):
            services.need_match_create(actor=member, need=need, offer=elsewhere)
        own = make_peer_offer(need.company, actor=member, title="Vårt eget")
        with pytest.raises(ValidationError):
            services.need_match_create(actor=member, need=need, peer_offer=own)
        services.need_match_create(actor=member, need=need, offer=offer)
        with pytest.raises(ValidationError):
            services.need_match_create(actor=member, need=need, offer=offer)
        assert NeedMatch.objects.count() == 1
