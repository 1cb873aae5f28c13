"""The demo has Region Norrbotten's conversation with Handlar'n i Lansjärv, the shop's consent, and the
region's area of effort and project, and seeding twice makes nothing twice. A user's data export holds
the consents they gave or withdrew and the conversations they recorded."""
import json
from datetime import date

import pytest
from django.core.management import call_command

from competence.consent_services import consent_withdraw
from competence.models import CompetenceNeed, EffortArea, FollowupProject, NeedsConversation, SharingConsent
from competence.permissions import can_view_competence_needs, can_view_conversation
from directory.models import Company
from municipalities.models import PlatformOwner
from tests.factories.competence_conversations import conversation_world, give_consent, make_conversation

pytestmark = pytest.mark.django_db


def test_the_demo_conversation_consent_area_and_project_once_however_often_seeded():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    region = PlatformOwner.objects.get(name="Region Norrbotten")
    assert sorted(region.municipalities.values_list("slug", flat=True)) == ["arvidsjaur", "overkalix"]
    shop = Company.objects.get(slug="handlarn-i-lansjarv-ab")
    conversation = NeedsConversation.objects.get()
    assert conversation.company == shop
    assert conversation.owner == region
    assert conversation.effort_area.name == "Kompetensförsörjning"
    project = FollowupProject.objects.get()
    assert (project.name, project.funder, project.starts_on, project.ends_on) == (
        "Kompetenslyft Norrbotten", "Europeiska socialfonden+", date(2026, 1, 1), date(2027, 12, 31))
    assert conversation.project == project
    assert EffortArea.objects.count() == 1
    assert CompetenceNeed.objects.filter(conversation=conversation, source="conversation").count() == 2
    consent = SharingConsent.objects.get()
    assert consent.company == shop
    assert consent.owner == region
    assert consent.active
    advisor = region.members.get(email="region.norrbotten@example.org")
    assert can_view_conversation(advisor, conversation)
    assert can_view_competence_needs(advisor, shop)
    assert shop.members.filter(user__email="foretag1.overkalix@example.org").exists()


def test_the_export_holds_consents_given_or_withdrawn_and_conversations_recorded(client, overkalix, arvidsjaur):
    w = conversation_world(overkalix, arvidsjaur)
    consent = give_consent(w.company, w.region, actor=w.member)
    consent_withdraw(actor=w.member, consent=consent)
    make_conversation(w.company, actor=w.advisor, summary="Vill sälja på nätet", follow_up_on=date(2027, 1, 15))
    client.force_login(w.member)
    data = json.loads(client.get("/konto/integritet/mina-uppgifter.json", HTTP_HOST="overkalix.localhost").content)
    consents = data["competence"]["sharing_consents"]
    assert len(consents) == 1
    assert consents[0]["owner"] == "Region Norrbotten"
    assert consents[0]["given"]
    assert consents[0]["withdrawn"]
    assert data["competence"]["conversations_recorded"] == []
    client.force_login(w.advisor)
    data = json.loads(client.get("/konto/integritet/mina-uppgifter.json", HTTP_HOST="overkalix.localhost").content)
    recorded = data["competence"]["conversations_recorded"]
    assert recorded == [{"company": "Handlar'n i Lansjärv AB", "organisation": "Region Norrbotten",
                         "held_on": "2026-11-12", "participants": "Anna Nilsson, vd; Per Berg, rådgivare",
                         "summary": "Vill sälja på nätet", "next_step": "", "follow_up_on": "2027-01-15"}]
    assert data["competence"]["sharing_consents"] == []
    assert len(data["competence"]["needs_registered"]) == 1  # the need found, registered by the advisor


def test_the_export_holds_maturity_rounds_peer_offers_and_provider_work(client, overkalix):
    from competence import services
    from competence.models import ProviderMember
    from municipalities.models import Role
    from tests.factories.accounts import make_user
    from tests.factories.competence_maturity import assess
    from tests.factories.competence_providers import make_learning_offer, make_provider
    from tests.factories.directory import make_company
    from tests.factories.municipalities import make_staff

    member = make_user("agare@example.org")
    company = make_company(overkalix, owner=member, published=True)
    assess(company, actor=member, level=3)
    services.peer_offer_create(actor=member, company=company, kind="mentoring", title="Mentor för nya butiker",
                               description="Vi delar med oss av hur man startar en butik.")
    provider = make_provider(overkalix, actor=make_staff(overkalix, Role.EDITOR), name="Lärcentrum Överkalix",
                             owner=member)
    make_learning_offer(provider, actor=member, title="E-handel för småföretag")
    client.force_login(member)
    data = json.loads(client.get("/konto/integritet/mina-uppgifter.json", HTTP_HOST="overkalix.localhost").content)
    mine = data["competence"]
    assert [a["round"] for a in mine["maturity_assessments"]] == ["T0"]
    assert set(mine["maturity_assessments"][0]["scores"]) == {"strategy", "readiness", "human", "data",
                                                               "automation", "green"}
    assert [o["title"] for o in mine["peer_offers_written"]] == ["Mentor för nya butiker"]
    assert mine["provider_memberships"] == [{"provider": "Lärcentrum Överkalix", "role": ProviderMember.Role.OWNER}]
    assert [o["title"] for o in mine["learning_offers_written"]] == ["E-handel för småföretag"]
