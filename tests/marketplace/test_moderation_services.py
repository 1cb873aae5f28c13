"""Moderators of a listing's municipality approve, reject with a reason and take listings down; reports come
from anyone who sees a live listing and are dismissed or acted on. Owners hear about decisions by e-mail."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from marketplace import listing_services as services
from marketplace.models import ListingReport, ListingStatus
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.marketplace import make_listing
from tests.factories.marketplace_h1 import image_upload, make_member_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(asele):
    company, member = make_member_company(asele)
    listing = make_listing(asele, company=company, status=ListingStatus.PENDING, created_by=member)
    return listing, member


@pytest.fixture
def moderator(asele):
    return make_staff(asele, Role.MODERATOR, email="granskare@asele.example.org")


class ListingModerationTests:
    def test_a_moderator_approves_and_the_owner_is_told_where_to_see_it(
            self, pending, moderator, django_capture_on_commit_callbacks):
        listing, member = pending
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            listing = services.listing_approve(actor=moderator, listing=listing)
        assert listing.status == ListingStatus.PUBLISHED
        assert listing.published_at is not None
        assert mail.outbox[0].to == [member.email]
        assert mail.outbox[0].subject == "Din annons är publicerad: Grävmaskin med förare"
        assert f"http://asele.localhost/marknadsplats/{listing.pk}/" in mail.outbox[0].body

    def test_a_rejection_needs_a_reason_and_the_reason_reaches_the_creator(
            self, pending, moderator, django_capture_on_commit_callbacks):
        listing, member = pending
        with pytest.raises(ValidationError) as error:
            services.listing_reject(actor=moderator, listing=listing, reason="  ")
        assert "Skriv en motivering" in error.value.message_dict["reason"][0]
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.listing_reject(actor=moderator, listing=listing, reason="Annonsen saknar pris och ort.")
        listing.refresh_from_db()
        assert listing.status == ListingStatus.REJECTED
        assert mail.outbox[0].to == [member.email]
        assert "Motivering: Annonsen saknar pris och ort." in mail.outbox[0].body
        assert f"/marknadsplats/hantera/{listing.pk}/" in mail.outbox[0].body

    def test_a_moderator_of_another_municipality_can_do_nothing(self, pending, arvidsjaur):
        listing, _member = pending
        outsider = make_staff(arvidsjaur, Role.MODERATOR)
        for call in (lambda: services.listing_approve(actor=outsider, listing=listing),
                     lambda: services.listing_reject(actor=outsider, listing=listing, reason="Nej"),
                     lambda: services.listing_moderator_withdraw(actor=outsider, listing=listing, note="Nej")):
            with pytest.raises(PermissionDenied):
                call()
        listing.refresh_from_db()
        assert listing.status == ListingStatus.PENDING

    def test_the_owner_cannot_approve_their_own_listing(self, pending):
        listing, member = pending
        with pytest.raises(PermissionDenied):
            services.listing_approve(actor=member, listing=listing)

    def test_a_listing_taken_down_by_a_moderator_cannot_be_edited_and_is_reviewed_if_sent_in(self, asele, moderator):
        company, member = make_member_company(asele)
        listing = make_listing(asele, company=company)
        services.listing_moderator_withdraw(actor=moderator, listing=listing, note="Vilseledande pris.")
        with pytest.raises(ValidationError) as error:
            services.listing_update(actor=member, listing=listing, title="Samma igen")
        assert "Moderatorn har tagit bort annonsen" in error.value.messages[0]
        with pytest.raises(ValidationError):
            services.listing_add_photo(actor=member, listing=listing, upload=image_upload(), alt_text="Samma")
        assert services.listing_submit(actor=member, listing=listing).status == ListingStatus.PENDING


class ReportTests:
    def test_an_anonymous_visitor_reports_a_live_listing_and_the_moderators_are_told(
            self, asele, moderator, django_capture_on_commit_callbacks):
        company, _member = make_member_company(asele)
        listing = make_listing(asele, company=company)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            report = services.listing_report(actor_or_none=None, listing=listing, reason="fraud",
                                             message="Säljer samma maskin i tre kommuner.")
        assert report.reporter is None
        assert report.municipality == asele
        assert len(mail.outbox) == 1
        assert moderator.email in mail.outbox[0].to
        assert mail.outbox[0].subject == "Anmäld annons: Grävmaskin med förare"
        assert "Anledning: Bedrägeri eller falsk annons" in mail.outbox[0].body
        assert "Säljer samma maskin i tre kommuner." in mail.outbox[0].body

    def test_a_signed_in_user_reports_a_listing_once(self, asele):
        company, _member = make_member_company(asele)
        listing = make_listing(asele, company=company)
        visitor = make_user("besokare@example.org")
        services.listing_report(actor_or_none=visitor, listing=listing, reason="spam")
        with pytest.raises(ValidationError) as error:
            services.listing_report(actor_or_none=visitor, listing=listing, reason="other")
        assert "redan anmält" in error.value.messages[0]
        assert ListingReport.objects.count() == 1

    def test_a_listing_that_is_not_live_cannot_be_reported(self, asele):
        company, _member = make_member_company(asele)
        for listing in (make_listing(asele, company=company, status=ListingStatus.PENDING),
                        make_listing(asele, company=company, days=-1)):
            with pytest.raises(PermissionDenied):
                services.listing_report(actor_or_none=AnonymousUser(), listing=listing, reason="spam")

    def test_an_unknown_reason_is_refused_at_the_reason(self, asele):
        company, _member = make_member_company(asele)
        listing = make_listing(asele, company=company)
        with pytest.raises(ValidationError) as error:
            services.listing_report(actor_or_none=None, listing=listing, reason="tycker-inte-om")
        assert "reason" in error.value.message_dict

    def test_dismissing_closes_the_report_and_leaves_the_listing(self, asele, moderator):
        company, _member = make_member_company(asele)
        listing = make_listing(asele, company=company)
        report = services.listing_report(actor_or_none=None, listing=listing, reason="spam")
        mail.outbox.clear()
        report = services.report_dismiss(actor=moderator, report=report)
        listing.refresh_from_db()
        assert report.status == ListingReport.Status.DISMISSED
        assert report.handled_by == moderator
        assert listing.status == ListingStatus.PUBLISHED
        assert mail.outbox == []
        with pytest.raises(ValidationError):
            services.report_dismiss(actor=moderator, report=report)

    def test_acting_on_a_report_takes_the_listing_down_tells_the_owner_and_closes_every_report_of_it(
            self, asele, moderator, django_capture_on_commit_callbacks):
        company, member = make_member_company(asele)
        listing = make_listing(asele, company=company, created_by=member)
        first = services.listing_report(actor_or_none=None, listing=listing, reason="fraud")
        second = services.listing_report(actor_or_none=make_user("b@example.org"), listing=listing, reason="wrong")
        with pytest.raises(ValidationError) as error:
            services.report_action(actor=moderator, report=first, note="")
        assert "note" in error.value.message_dict
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.report_action(actor=moderator, report=first, note="Maskinen finns inte.")
        listing.refresh_from_db()
        second.refresh_from_db()
        assert listing.status == ListingStatus.WITHDRAWN
        assert listing.moderation_note == "Maskinen finns inte."
        assert second.status == ListingReport.Status.ACTIONED
        assert [m.to for m in mail.outbox] == [[member.email]]
        assert mail.outbox[0].subject == "Din annons har tagits bort: Grävmaskin med förare"
        assert "Motivering: Maskinen finns inte." in mail.outbox[0].body

    def test_only_the_listings_municipality_handles_its_reports(self, asele, arvidsjaur):
        company, _member = make_member_company(asele)
        report = services.listing_report(actor_or_none=None, listing=make_listing(asele, company=company),
                                         reason="spam")
        with pytest.raises(PermissionDenied):
            services.report_dismiss(actor=make_staff(arvidsjaur, Role.MODERATOR), report=report)
        with pytest.raises(PermissionDenied):
            services.report_action(actor=make_user("x@example.org"), report=report, note="Bort")
