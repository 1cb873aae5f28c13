"""Buyer and supplier write to each other on the thread page, which works as a plain form; nobody else
(not a third company, not the office, not another municipality's host) can find the thread."""
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from marketplace.conversation_services import answer_submit, conversation_email_unread, message_post
from marketplace.models import Answer, CallStatus, Conversation, ConversationRead, ListingKind, Message
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.marketplace import add_hub_member, make_hub, make_listing
from tests.factories.marketplace_h4 import add_company_member, answer, trade_world
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db

HOST = "overkalix.localhost"


def _detail(conversation) -> str:
    return reverse("marketplace_conversations:conversation-detail", args=[conversation.pk])


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def mails_on_commit(django_capture_on_commit_callbacks):
    """E-mails go out after commit; the test's transaction never commits, so run those callbacks."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def world(overkalix):
    world = trade_world(overkalix)
    answer(world, price_amount=Decimal("45000"))
    world.conversation = Conversation.objects.get()
    return world


class ConversationPageTests:
    def test_both_sides_read_the_thread_and_the_page_explains_live_updates(self, client, world):
        for person in (world.buyer, world.supplier_member):
            client.force_login(person)
            page = _text(client.get(_detail(world.conversation), HTTP_HOST=HOST))
            assert "Vi kan ta uppdraget med traktor och plog." in page
            assert "Utan JavaScript visas nya meddelanden när du laddar om sidan." in page
            assert 'aria-live="polite"' in page
            assert 'data-ws-path="/ws/marknadsplats/konversation/%d/"' % world.conversation.pk in page
            assert "<script>" not in page
            assert 'style="' not in page

    def test_a_reply_posted_without_javascript_appears_in_the_thread(self, client, world):
        client.force_login(world.buyer)
        response = client.post(_detail(world.conversation), {"body": "Kan ni börja 1 december?"}, HTTP_HOST=HOST)
        assert response.status_code == 302
        client.force_login(world.supplier_member)
        page = _text(client.get(_detail(world.conversation), HTTP_HOST=HOST))
        assert "Kan ni börja 1 december?" in page
        assert "Vindkraft Blaiken AB" in page  # the author's side is named

    def test_an_empty_reply_gets_an_error_next_to_the_field_and_nothing_is_stored(self, client, world):
        client.force_login(world.buyer)
        response = client.post(_detail(world.conversation), {"body": "   "}, HTTP_HOST=HOST)
        assert response.status_code == 400
        page = _text(response)
        assert "Skriv ett meddelande innan du skickar." in page
        assert 'aria-invalid="true"' in page
        assert Message.objects.count() == 1

    def test_a_third_company_gets_404_and_cannot_post(self, client, world):
        client.force_login(world.third_member)
        assert client.get(_detail(world.conversation), HTTP_HOST=HOST).status_code == 404
        assert client.post(_detail(world.conversation), {"body": "Hej"}, HTTP_HOST=HOST).status_code == 404
        assert Message.objects.count() == 1

    def test_the_office_does_not_read_companies_threads(self, client, world):
        client.force_login(make_staff(world.municipality, Role.MODERATOR, email="mod2@overkalix.example.org"))
        assert client.get(_detail(world.conversation), HTTP_HOST=HOST).status_code == 404

    def test_the_platform_administrator_does_not_read_a_hubs_threads_either(self, client, overkalix):
        """A superuser may manage a hub, but a thread stays between the hub's people and the supplier."""
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        from tests.factories.accounts import make_superuser

        world = trade_world(overkalix)
        hub = make_hub(overkalix, owner_company=world.buyer_company, name="Vindparkens leverantörer")
        world.listing.company, world.listing.hub = None, hub
        world.listing.save()
        answer(world)
        admin = make_superuser()
        TOTP.activate(admin, generate_totp_secret())
        client.force_login(admin)
        conversation = Conversation.objects.get()
        assert client.get(_detail(conversation), HTTP_HOST=HOST).status_code == 404
        client.force_login(world.buyer)
        assert client.get(_detail(conversation), HTTP_HOST=HOST).status_code == 200

    def test_another_municipalitys_host_does_not_show_the_thread(self, client, world, asele):
        client.force_login(world.buyer)
        assert client.get(_detail(world.conversation), HTTP_HOST="asele.localhost").status_code == 404

    def test_signed_out_visitors_are_sent_to_log_in(self, client, world):
        response = client.get(_detail(world.conversation), HTTP_HOST=HOST)
        assert response.status_code == 302
        assert "/konto/" in response["Location"]


