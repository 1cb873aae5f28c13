"""Companies answer requests and open calls; the owner chooses one answer and a call is awarded."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from marketplace.conversation_services import answer_choose, answer_submit, answer_withdraw, invitation_create
from marketplace.models import Answer, CallStatus, Conversation, Listing, ListingKind, SupplierInvitation
from tests.factories.marketplace import make_listing
from tests.factories.marketplace_h4 import MORE_ORG_NUMBERS, answer, make_published_company, trade_world

pytestmark = pytest.mark.django_db


def _second_supplier(world):
    return make_published_company(world.municipality, name="Plogbolaget i Kalix AB", org_number=MORE_ORG_NUMBERS[3],
                                  member_email="plog@kalix.example.org", primary_sni="81290")


class AnswerSubmitTests:
    def test_an_answer_opens_a_conversation_whose_first_message_is_the_answer(self, overkalix):
        world = trade_world(overkalix)
        submitted = answer(world, price_amount=Decimal("45000"), price_note="per säsong")
        conversation = Conversation.objects.get(listing=world.listing, company=world.supplier)
        first = conversation.messages.get()
        assert first.body == "Vi kan ta uppdraget med traktor och plog."
        assert first.author == world.supplier_member
        assert conversation.last_message_at == first.created_at
        assert (submitted.status, submitted.price_amount, submitted.price_note) == (
            "submitted", Decimal("45000"), "per säsong")

    def test_submitting_again_changes_the_one_answer_of_the_company(self, overkalix):
        world = trade_world(overkalix)
        answer(world)
        answer(world, text="Nytt pris: vi kan även sanda.")
        assert Answer.objects.filter(listing=world.listing).get().text == "Nytt pris: vi kan även sanda."
        bodies = list(Conversation.objects.get(listing=world.listing).messages.values_list("body", flat=True))
        assert bodies == ["Vi kan ta uppdraget med traktor och plog.", "Nytt pris: vi kan även sanda."]

    def test_a_request_can_be_answered_too(self, overkalix):
        world = trade_world(overkalix, kind=ListingKind.REQUEST)
        assert answer(world).status == Answer.Status.SUBMITTED

    def test_an_offer_cannot_be_answered(self, overkalix):
        world = trade_world(overkalix, kind=ListingKind.REQUEST)
        offer = make_listing(overkalix, company=world.buyer_company)
        with pytest.raises(PermissionDenied):
            answer_submit(actor=world.supplier_member, listing=offer, company=world.supplier, text="Hej")

    def test_a_call_past_its_deadline_refuses_answers_with_the_deadline(self, overkalix):
        world = trade_world(overkalix)
        Listing.objects.filter(pk=world.listing.pk).update(answer_deadline=timezone.now() - timedelta(hours=1))
        world.listing.refresh_from_db()
        with pytest.raises(ValidationError) as refused:
            answer(world)
        assert "Sista dag för svar var" in refused.value.messages[0]
        assert not Answer.objects.exists()
        assert not Conversation.objects.exists()

    def test_a_closed_call_refuses_answers(self, overkalix):
        world = trade_world(overkalix)
        Listing.objects.filter(pk=world.listing.pk).update(call_status=CallStatus.CLOSED)
        with pytest.raises(ValidationError) as refused:
            answer(world)
        assert refused.value.messages == ["Upphandlingen är inte öppen för svar (status: stängd)."]

    def test_an_expired_listing_refuses_answers(self, overkalix):
        world = trade_world(overkalix, kind=ListingKind.REQUEST)
        Listing.objects.filter(pk=world.listing.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
        with pytest.raises(ValidationError) as refused:
            answer(world)
        assert "inte publicerad längre" in refused.value.messages[0]

    def test_the_owner_company_cannot_answer_its_own_listing(self, overkalix):
        world = trade_world(overkalix)
        with pytest.raises(PermissionDenied):
            answer_submit(actor=world.buyer, listing=world.listing, company=world.buyer_company, text="Vi själva")

    def test_someone_outside_the_company_cannot_answer_for_it(self, overkalix):
        world = trade_world(overkalix)
        with pytest.raises(PermissionDenied):
            answer_submit(actor=world.third_member, listing=world.listing, company=world.supplier, text="Hej")

    def test_an_invited_company_that_answers_is_marked_answered(self, overkalix):
        world = trade_world(overkalix)
        invitation_create(actor=world.buyer, listing=world.listing, company=world.supplier, reason="samma bransch")
        answer(world)
        assert SupplierInvitation.objects.get().status == SupplierInvitation.Status.ANSWERED

    def test_a_withdrawn_answer_tells_the_owner_and_leaves_the_comparison(self, overkalix):
        world = trade_world(overkalix)
        submitted = answer(world)
        answer_withdraw(actor=world.supplier_member, answer=submitted)
        submitted.refresh_from_db()
        assert submitted.status == Answer.Status.WITHDRAWN
        assert Conversation.objects.get().messages.last().body == "Vi tar tillbaka vårt svar."


class AnswerChooseTests:
    def test_choosing_an_open_call_answer_awards_the_call_and_tells_both_suppliers(self, overkalix):
        world = trade_world(overkalix)
        chosen = answer(world, price_amount=Decimal("45000"))
        other_company, other_member = _second_supplier(world)
        other = answer_submit(actor=other_member, listing=world.listing, company=other_company, text="Vi med")
        invitation_create(actor=world.buyer, listing=world.listing, company=world.third, reason="")
        answer_choose(actor=world.buyer, answer=chosen)
        world.listing.refresh_from_db()
        assert world.listing.call_status == CallStatus.AWARDED
        assert world.listing.awarded_company == world.supplier
        assert world.listing.awarded_value == Decimal("45000")  # the answer's price when none is given
        other.refresh_from_db()
        chosen.refresh_from_db()
        assert (chosen.status, other.status) == (Answer.Status.CHOSEN, Answer.Status.NOT_CHOSEN)
        assert SupplierInvitation.objects.get(company=world.third).status == SupplierInvitation.Status.NOT_CHOSEN
        won = Conversation.objects.get(company=world.supplier).messages.last().body
        lost = Conversation.objects.get(company=other_company).messages.last().body
        assert won.startswith("Vi har valt ert svar")
        assert lost.startswith("Vi har valt ett annat svar")

    def test_the_awarded_value_given_by_the_owner_is_kept(self, overkalix):
        world = trade_world(overkalix)
        answer_choose(actor=world.buyer, answer=answer(world, price_amount=Decimal("45000")),
                      awarded_value=Decimal("52000"))
        world.listing.refresh_from_db()
        assert world.listing.awarded_value == Decimal("52000")

    def test_a_planned_call_cannot_be_awarded(self, overkalix):
        world = trade_world(overkalix)
        submitted = answer(world)
        Listing.objects.filter(pk=world.listing.pk).update(call_status=CallStatus.PLANNED)
        with pytest.raises(ValidationError) as refused:
            answer_choose(actor=world.buyer, answer=submitted)
        assert "öppen eller stängd" in refused.value.messages[0]
        submitted.refresh_from_db()
        assert submitted.status == Answer.Status.SUBMITTED

    def test_only_one_answer_can_be_chosen(self, overkalix):
        world = trade_world(overkalix, kind=ListingKind.REQUEST)
        chosen = answer(world)
        other_company, other_member = _second_supplier(world)
        other = answer_submit(actor=other_member, listing=world.listing, company=other_company, text="Vi med")
        answer_choose(actor=world.buyer, answer=chosen)
        with pytest.raises(ValidationError):
            answer_choose(actor=world.buyer, answer=other)

    def test_a_supplier_cannot_choose_its_own_answer(self, overkalix):
        world = trade_world(overkalix)
        submitted = answer(world)
        with pytest.raises(PermissionDenied):
            answer_choose(actor=world.supplier_member, answer=submitted)

    def test_a_chosen_answer_can_no_longer_be_changed(self, overkalix):
        world = trade_world(overkalix, kind=ListingKind.REQUEST)
        answer_choose(actor=world.buyer, answer=answer(world))
        with pytest.raises(ValidationError) as refused:
            answer(world, text="Ändrat")
        assert "redan valt" in refused.value.messages[0]
