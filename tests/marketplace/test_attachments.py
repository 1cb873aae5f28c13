"""Attachments are private: a bid's PDFs reach only the buyer's people and the bidding company, a members-only
listing's papers only the hub's members; they are never Wagtail documents, and a bad file refuses the whole
answer."""
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model

from marketplace import listing_services
from marketplace.conversation_services import answer_remove_attachment
from marketplace.models import (
    Answer,
    AttachmentContent,
    Audience,
    Conversation,
    Listing,
    ListingAttachment,
    ListingStatus,
)
from municipalities.models import Role
from tests.factories.accounts import make_superuser
from tests.factories.competence_followup import with_totp
from tests.factories.marketplace import add_hub_member, make_hub, make_listing
from tests.factories.marketplace_h1 import pdf_upload
from tests.factories.marketplace_h4 import MORE_ORG_NUMBERS, answer, make_published_company, trade_world
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db

HOST = "overkalix.localhost"
BID = b"%PDF-1.4\n% anbud snorojning 45 000 kr\n%%EOF\n"


def _download(client, attachment, host=HOST):
    return client.get(reverse("marketplace:attachment-download", args=[attachment.pk]), HTTP_HOST=host)


@pytest.fixture
def bid(overkalix):
    world = trade_world(overkalix)
    answer(world, price_amount=Decimal("45000"),
           attachments=[pdf_upload("Anbud vintern 2026.pdf", BID), pdf_upload("referenser.pdf")])
    world.answer = Answer.objects.get()
    world.attachment = world.answer.attachments.get(title="Anbud vintern 2026")
    return world


class AnswerAttachmentServiceTests:
    def test_pdfs_are_kept_with_the_answer_and_announced_in_the_thread(self, bid):
        assert [(a.title, a.filename) for a in bid.answer.attachments.all()] == [
            ("Anbud vintern 2026", "Anbud-vintern-2026.pdf"), ("referenser", "referenser.pdf")]
        assert bytes(AttachmentContent.objects.get(attachment=bid.attachment).data) == BID
        assert bid.attachment.size == len(BID)
        bodies = list(Conversation.objects.get().messages.values_list("body", flat=True))
        assert bodies[-1] == "Bifogat till svaret: Anbud vintern 2026, referenser"
        assert not get_document_model().objects.exists()

    def test_one_file_that_is_not_a_pdf_refuses_the_whole_answer(self, overkalix):
        world = trade_world(overkalix)
        with pytest.raises(ValidationError) as refused:
            answer(world, attachments=[pdf_upload("anbud.pdf", BID), pdf_upload("virus.pdf", b"MZ\x90\x00")])
        assert refused.value.message_dict["attachments"] == [
            "Filen virus.pdf är ingen PDF. Spara dokumentet som PDF och försök igen."]
        assert not Answer.objects.exists()
        assert not Conversation.objects.exists()
        assert not ListingAttachment.objects.exists()

    def test_an_answer_carries_at_most_five_attachments(self, bid):
        with pytest.raises(ValidationError) as refused:
            answer(bid, attachments=[pdf_upload(f"bilaga-{n}.pdf") for n in range(4)])
        assert refused.value.message_dict["attachments"] == [
            "Ett svar kan ha högst 5 bilagor; det har redan 2."]
        assert bid.answer.attachments.count() == 2

    def test_the_supplier_removes_an_attachment_while_the_call_is_open_but_not_after(self, bid):
        answer_remove_attachment(actor=bid.supplier_member, attachment=bid.attachment)
        assert list(bid.answer.attachments.values_list("title", flat=True)) == ["referenser"]
        assert not AttachmentContent.objects.filter(attachment_id=bid.attachment.pk).exists()

        Listing.objects.filter(pk=bid.listing.pk).update(answer_deadline=timezone.now() - timedelta(hours=1))
        last = bid.answer.attachments.get()
        with pytest.raises(ValidationError):
            answer_remove_attachment(actor=bid.supplier_member, attachment=last)
        with pytest.raises(PermissionDenied):
            answer_remove_attachment(actor=bid.buyer, attachment=last)
        assert bid.answer.attachments.count() == 1

    def test_a_listing_pdf_is_stored_privately_not_as_a_wagtail_document(self, overkalix):
        company, member = make_published_company(overkalix, name="Lansjärvs Såg AB", org_number=MORE_ORG_NUMBERS[4],
                                                 member_email="sag@lansjarv.example.org")
        listing = make_listing(overkalix, company=company)
        attachment = listing_services.listing_add_attachment(actor=member, listing=listing, upload=pdf_upload(),
                                                             title="Förfrågningsunderlag")
        assert attachment.title == "Förfrågningsunderlag"
        assert attachment.size > 0
        assert not get_document_model().objects.exists()