class ConversationListTests:
    def test_the_list_shows_unread_counts_until_the_thread_is_opened(self, client, world):
        message_post(actor=world.supplier_member, conversation=world.conversation, body="Vi har också en sandspridare.")
        client.force_login(world.buyer)
        listing_page = _text(client.get(reverse("marketplace_conversations:conversation-list"), HTTP_HOST=HOST))
        assert "Snöröjning av serviceväg till vindparken" in listing_page
        assert "2 olästa" in listing_page
        client.get(_detail(world.conversation), HTTP_HOST=HOST)
        listing_page = _text(client.get(reverse("marketplace_conversations:conversation-list"), HTTP_HOST=HOST))
        assert "Inga olästa" in listing_page

    def test_the_third_company_sees_no_threads(self, client, world):
        client.force_login(world.third_member)
        page = _text(client.get(reverse("marketplace_conversations:conversation-list"), HTTP_HOST=HOST))
        assert "Snöröjning av serviceväg" not in page
        assert "Du har inga konversationer här ännu." in page


class MessagePostTests:
    def test_a_member_removed_from_the_company_can_no_longer_post(self, world):
        colleague = add_company_member(world.supplier, "kollega@lansjarv.example.org")
        message_post(actor=colleague, conversation=world.conversation, body="Jag tar över.")
        world.supplier.members.filter(user=colleague).delete()
        with pytest.raises(PermissionDenied):
            message_post(actor=get_user_model().objects.get(pk=colleague.pk), conversation=world.conversation,
                         body="Hej igen")


class AnswerPagesTests:
    def test_a_supplier_answers_from_the_form_and_lands_in_the_thread(self, client, overkalix):
        world = trade_world(overkalix)
        client.force_login(world.supplier_member)
        url = reverse("marketplace_conversations:answer-create", args=[world.listing.pk])
        page = _text(client.get(url, HTTP_HOST=HOST))
        assert "Svara på Snöröjning av serviceväg till vindparken" in page
        response = client.post(url, {"company": world.supplier.pk, "text": "Vi kan plogga.", "price_amount": "45 000",
                                     "price_note": "per säsong"}, HTTP_HOST=HOST)
        conversation = Conversation.objects.get()
        assert response.status_code == 302
        assert response["Location"] == _detail(conversation)
        assert Answer.objects.get().price_amount == Decimal("45000")

    def test_an_answer_without_text_shows_the_error_and_stores_nothing(self, client, overkalix):
        world = trade_world(overkalix)
        client.force_login(world.supplier_member)
        url = reverse("marketplace_conversations:answer-create", args=[world.listing.pk])
        response = client.post(url, {"company": world.supplier.pk, "text": ""}, HTTP_HOST=HOST)
        assert response.status_code == 400
        assert "Skriv ert svar." in _text(response)
        assert not Answer.objects.exists()

    def test_a_closed_call_says_why_it_cannot_be_answered(self, client, overkalix):
        world = trade_world(overkalix)
        type(world.listing).objects.filter(pk=world.listing.pk).update(call_status=CallStatus.CLOSED)
        client.force_login(world.supplier_member)
        page = _text(client.get(reverse("marketplace_conversations:answer-create", args=[world.listing.pk]),
                                HTTP_HOST=HOST))
        assert "Upphandlingen är inte öppen för svar (status: stängd)." in page
        assert "Skicka svaret" not in page

    def test_the_owner_chooses_an_answer_and_the_call_is_awarded(self, client, world):
        client.force_login(world.buyer)
        url = reverse("marketplace_conversations:answer-list", args=[world.listing.pk])
        page = _text(client.get(url, HTTP_HOST=HOST))
        assert "Snöröjning i Lansjärv AB" in page
        assert "Välj detta svar" in page
        submitted = Answer.objects.get()
        response = client.post(url, {"answer": submitted.pk, "awarded_value": "48000"}, HTTP_HOST=HOST)
        assert response.status_code == 302
        page = _text(client.get(url, HTTP_HOST=HOST))
        assert "Tilldelad" in page
        assert "Välj detta svar" not in page
        world.listing.refresh_from_db()
        assert (world.listing.call_status, world.listing.awarded_value) == (CallStatus.AWARDED, Decimal("48000"))

    def test_a_negative_awarded_value_is_refused_next_to_the_field(self, client, world):
        client.force_login(world.buyer)
        url = reverse("marketplace_conversations:answer-list", args=[world.listing.pk])
        response = client.post(url, {"answer": Answer.objects.get().pk, "awarded_value": "-5"}, HTTP_HOST=HOST)
        assert response.status_code == 400
        assert "Värdet kan inte vara negativt." in _text(response)
        world.listing.refresh_from_db()
        assert world.listing.call_status == CallStatus.OPEN

    def test_only_the_owner_sees_the_answers(self, client, world):
        client.force_login(world.supplier_member)
        url = reverse("marketplace_conversations:answer-list", args=[world.listing.pk])
        assert client.get(url, HTTP_HOST=HOST).status_code == 403
        assert client.post(url, {"answer": Answer.objects.get().pk}, HTTP_HOST=HOST).status_code == 403
        assert Answer.objects.get().status == Answer.Status.SUBMITTED


