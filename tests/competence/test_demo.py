"""seed_demo registers the pilot companies' competence needs and peer offers through the services, once."""
import pytest
from django.core.management import call_command

from competence import matching, services
from competence.models import CompanyPeerOffer, CompetenceNeed, CompetenceNeedStatusChange, LearningOffer
from directory.models import Company
from tests.semantic import conftest as semantic_fixtures

hashing_backend = semantic_fixtures.hashing_backend
WEBSHOP = "Vi behöver någon som kan sätta upp vår webbutik och koppla den till kassasystemet"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class CompetenceDemoTests:
    def test_seed_registers_needs_and_peer_offers_once_with_their_history(self):
        call_command("seed_demo", verbosity=0)
        counts = (CompetenceNeed.objects.count(), CompanyPeerOffer.objects.count(),
                  CompetenceNeedStatusChange.objects.count())
        call_command("seed_demo", verbosity=0)
        assert (CompetenceNeed.objects.count(), CompanyPeerOffer.objects.count(),
                CompetenceNeedStatusChange.objects.count()) == counts
        assert counts[0] >= 15
        assert set(CompetenceNeed.objects.values_list("municipality__slug", flat=True)) == {
            "arvidsjaur", "asele", "overkalix"}
        # Every need starts its history with the registration: by the company's own member, or by the advisor
        # who found it in a needs conversation.
        for need in CompetenceNeed.objects.select_related("conversation__owner"):
            first = need.status_changes.order_by("created_at", "pk").first()
            assert (first.from_status, first.to_status) == ("", "registered")
            if need.source == "conversation":
                assert need.conversation.owner.members.filter(pk=first.actor_id).exists()
            else:
                assert need.company.members.filter(user=first.actor).exists()
        webshop = CompanyPeerOffer.objects.get(title="Så kopplade vi webbshoppen till kassasystemet")
        assert webshop.company.legal_name == "Svartbyn Mode & Webbshop"
        assert webshop.ssyk_codes == ["2512"]
        assert {s["label"] for s in webshop.skills} >= {"E-handel, erfarenhet"}

    def test_the_web_shop_need_of_the_story_is_proposed_the_learning_centres_course_and_a_peer(self, hashing_backend):
        call_command("seed_demo", verbosity=0)
        shop = Company.objects.get(legal_name="Handlar'n i Lansjärv AB")
        member = shop.members.get(user__email="foretag1.overkalix@example.org").user
        need = services.need_register(actor=member, company=shop, description=WEBSHOP, kind="upskill", horizon="now",
                                      ssyk_code="2512", preferred_forms=["short_course", "peer"])

        top = matching.suggest_for_need(need)[:2]

        assert {type(s.item) for s in top} == {LearningOffer, CompanyPeerOffer}
        course = next(s for s in top if isinstance(s.item, LearningOffer))
        peer = next(s for s in top if isinstance(s.item, CompanyPeerOffer))
        assert course.item.provider.name == "Lärcentrum Överkalix"
        assert "E-handel" in course.item.title
        assert peer.item.company.legal_name == "Svartbyn Mode & Webbshop"
        assert all(s.reason.startswith("samma yrke: 2512") for s in top)
