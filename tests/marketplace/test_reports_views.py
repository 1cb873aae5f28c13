"""Reporting a listing from its public page: a small form that works signed out, a thanks page, one report per
signed-in user, and a light limit on anonymous reports of one listing from one address."""
import uuid

import pytest
from django.core import mail

from marketplace.models import ListingReport, ListingStatus
from tests.factories.accounts import make_user
from tests.factories.marketplace import make_listing
from tests.factories.marketplace_h1 import make_member_company

pytestmark = pytest.mark.django_db
ASELE, ARVIDSJAUR = "asele.localhost", "arvidsjaur.localhost"


def _address() -> str:
    """An address of this test's own: the limit is kept in a cache that outlives the test (and listing ids
    repeat between tests), and clearing a cache others may share is not ours to do."""
    return "10.{}.{}.{}".format(*uuid.uuid4().bytes[:3])


@pytest.fixture
def listing(asele):
    company, _member = make_member_company(asele)
    return make_listing(asele, company=company)


class ReportPageTests:
    def test_a_visitor_reports_without_signing_in_and_is_thanked(self, client, listing,
                                                                 django_capture_on_commit_callbacks):
        page = client.get(f"/marknadsplats/{listing.pk}/anmal/", HTTP_HOST=ASELE).content.decode()
        assert "<legend>Vad är fel med annonsen?</legend>" in page
        assert "Skräpreklam" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/marknadsplats/{listing.pk}/anmal/",
                                   {"reason": "spam", "message": "Samma text överallt."}, HTTP_HOST=ASELE,
                                   REMOTE_ADDR=_address())
        assert response["Location"] == f"/marknadsplats/{listing.pk}/anmal/tack/"
        report = ListingReport.objects.get()
        assert (report.reason, report.reporter, report.message) == ("spam", None, "Samma text överallt.")
        assert len(mail.outbox) >= 1
        assert mail.outbox[-1].subject.startswith("Anmäld annons")
        thanks = client.get(response["Location"], HTTP_HOST=ASELE).content.decode()
        assert "Tack för din anmälan" in thanks

    def test_a_missing_reason_is_shown_at_the_question(self, client, listing):
        page = client.post(f"/marknadsplats/{listing.pk}/anmal/", {"message": "Hmm"}, HTTP_HOST=ASELE).content.decode()
        assert "Välj vad som är fel." in page
        assert not ListingReport.objects.exists()

    def test_a_signed_in_user_reporting_again_is_told_so(self, client, listing):
        client.force_login(make_user("besokare@example.org"))
        client.post(f"/marknadsplats/{listing.pk}/anmal/", {"reason": "wrong"}, HTTP_HOST=ASELE)
        page = client.post(f"/marknadsplats/{listing.pk}/anmal/", {"reason": "other"}, HTTP_HOST=ASELE)
        assert "Du har redan anmält den här annonsen." in page.content.decode()
        assert ListingReport.objects.count() == 1

    def test_anonymous_reports_from_one_address_are_limited_per_listing(self, client, listing):
        address = _address()
        for _ in range(3):
            assert client.post(f"/marknadsplats/{listing.pk}/anmal/", {"reason": "spam"}, HTTP_HOST=ASELE,
                               REMOTE_ADDR=address).status_code == 302
        response = client.post(f"/marknadsplats/{listing.pk}/anmal/", {"reason": "spam"}, HTTP_HOST=ASELE,
                               REMOTE_ADDR=address)
        assert response.status_code == 429
        assert "Försök igen i morgon." in response.content.decode()
        assert ListingReport.objects.count() == 3
        other = client.post(f"/marknadsplats/{listing.pk}/anmal/", {"reason": "spam"}, HTTP_HOST=ASELE,
                            REMOTE_ADDR=_address())
        assert other.status_code == 302

    def test_listings_not_live_or_of_another_municipality_cannot_be_reported(self, client, asele, listing):
        pending = make_listing(asele, company=listing.company, status=ListingStatus.PENDING, title="Väntar")
        assert client.get(f"/marknadsplats/{pending.pk}/anmal/", HTTP_HOST=ASELE).status_code == 404
        assert client.get(f"/marknadsplats/{listing.pk}/anmal/", HTTP_HOST=ARVIDSJAUR).status_code == 404
        assert client.post(f"/marknadsplats/{listing.pk}/anmal/", {"reason": "spam"},
                           HTTP_HOST=ARVIDSJAUR).status_code == 404
        assert not ListingReport.objects.exists()


class ReportReachesTheRightModeratorsTests:
    def test_a_hub_listing_reported_from_another_host_lands_in_its_own_municipalitys_queue_only(
            self, client, arvidsjaur, overkalix):
        """The hub spans Överkalix, so the listing located in Arvidsjaur shows there; the report still goes
        to Arvidsjaur's moderators, never to Överkalix's."""
        from municipalities.models import Role
        from tests.factories.marketplace import make_hub
        from tests.factories.municipalities import make_staff

        company, _member = make_member_company(arvidsjaur)
        hub = make_hub(arvidsjaur, owner_company=company, name="Vindparkens leverantörer", spans=[overkalix])
        listing = make_listing(arvidsjaur, hub=hub, title="Misstänkt annons om snöröjning")
        response = client.post(f"/marknadsplats/{listing.pk}/anmal/", {"reason": "fraud", "message": "Falsk"},
                               HTTP_HOST="overkalix.localhost", REMOTE_ADDR=_address())
        assert response.status_code == 302
        client.force_login(make_staff(arvidsjaur, Role.MODERATOR))
        assert "Misstänkt annons om snöröjning" in client.get("/admin/marknadsplats/", HTTP_HOST=ARVIDSJAUR).content.decode()
        client.force_login(make_staff(overkalix, Role.MODERATOR))
        assert "Misstänkt annons om snöröjning" not in client.get(
            "/admin/marknadsplats/", HTTP_HOST="overkalix.localhost").content.decode()