class UnreadEmailTests:
    def test_unread_messages_older_than_five_minutes_are_emailed_once_per_thread(self, world, mails_on_commit):
        message_post(actor=world.supplier_member, conversation=world.conversation, body="Ett till")
        later = timezone.now() + timezone.timedelta(minutes=6)
        with mails_on_commit():
            assert conversation_email_unread(now=later) == 1  # the buyer: two unread messages, one e-mail
        assert len(mail.outbox) == 1
        sent = mail.outbox[0]
        assert sent.to == [world.buyer.email]
        assert "2 olästa meddelanden" in sent.body
        assert "http://overkalix.localhost" in sent.body
        assert _detail(world.conversation) in sent.body
        assert conversation_email_unread(now=later) == 0  # safe to repeat
        assert len(mail.outbox) == 1

    def test_fresh_and_already_read_messages_are_not_emailed(self, client, world):
        assert conversation_email_unread(now=timezone.now()) == 0  # not five minutes old yet
        client.force_login(world.buyer)
        client.get(_detail(world.conversation), HTTP_HOST=HOST)  # read
        assert conversation_email_unread(now=timezone.now() + timezone.timedelta(minutes=6)) == 0
        assert mail.outbox == []

    def test_a_later_message_gets_its_own_email(self, world, mails_on_commit):
        later = timezone.now() + timezone.timedelta(minutes=6)
        conversation_email_unread(now=later)
        Message.objects.filter(conversation=world.conversation).update(created_at=timezone.now() - timezone.timedelta(hours=1))
        ConversationRead.objects.update(last_emailed_at=timezone.now() - timezone.timedelta(hours=1))
        message_post(actor=world.supplier_member, conversation=world.conversation, body="Har ni hunnit läsa?")
        with mails_on_commit():
            assert conversation_email_unread(now=later) == 1
        assert "ett oläst meddelande" in mail.outbox[-1].body

    def test_the_command_runs_the_same_job(self, world, mails_on_commit):
        Message.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=10))
        with mails_on_commit():
            call_command("marketplace_email_unread")
        assert [m.to for m in mail.outbox] == [[world.buyer.email]]


class ConversationParticipantsTests:
    """The owner's side is whoever may edit the listing: the office's editors for the municipality's own
    requests, the hub's managers for a hub's calls; other members of the hub are not."""

    def test_the_offices_editors_answer_for_the_municipalitys_own_request(self, client, overkalix, mails_on_commit):

        world = trade_world(overkalix)
        request = make_listing(overkalix, kind=ListingKind.REQUEST, title="Julbelysning till torget")
        editor = make_staff(overkalix, Role.EDITOR, email="naringsliv@overkalix.example.org")

        answer_submit(actor=world.supplier_member, listing=request, company=world.supplier, text="Vi kan sätta upp den.")
        conversation = Conversation.objects.get(listing=request)
        Message.objects.filter(conversation=conversation).update(created_at=timezone.now() - timezone.timedelta(minutes=10))
        with mails_on_commit():
            conversation_email_unread()
        assert [m.to for m in mail.outbox] == [[editor.email]]  # the office's editor, not its moderator
        client.force_login(editor)
        assert "Vi kan sätta upp den." in _text(client.get(_detail(conversation), HTTP_HOST=HOST))

    def test_a_hubs_managers_read_its_call_threads_and_its_other_members_do_not(self, client, overkalix):

        world = trade_world(overkalix)
        hub = make_hub(overkalix, owner_company=world.buyer_company)
        add_hub_member(hub, world.third)
        call = make_listing(overkalix, kind=ListingKind.CALL, title="Hubbens snöröjning", hub=hub)
        answer_submit(actor=world.supplier_member, listing=call, company=world.supplier, text="Vi plogar.")
        conversation = Conversation.objects.get(listing=call)
        client.force_login(world.buyer)
        assert client.get(_detail(conversation), HTTP_HOST=HOST).status_code == 200
        client.force_login(world.third_member)
        assert client.get(_detail(conversation), HTTP_HOST=HOST).status_code == 404


