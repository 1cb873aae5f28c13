"""Listings from their owners' side, through the services: who may create for whom, validation with Swedish
errors next to the field, call items saved all or nothing, submission under each moderation setting,
renewal, call status, photos, PDF attachments and expiry reminders."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from marketplace import listing_services as services
from marketplace.models import (
    CallItem,
    CallStatus,
    Listing,
    ListingKind,
    ListingStatus,
    MarketplaceSettings,
)
from municipalities.models import Locality, Role
from tests.factories.accounts import make_user
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.marketplace import make_listing
from tests.factories.marketplace_h1 import (
    image_upload,
    make_managed_hub,
    make_member_company,
    pdf_upload,
)
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db


def _fields(**overrides) -> dict:
    data = {"title": "Grävmaskin med förare", "description": "Markarbeten i hela kommunen.",
            "category": "construction", "expires_on": timezone.localdate() + timedelta(days=30)}
    data.update(overrides)
    return data


def _call_fields(**overrides) -> dict:
    return _fields(title="Snöröjning av serviceväg", answer_deadline=timezone.now() + timedelta(days=14),
                   delivery_place="Blaiken", **overrides)


def _item(**overrides) -> dict:
    data = {"description": "Snöröjning, 12 km", "sni_code": "81290", "cpv_code": "90620000-9"}
    data.update(overrides)
    return data


@pytest.fixture
def firm(asele):
    return make_member_company(asele)


class ListingOwnershipTests:
    def test_a_member_of_a_published_company_creates_a_draft_that_publishes_at_once_by_default(self, asele, firm):
        company, member = firm
        listing = services.listing_create(actor=member, municipality=asele, kind=ListingKind.OFFER, company=company,
                                          **_fields(price_amount=950, price_unit="timme"))
        assert listing.status == ListingStatus.DRAFT
        listing = services.listing_submit(actor=member, listing=listing)
        assert listing.status == ListingStatus.PUBLISHED
        assert listing.published_at is not None
        assert listing.created_by == member
        assert listing.owner_name == company.display_name

    def test_a_company_waiting_for_review_cannot_advertise(self, asele):
        member = make_user("vantar@example.org")
        company = make_company(asele, owner=member, org_number=ORG_NUMBERS[1])
        with pytest.raises(PermissionDenied):
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.OFFER, company=company,
                                    **_fields())

    def test_someone_outside_the_company_cannot_advertise_for_it(self, asele, firm):
        company, _member = firm
        with pytest.raises(PermissionDenied):
            services.listing_create(actor=make_user("annan@example.org"), municipality=asele,
                                    kind=ListingKind.OFFER, company=company, **_fields())

    def test_a_company_advertises_only_in_its_own_municipality(self, asele, arvidsjaur, firm):
        company, member = firm
        with pytest.raises(PermissionDenied):
            services.listing_create(actor=member, municipality=arvidsjaur, kind=ListingKind.OFFER, company=company,
                                    **_fields())

    def test_a_hub_manager_advertises_in_the_municipalities_the_hub_spans_only(self, asele, arvidsjaur, overkalix):
        hub, manager = make_managed_hub(asele, spans=[arvidsjaur])
        listing = services.listing_create(actor=manager, municipality=arvidsjaur, kind=ListingKind.REQUEST, hub=hub,
                                          **_fields(audience="members"))
        assert listing.hub == hub
        assert listing.audience == "members"
        with pytest.raises(PermissionDenied):
            services.listing_create(actor=manager, municipality=overkalix, kind=ListingKind.REQUEST, hub=hub,
                                    **_fields())
        with pytest.raises(PermissionDenied):
            services.listing_create(actor=make_user("inte.hubb@example.org"), municipality=asele,
                                    kind=ListingKind.REQUEST, hub=hub, **_fields())

    def test_the_office_editor_publishes_the_municipalitys_own_listing_a_moderator_may_not(self, asele):
        listing = services.listing_create(actor=make_staff(asele, Role.EDITOR), municipality=asele,
                                          kind=ListingKind.EVENT,
                                          **_fields(title="Företagarfrukost", starts_at=timezone.now() + timedelta(days=3)))
        assert listing.owner_name == asele.name
        with pytest.raises(PermissionDenied):
            services.listing_create(actor=make_staff(asele, Role.MODERATOR), municipality=asele,
                                    kind=ListingKind.EVENT, **_fields(starts_at=timezone.now()))

    def test_only_the_owner_may_change_withdraw_or_renew_a_listing(self, asele, firm):
        company, _member = firm
        listing = make_listing(asele, company=company)
        stranger = make_user("fel.person@example.org")
        for call in (lambda: services.listing_update(actor=stranger, listing=listing, title="Kapad"),
                     lambda: services.listing_withdraw(actor=stranger, listing=listing),
                     lambda: services.listing_renew(actor=stranger, listing=listing)):
            with pytest.raises(PermissionDenied):
                call()
        listing.refresh_from_db()
        assert listing.title == "Grävmaskin med förare"
        assert listing.status == ListingStatus.PUBLISHED


class ListingValidationTests:
    def test_an_expiry_in_the_past_is_refused_next_to_the_date(self, asele, firm):
        company, member = firm
        with pytest.raises(ValidationError) as error:
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.OFFER, company=company,
                                    **_fields(expires_on=timezone.localdate() - timedelta(days=1)))
        assert "redan passerat" in error.value.message_dict["expires_on"][0]
        assert not Listing.objects.exists()

    def test_an_expiry_beyond_the_offices_limit_names_the_last_allowed_day(self, asele, firm):
        company, member = firm
        MarketplaceSettings.objects.create(municipality=asele, max_expiry_days=60)
        last = timezone.localdate() + timedelta(days=60)
        with pytest.raises(ValidationError) as error:
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.OFFER, company=company,
                                    **_fields(expires_on=last + timedelta(days=1)))
        assert error.value.message_dict["expires_on"] == [
            f"En annons kan gälla högst 60 dagar framåt, alltså till och med {last.isoformat()}."]
        assert services.listing_create(actor=member, municipality=asele, kind=ListingKind.OFFER, company=company,
                                       **_fields(expires_on=last)).expires_on == last

    def test_a_price_and_price_on_request_together_are_refused(self, asele, firm):
        company, member = firm
        with pytest.raises(ValidationError) as error:
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.REUSE, company=company,
                                    **_fields(price_amount=100, price_on_request=True))
        assert "antingen ett pris" in error.value.message_dict["price_amount"][0]

    def test_a_request_has_no_price(self, asele, firm):
        company, member = firm
        with pytest.raises(ValidationError) as error:
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.REQUEST, company=company,
                                    **_fields(price_amount=100))
        assert error.value.message_dict["price_amount"] == ["Den här typen av annons har inget pris."]

    def test_a_locality_of_another_municipality_is_refused(self, asele, arvidsjaur, firm):
        company, member = firm
        elsewhere = Locality.objects.create(municipality=arvidsjaur, name="Glommersträsk", latitude=65.26,
                                            longitude=19.63)
        with pytest.raises(ValidationError) as error:
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.OFFER, company=company,
                                    **_fields(locality=elsewhere))
        assert error.value.message_dict["locality"] == [f"Välj en ort i {asele.name}."]

    def test_an_event_ending_before_it_starts_is_refused(self, asele, firm):
        company, member = firm
        start = timezone.now() + timedelta(days=5)
        with pytest.raises(ValidationError) as error:
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.EVENT, company=company,
                                    **_fields(starts_at=start, ends_at=start - timedelta(hours=1)))
        assert "sluta innan" in error.value.message_dict["ends_at"][0]


    def test_a_call_must_stay_up_until_its_answer_deadline(self, asele, firm):
        company, member = firm
        deadline = timezone.now() + timedelta(days=40)
        with pytest.raises(ValidationError) as error:
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.CALL, company=company,
                                    **_call_fields() | {"answer_deadline": deadline})
        assert error.value.message_dict["expires_on"] == [
            f"Annonsen måste gälla minst till och med {timezone.localtime(deadline).date().isoformat()}, "
            "då sista dag för svar eller evenemanget är."]


class CallItemTests:
    def test_a_call_is_saved_with_its_items_in_order(self, asele, firm):
        company, member = firm
        listing = services.listing_create(actor=member, municipality=asele, kind=ListingKind.CALL, company=company,
                                          items=[_item(), _item(description="Sandning", cpv_code="")],
                                          **_call_fields())
        assert listing.call_status == CallStatus.PLANNED
        assert [item.description for item in listing.items.all()] == ["Snöröjning, 12 km", "Sandning"]

    def test_one_bad_item_saves_nothing_and_names_the_item(self, asele, firm):
        company, member = firm
        with pytest.raises(services.ItemsValidationError) as error:
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.CALL, company=company,
                                    items=[_item(), _item(cpv_code="9062")], **_call_fields())
        assert "CPV-kod" in error.value.item_errors[1]["cpv_code"][0]
        assert error.value.message_dict["items"][0].startswith("Del 2: ")
        assert not Listing.objects.exists()
        assert not CallItem.objects.exists()

    def test_updating_replaces_the_items_and_a_bad_item_keeps_the_old_ones_and_the_old_title(self, asele, firm):
        company, member = firm
        listing = services.listing_create(actor=member, municipality=asele, kind=ListingKind.CALL, company=company,
                                          items=[_item()], **_call_fields())
        services.listing_update(actor=member, listing=listing, items=[_item(description="Plogning"),
                                                                       _item(description="Saltning")])
        assert [i.description for i in listing.items.all()] == ["Plogning", "Saltning"]
        with pytest.raises(ValidationError):
            services.listing_update(actor=member, listing=listing, title="Ny rubrik",
                                    items=[_item(sni_code="99999")])
        listing.refresh_from_db()
        assert listing.title == "Snöröjning av serviceväg"
        assert [i.description for i in listing.items.all()] == ["Plogning", "Saltning"]

    def test_only_calls_have_items(self, asele, firm):
        company, member = firm
        with pytest.raises(ValidationError) as error:
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.OFFER, company=company,
                                    items=[_item()], **_fields())
        assert error.value.message_dict["items"] == ["Bara upphandlingar har delar."]

    def test_a_new_call_needs_a_deadline_ahead(self, asele, firm):
        company, member = firm
        with pytest.raises(ValidationError) as error:
            services.listing_create(actor=member, municipality=asele, kind=ListingKind.CALL, company=company,
                                    **_call_fields() | {"answer_deadline": timezone.now() - timedelta(hours=1)})
        assert "framåt i tiden" in error.value.message_dict["answer_deadline"][0]


class CallStatusTests:
    def test_a_call_opens_closes_and_reopens(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, kind=ListingKind.CALL, company=company, call_status=CallStatus.PLANNED)
        for status in (CallStatus.OPEN, CallStatus.CLOSED, CallStatus.OPEN):
            listing = services.call_set_status(actor=member, listing=listing, status=status)
            assert listing.call_status == status

    def test_a_planned_call_cannot_jump_to_closed_and_awarding_is_not_done_here(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, kind=ListingKind.CALL, company=company, call_status=CallStatus.PLANNED)
        with pytest.raises(ValidationError) as error:
            services.call_set_status(actor=member, listing=listing, status=CallStatus.CLOSED)
        assert error.value.message_dict["call_status"] == ["En upphandling som är planerad kan inte bli stängd."]
        listing = make_listing(asele, kind=ListingKind.CALL, company=company, call_status=CallStatus.CLOSED)
        with pytest.raises(ValidationError):
            services.call_set_status(actor=member, listing=listing, status=CallStatus.AWARDED)


class SubmissionTests:
    def test_where_the_office_reviews_first_the_listing_waits_and_the_moderators_are_told(
            self, asele, firm, django_capture_on_commit_callbacks):
        company, member = firm
        MarketplaceSettings.objects.create(municipality=asele, moderation=MarketplaceSettings.Moderation.BEFORE)
        moderator = make_staff(asele, Role.MODERATOR, email="granskare@asele.example.org")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            listing = services.listing_create(actor=member, municipality=asele, kind=ListingKind.OFFER,
                                              company=company, **_fields())
            listing = services.listing_submit(actor=member, listing=listing)
        assert listing.status == ListingStatus.PENDING
        assert listing.published_at is None
        assert len(mail.outbox) == 1
        assert moderator.email in mail.outbox[0].to
        assert mail.outbox[0].subject == "Annons att granska: Grävmaskin med förare"
        assert f"/admin/marknadsplats/{listing.pk}/" in mail.outbox[0].body

    def test_a_rejected_listing_sent_in_again_waits_for_review_even_where_publishing_is_direct(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, company=company, status=ListingStatus.REJECTED, moderation_note="Fel kategori")
        assert services.listing_submit(actor=member, listing=listing).status == ListingStatus.PENDING

    def test_an_owner_who_withdrew_a_listing_can_publish_it_again(self, asele, firm):
        company, member = firm
        listing = services.listing_withdraw(actor=member, listing=make_listing(asele, company=company))
        assert listing.status == ListingStatus.WITHDRAWN
        assert services.listing_submit(actor=member, listing=listing).status == ListingStatus.PUBLISHED


class ReviewOfChangesTests:
    def test_where_the_office_reviews_first_a_changed_published_listing_is_reviewed_again(
            self, asele, firm, django_capture_on_commit_callbacks):
        company, member = firm
        MarketplaceSettings.objects.create(municipality=asele, moderation=MarketplaceSettings.Moderation.BEFORE)
        listing = make_listing(asele, company=company)
        listing = services.listing_update(actor=member, listing=listing, expires_on=listing.expires_on)
        assert listing.status == ListingStatus.PUBLISHED
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            listing = services.listing_update(actor=member, listing=listing, title="Köp billiga klockor")
        assert listing.status == ListingStatus.PENDING
        assert mail.outbox[0].subject == "Annons att granska: Köp billiga klockor"

    def test_where_the_office_reviews_afterwards_a_change_stays_published(self, asele, firm):
        company, member = firm
        listing = services.listing_update(actor=member, listing=make_listing(asele, company=company), title="Ny")
        assert listing.status == ListingStatus.PUBLISHED


class RenewalTests:
    def test_renewing_moves_the_last_day_and_allows_a_new_reminder(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, company=company, days=2, expiry_reminded_at=timezone.now())
        listing = services.listing_renew(actor=member, listing=listing)
        assert listing.expires_on == timezone.localdate() + timedelta(days=180)
        assert listing.expiry_reminded_at is None

    def test_renewing_beyond_the_limit_is_refused(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, company=company)
        with pytest.raises(ValidationError) as error:
            services.listing_renew(actor=member, listing=listing,
                                   expires_on=timezone.localdate() + timedelta(days=181))
        assert "högst 180 dagar" in error.value.message_dict["expires_on"][0]


class PhotoAndAttachmentTests:
    def test_a_photo_is_stored_in_the_municipalitys_collection_with_its_description(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, company=company)
        photo = services.listing_add_photo(actor=member, listing=listing, upload=image_upload(),
                                           alt_text="Grävmaskinen vid en husgrund")
        assert photo.image.collection == asele.collection
        assert photo.alt_text == "Grävmaskinen vid en husgrund"

    def test_a_photo_needs_a_description_and_a_real_image(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, company=company)
        with pytest.raises(ValidationError) as error:
            services.listing_add_photo(actor=member, listing=listing, upload=image_upload(), alt_text=" ")
        assert error.value.message_dict == {"alt_text": ["Beskriv kort vad bilden visar."]}
        with pytest.raises(ValidationError) as error:
            services.listing_add_photo(actor=member, listing=listing, upload=pdf_upload("bild.jpg"), alt_text="Bild")
        assert "ingen bild" in error.value.message_dict["photo"][0]
        assert not listing.photos.exists()

    def test_a_seventh_photo_is_refused(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, company=company)
        for number in range(6):
            services.listing_add_photo(actor=member, listing=listing, upload=image_upload(), alt_text=f"Bild {number}")
        with pytest.raises(ValidationError) as error:
            services.listing_add_photo(actor=member, listing=listing, upload=image_upload(), alt_text="En till")
        assert error.value.message_dict["photo"] == ["Högst 6 bilder per annons. Ta bort en först."]

    def test_a_pdf_is_kept_with_the_listing(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, company=company)
        attachment = services.listing_add_attachment(actor=member, listing=listing, upload=pdf_upload(),
                                                     title="Förfrågningsunderlag")
        assert listing.attachments.get() == attachment
        assert attachment.size > 0
        assert bytes(attachment.content.data).startswith(b"%PDF-")

    def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, company=company)
        with pytest.raises(ValidationError) as error:
            services.listing_add_attachment(actor=member, listing=listing, title="Underlag",
                                            upload=pdf_upload(data=b"MZ\x90\x00 not a pdf"))
        assert "ingen PDF" in error.value.message_dict["file"][0]
        assert not listing.attachments.exists()

    def test_a_pdf_over_ten_megabytes_is_refused(self, asele, firm):
        company, member = firm
        listing = make_listing(asele, company=company)
        with pytest.raises(ValidationError) as error:
            services.listing_add_attachment(actor=member, listing=listing, title="Stor",
                                            upload=pdf_upload(data=b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)))
        assert error.value.message_dict["file"] == ["Filen underlag.pdf är för stor (högst 10 MB)."]


class ExpiryReminderTests:
    def test_owners_are_reminded_once_with_a_link_to_renew(self, asele, firm):
        company, member = firm
        creator = make_user("skapare@example.org")
        listing = make_listing(asele, company=company, days=5, created_by=creator)
        make_listing(asele, company=company, days=30, title="Långt kvar")
        make_listing(asele, company=company, days=3, status=ListingStatus.WITHDRAWN, title="Borttagen")
        mail.outbox.clear()
        call_command("marketplace_remind_expiring", stdout=open("/dev/null", "w"))
        assert len(mail.outbox) == 1
        assert sorted(mail.outbox[0].to) == sorted([creator.email, member.email])
        assert mail.outbox[0].subject == "Din annons går snart ut: Grävmaskin med förare"
        assert f"/marknadsplats/hantera/{listing.pk}/forlang/" in mail.outbox[0].body
        call_command("marketplace_remind_expiring", stdout=open("/dev/null", "w"))
        assert len(mail.outbox) == 1

    def test_the_municipalitys_reminder_window_decides_and_renewal_allows_the_next_reminder(self, asele, firm):
        company, member = firm
        MarketplaceSettings.objects.create(municipality=asele, expiry_reminder_days=14)
        listing = make_listing(asele, company=company, days=12)
        assert services.listings_remind_expiring() == 1
        listing = services.listing_renew(actor=member, listing=listing,
                                         expires_on=timezone.localdate() + timedelta(days=10))
        assert services.listings_remind_expiring() == 1
        assert services.listings_remind_expiring() == 0

    def test_a_reminder_the_mail_server_refused_is_sent_on_the_next_run(self, asele, firm, settings):
        company, _member = firm
        listing = make_listing(asele, company=company, days=2)
        # Nothing listens on port 1: the connection is refused at once.
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
        assert services.listings_remind_expiring() == 0
        listing.refresh_from_db()
        assert listing.expiry_reminded_at is None
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        mail.outbox.clear()
        assert services.listings_remind_expiring() == 1
        assert len(mail.outbox) == 1
