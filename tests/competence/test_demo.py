"""seed_demo registers the pilot companies' competence needs and peer offers through the services, once."""
import pytest
from django.core.management import call_command

from competence.models import CompanyPeerOffer, CompetenceNeed, CompetenceNeedStatusChange

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class CompetenceDemoTests:
    def test_seed_registers_needs_and_peer_offers_once_with_their_history(self):
        call_command("seed_demo", verbosity=0)
        counts = (CompetenceNeed.objects.count(), CompanyPeerOffer.objects.count(),
                  CompetenceNeedStatusChange.objects.count())
        call_command("seed_demo", verbosity=0)
        assert (CompetenceNeed.objects.count(), CompanyPeerOffer.objects.count(),
                CompetenceNeedStatusChange.objects.count()) == counts
        assert counts[0] >= 15 and set(CompetenceNeed.objects.values_list("municipality__slug", flat=True)) == {
            "arvidsjaur", "asele", "overkalix"}
        # Every need starts its history with the registration, by the company's own member.
        for need in CompetenceNeed.objects.all():
            first = need.status_changes.order_by("created_at", "pk").first()
            assert (first.from_status, first.to_status) == ("", "registered")
            assert need.company.members.filter(user=first.actor).exists()
        webshop = CompanyPeerOffer.objects.get(title="Så kopplade vi webbshoppen till kassasystemet")
        assert webshop.company.legal_name == "Svartbyn Mode & Webbshop"
        assert webshop.ssyk_codes == ["2512"] and {s["label"] for s in webshop.skills} >= {"E-handel, erfarenhet"}
