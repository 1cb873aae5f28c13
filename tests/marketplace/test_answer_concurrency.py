"""Two of the owner's people choose different answers to one call at the same moment (PostgreSQL): one
wins, the other is told an answer is already chosen, and the call is awarded once."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from marketplace.conversation_services import answer_choose, answer_submit
from marketplace.models import Answer, CallStatus, Listing
from tests.factories.marketplace_h4 import (
    MORE_ORG_NUMBERS,
    add_company_member,
    answer,
    make_published_company,
    trade_world,
)
from tests.factories.municipalities import make_municipality

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"),
]


class AnswerChooseConcurrencyTests:
    def test_simultaneous_choices_award_the_call_once(self):
        world = trade_world(make_municipality("2513", preset="alv"))
        first = answer(world)
        other_company, other_member = make_published_company(
            world.municipality, name="Plogbolaget i Kalix AB", org_number=MORE_ORG_NUMBERS[3],
            member_email="plog@kalix.example.org", primary_sni="81290")
        second = answer_submit(actor=other_member, listing=world.listing, company=other_company, text="Vi med")
        colleague = add_company_member(world.buyer_company, "ekonomi@vindkraft.example.org")
        start, outcomes = threading.Barrier(2), []

        def choose(actor, chosen):
            try:
                start.wait(timeout=10)
                answer_choose(actor=actor, answer=chosen)
                outcomes.append("chosen")
            except ValidationError as error:
                outcomes.append(error.messages[0])
            finally:
                connections.close_all()

        threads = [threading.Thread(target=choose, args=(world.buyer, first)),
                   threading.Thread(target=choose, args=(colleague, second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(outcomes) == ["Ett svar är redan valt för den här annonsen.", "chosen"]
        assert Answer.objects.filter(status=Answer.Status.CHOSEN).count() == 1
        call = Listing.objects.get(pk=world.listing.pk)
        chosen = Answer.objects.get(status=Answer.Status.CHOSEN)
        assert call.call_status == CallStatus.AWARDED
        assert call.awarded_company_id == chosen.company_id