class AnswerAttachmentDownloadTests:
    def test_the_buyer_and_the_supplier_download_the_bid_as_a_private_pdf(self, client, bid):
        for user in (bid.buyer, bid.supplier_member):
            client.force_login(user)
            response = _download(client, bid.attachment)
            assert response.status_code == 200
            assert response.content == BID
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"] == 'attachment; filename="Anbud-vintern-2026.pdf"'
            assert response["Cache-Control"] == "private, no-store"
            assert response["Content-Security-Policy"].startswith("sandbox")

    @pytest.mark.parametrize("who", ["third company", "anonymous", "moderator", "editor", "platform admin"])
    def test_nobody_else_can_fetch_the_bid(self, client, bid, who):
        users = {"third company": lambda: bid.third_member,
                 "moderator": lambda: make_staff(bid.municipality, Role.MODERATOR),
                 "editor": lambda: make_staff(bid.municipality, Role.EDITOR),
                 "platform admin": lambda: with_totp(make_superuser())}
        if who in users:
            client.force_login(users[who]())
        assert _download(client, bid.attachment).status_code == 404

    def test_another_municipalitys_host_does_not_serve_it_even_to_the_buyer(self, client, bid, arvidsjaur):
        client.force_login(bid.buyer)
        assert _download(client, bid.attachment, host="arvidsjaur.localhost").status_code == 404

    def test_both_sides_see_the_links_and_the_third_company_sees_neither_page(self, client, bid):
        link = reverse("marketplace:attachment-download", args=[bid.attachment.pk])
        conversation = Conversation.objects.get()
        thread = reverse("marketplace_conversations:conversation-detail", args=[conversation.pk])
        answers = reverse("marketplace_conversations:answer-list", args=[bid.listing.pk])
        client.force_login(bid.buyer)
        assert link in client.get(thread, HTTP_HOST=HOST).content.decode()
        assert link in client.get(answers, HTTP_HOST=HOST).content.decode()
        client.force_login(bid.supplier_member)
        assert link in client.get(thread, HTTP_HOST=HOST).content.decode()
        client.force_login(bid.third_member)
        assert client.get(thread, HTTP_HOST=HOST).status_code == 404
        assert client.get(answers, HTTP_HOST=HOST).status_code in (403, 404)