class AnswerFormEdgeTests:
    def test_a_supplier_takes_its_answer_back_from_the_form(self, client, world):
        client.force_login(world.supplier_member)
        url = reverse("marketplace_conversations:answer-create", args=[world.listing.pk])
        response = client.post(url, {"action": "withdraw", "company": world.supplier.pk}, HTTP_HOST=HOST, follow=True)
        assert "Ert svar är återtaget." in _text(response)
        assert Answer.objects.get().status == Answer.Status.WITHDRAWN
        client.force_login(world.buyer)
        page = _text(client.get(reverse("marketplace_conversations:answer-list", args=[world.listing.pk]),
                                HTTP_HOST=HOST))
        assert "Inga svar ännu." in page

    def test_someone_without_a_published_company_is_told_how_to_answer(self, client, world):
        client.force_login(make_user("invanare@example.org"))
        page = _text(client.get(reverse("marketplace_conversations:answer-create", args=[world.listing.pk]),
                                HTTP_HOST=HOST))
        assert "behöver du vara medlem i ett företag som är publicerat" in page
        assert "Skicka svaret" not in page

    def test_offers_and_other_municipalities_listings_have_no_answer_form(self, client, world, asele):
        offer = make_listing(world.municipality, company=world.buyer_company)
        client.force_login(world.supplier_member)
        assert client.get(reverse("marketplace_conversations:answer-create", args=[offer.pk]),
                          HTTP_HOST=HOST).status_code == 404
        assert client.get(reverse("marketplace_conversations:answer-create", args=[world.listing.pk]),
                          HTTP_HOST="asele.localhost").status_code == 404


class SpannedHostTests:
    def test_a_supplier_in_a_municipality_the_hub_spans_answers_and_talks_on_its_own_site(
            self, client, arvidsjaur, overkalix, asele):
        """The wind-park hub is at home in Arvidsjaur and spans Överkalix: an Överkalix company answers the call
        on overkalix.localhost and reads the thread there; Åsele's host, which the hub does not span, shows
        nothing."""
        from tests.factories.marketplace_h4 import MORE_ORG_NUMBERS, make_published_company

        owner_company, owner = make_published_company(arvidsjaur, name="Storliden Vind AB", org_number=MORE_ORG_NUMBERS[5],
                                                      member_email="inkop@storliden.example.org", primary_sni="35110")
        hub = make_hub(arvidsjaur, owner_company=owner_company, name="Storlidens leverantörer", spans=[overkalix])
        call = make_listing(arvidsjaur, kind=ListingKind.CALL, hub=hub, title="Snöröjning av serviceväg")
        supplier, member = make_published_company(overkalix, name="Kalix Plog AB", org_number=MORE_ORG_NUMBERS[6],
                                                  member_email="plog@kalix.example.org", primary_sni="81290")
        client.force_login(member)
        form = reverse("marketplace_conversations:answer-create", args=[call.pk])
        response = client.post(form, {"company": supplier.pk, "text": "Vi plogar med två traktorer.",
                                      "price_amount": "120000"}, HTTP_HOST="overkalix.localhost")
        assert response.status_code == 302
        conversation = Conversation.objects.get(listing=call, company=supplier)
        assert client.get(_detail(conversation), HTTP_HOST="overkalix.localhost").status_code == 200
        assert client.get(_detail(conversation), HTTP_HOST="asele.localhost").status_code == 404
        client.force_login(owner)
        assert "Vi plogar med två traktorer." in _text(client.get(_detail(conversation), HTTP_HOST="arvidsjaur.localhost"))