class AnswerFormUploadTests:
    def _url(self, world):
        return reverse("marketplace_conversations:answer-create", args=[world.listing.pk])

    def test_a_supplier_attaches_its_bid_in_the_answer_form(self, client, overkalix):
        world = trade_world(overkalix)
        client.force_login(world.supplier_member)
        response = client.post(self._url(world), {
            "company": world.supplier.pk, "text": "Vi tar uppdraget.", "price_amount": "45 000",
            "attachments": [pdf_upload("Anbud.pdf", BID)]}, HTTP_HOST=HOST)
        assert response.status_code == 302
        attachment = Answer.objects.get().attachments.get()
        assert _download(client, attachment).content == BID

    def test_a_file_that_is_not_a_pdf_is_named_beside_the_field_and_nothing_is_saved(self, client, overkalix):
        world = trade_world(overkalix)
        client.force_login(world.supplier_member)
        response = client.post(self._url(world), {
            "company": world.supplier.pk, "text": "Vi tar uppdraget.",
            "attachments": [pdf_upload("bild.pdf", b"\x89PNG\r\n")]}, HTTP_HOST=HOST)
        assert response.status_code == 400
        html = re.sub(r"\s+", " ", response.content.decode())
        assert re.search(r'<label for="id_attachments">Bilagor \(PDF\):</label> <div class="field__errors">'
                         r'<ul class="errorlist[^"]*"[^>]*><li>Filen bild.pdf är ingen PDF', html)
        assert "Vi tar uppdraget." in html
        assert not Answer.objects.exists()

    def test_the_supplier_removes_an_attachment_from_its_answer_page(self, client, bid):
        client.force_login(bid.supplier_member)
        response = client.post(self._url(bid), {"action": "remove-attachment", "attachment": bid.attachment.pk},
                               HTTP_HOST=HOST)
        assert response.status_code == 302
        assert list(bid.answer.attachments.values_list("title", flat=True)) == ["referenser"]

    def test_nobody_else_removes_it(self, client, bid):
        client.force_login(bid.third_member)
        response = client.post(self._url(bid), {"action": "remove-attachment", "attachment": bid.attachment.pk},
                               HTTP_HOST=HOST)
        assert response.status_code == 404
        assert bid.answer.attachments.count() == 2


class ListingAttachmentDownloadTests:
    def test_a_live_public_listings_papers_are_for_everyone(self, client, overkalix):
        company, member = make_published_company(overkalix, name="Lansjärvs Såg AB", org_number=MORE_ORG_NUMBERS[4],
                                                 member_email="sag@lansjarv.example.org")
        listing = make_listing(overkalix, company=company)
        attachment = listing_services.listing_add_attachment(actor=member, listing=listing, upload=pdf_upload(),
                                                             title="Förfrågningsunderlag")
        detail = client.get(reverse("marketplace:listing-detail", args=[listing.pk]), HTTP_HOST=HOST)
        assert reverse("marketplace:attachment-download", args=[attachment.pk]) in detail.content.decode()
        assert _download(client, attachment).status_code == 200

        Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.PENDING)
        assert _download(client, attachment).status_code == 404
        client.force_login(member)
        assert _download(client, attachment).status_code == 200

    def test_a_members_only_listings_papers_are_for_the_hubs_members(self, client, overkalix):
        owner, owner_member = make_published_company(overkalix, name="Vindkraft Blaiken AB",
                                                     org_number=MORE_ORG_NUMBERS[4], member_email="inkop@vind.example.org")
        insider, insider_member = make_published_company(overkalix, name="Snöröjning i Lansjärv AB",
                                                         org_number=MORE_ORG_NUMBERS[5], member_email="plog@ex.example.org")
        outsider, outsider_member = make_published_company(overkalix, name="Överkalix Taxi AB",
                                                           org_number=MORE_ORG_NUMBERS[6], member_email="taxi@ex.example.org")
        hub = make_hub(overkalix, owner_company=owner)
        add_hub_member(hub, insider)
        listing = make_listing(overkalix, hub=hub, audience=Audience.MEMBERS)
        attachment = listing_services.listing_add_attachment(actor=owner_member, listing=listing,
                                                             upload=pdf_upload(), title="Ritning")
        assert _download(client, attachment).status_code == 404
        client.force_login(outsider_member)
        assert _download(client, attachment).status_code == 404
        client.force_login(insider_member)
        assert _download(client, attachment).status_code == 200

    def test_an_id_too_large_for_the_database_is_a_404(self, client, overkalix):
        assert client.get("/marknadsplats/bilagor/99999999999999999999/", HTTP_HOST=HOST).status_code == 404
