"""The moderators' queue "Marknadsplats att granska" in the Wagtail admin and the office's marketplace
settings: each municipality's staff see and decide only their own listings and reports."""
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from marketplace.models import ListingReport, ListingStatus, MarketplaceSettings
from municipalities.models import Role
from tests.factories.accounts import make_superuser
from tests.factories.marketplace import make_listing
from tests.factories.marketplace_h1 import make_member_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
ASELE, ARVIDSJAUR = "asele.localhost", "arvidsjaur.localhost"
QUEUE = "/admin/marknadsplats/"


@pytest.fixture
def world(asele, arvidsjaur):
    company, member = make_member_company(asele)
    pending = make_listing(asele, company=company, status=ListingStatus.PENDING, title="Åseles väntande",
                           created_by=member)
    live = make_listing(asele, company=company, title="Åseles publicerade", created_by=member)
    report = ListingReport.objects.create(municipality=asele, listing=live, reason="fraud", message="Falsk")
    theirs = make_listing(arvidsjaur, status=ListingStatus.PENDING, title="Arvidsjaurs väntande")
    their_report = ListingReport.objects.create(municipality=arvidsjaur, listing=make_listing(
        arvidsjaur, title="Arvidsjaurs publicerade"), reason="spam")
    return {"pending": pending, "live": live, "report": report, "theirs": theirs, "their_report": their_report,
            "member": member}


class ModerationQueueTests:
    def test_the_queue_shows_only_the_users_municipality(self, client, asele, world):
        client.force_login(make_staff(asele, Role.MODERATOR))
        page = client.get(QUEUE, HTTP_HOST=ASELE).content.decode()
        assert "Åseles väntande" in page
        assert "Åseles publicerade" in page
        assert "Bedrägeri" in page
        assert "Arvidsjaurs väntande" not in page
        assert "Arvidsjaurs publicerade" not in page
        recent = page.split("Publicerade den senaste veckan", 1)[1]
        assert "Åseles publicerade" in recent

    def test_the_menu_item_is_there_for_staff(self, client, asele, world):
        client.force_login(make_staff(asele, Role.EDITOR))
        assert "Marknadsplats att granska" in client.get("/admin/", HTTP_HOST=ASELE).content.decode()

    def test_the_platform_administrator_sees_every_municipality(self, client, world):
        admin = make_superuser()
        TOTP.activate(admin, generate_totp_secret())
        client.force_login(admin)
        page = client.get(QUEUE, HTTP_HOST=ASELE).content.decode()
        assert "Åseles väntande" in page
        assert "Arvidsjaurs väntande" in page

    def test_another_municipalitys_listing_and_report_are_404_at_every_url(self, client, asele, world):
        client.force_login(make_staff(asele, Role.MODERATOR))
        theirs, their_report = world["theirs"], world["their_report"]
        assert client.get(f"{QUEUE}{theirs.pk}/", HTTP_HOST=ASELE).status_code == 404
        for decision in ("approve", "reject", "withdraw"):
            assert client.post(f"{QUEUE}{theirs.pk}/{decision}/", {"reason": "Nej"},
                               HTTP_HOST=ASELE).status_code == 404
        for decision in ("dismiss", "action"):
            assert client.post(f"{QUEUE}anmalningar/{their_report.pk}/{decision}/", {"reason": "Nej"},
                               HTTP_HOST=ASELE).status_code == 404
        theirs.refresh_from_db()
        their_report.refresh_from_db()
        assert theirs.status == ListingStatus.PENDING
        assert their_report.status == ListingReport.Status.OPEN

    def test_a_moderator_approves_from_the_review_page(self, client, asele, world, django_capture_on_commit_callbacks):
        client.force_login(make_staff(asele, Role.MODERATOR))
        pending = world["pending"]
        page = client.get(f"{QUEUE}{pending.pk}/", HTTP_HOST=ASELE).content.decode()
        assert "Godkänn och publicera" in page
        assert "Publicera direkt och granska i efterhand" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{QUEUE}{pending.pk}/approve/", HTTP_HOST=ASELE)
        assert response["Location"] == QUEUE
        pending.refresh_from_db()
        assert pending.status == ListingStatus.PUBLISHED
        assert mail.outbox[-1].to == [world["member"].email]

    def test_a_rejection_without_a_reason_is_refused_with_a_message(self, client, asele, world):
        client.force_login(make_staff(asele, Role.MODERATOR))
        pending = world["pending"]
        response = client.post(f"{QUEUE}{pending.pk}/reject/", {"reason": ""}, HTTP_HOST=ASELE, follow=True)
        assert "Skriv en motivering" in response.content.decode()
        pending.refresh_from_db()
        assert pending.status == ListingStatus.PENDING
        client.post(f"{QUEUE}{pending.pk}/reject/", {"reason": "Saknar ort."}, HTTP_HOST=ASELE)
        pending.refresh_from_db()
        assert (pending.status, pending.moderation_note) == (ListingStatus.REJECTED, "Saknar ort.")

    def test_reports_are_dismissed_or_acted_on(self, client, asele, world):
        client.force_login(make_staff(asele, Role.MODERATOR))
        report, live = world["report"], world["live"]
        other = ListingReport.objects.create(municipality=asele, listing=live, reason="spam")
        client.post(f"{QUEUE}anmalningar/{other.pk}/dismiss/", HTTP_HOST=ASELE)
        other.refresh_from_db()
        assert other.status == ListingReport.Status.DISMISSED
        client.post(f"{QUEUE}anmalningar/{report.pk}/action/", {"reason": "Bedräglig annons."}, HTTP_HOST=ASELE)
        report.refresh_from_db()
        live.refresh_from_db()
        assert report.status == ListingReport.Status.ACTIONED
        assert (live.status, live.moderation_note) == (ListingStatus.WITHDRAWN, "Bedräglig annons.")

    def test_a_moderator_takes_a_published_listing_down_with_a_reason(self, client, asele, world):
        client.force_login(make_staff(asele, Role.MODERATOR))
        live = world["live"]
        assert "Ta bort annonsen" in client.get(f"{QUEUE}{live.pk}/", HTTP_HOST=ASELE).content.decode()
        client.post(f"{QUEUE}{live.pk}/withdraw/", {"reason": "Dubblett av annons 12."}, HTTP_HOST=ASELE)
        live.refresh_from_db()
        assert (live.status, live.moderation_note) == (ListingStatus.WITHDRAWN, "Dubblett av annons 12.")

    def test_people_without_a_staff_role_cannot_open_the_queue(self, client, asele, world):
        client.force_login(world["member"])
        response = client.get(QUEUE, HTTP_HOST=ASELE)
        assert response.status_code in (302, 403)
        assert "Åseles väntande" not in response.content.decode()


class MarketplaceSettingsAdminTests:
    def test_an_editor_sets_their_municipalitys_moderation_and_cannot_reach_anothers(self, client, asele,
                                                                                      arvidsjaur):
        theirs = MarketplaceSettings.objects.create(municipality=arvidsjaur, max_expiry_days=30)
        client.force_login(make_staff(asele, Role.EDITOR))
        listing = client.get("/admin/snippets/marketplace/marketplacesettings/", HTTP_HOST=ASELE)
        assert listing.status_code == 200
        assert arvidsjaur.name not in listing.content.decode()
        assert client.get(f"/admin/snippets/marketplace/marketplacesettings/edit/{theirs.pk}/",
                          HTTP_HOST=ASELE).status_code == 404
        response = client.post("/admin/snippets/marketplace/marketplacesettings/add/",
                               {"moderation": "before", "max_expiry_days": "90", "expiry_reminder_days": "5"},
                               HTTP_HOST=ASELE)
        assert response.status_code == 302
        mine = MarketplaceSettings.objects.get(municipality=asele)
        assert (mine.moderation, mine.max_expiry_days) == ("before", 90)
        again = client.post("/admin/snippets/marketplace/marketplacesettings/add/",
                            {"moderation": "after", "max_expiry_days": "90", "expiry_reminder_days": "5"},
                            HTTP_HOST=ASELE)
        assert "har redan inställningar för marknadsplatsen" in again.content.decode()
        assert MarketplaceSettings.objects.filter(municipality=asele).count() == 1

    def test_a_moderator_does_not_change_the_settings(self, client, asele):
        mine = MarketplaceSettings.objects.create(municipality=asele)
        client.force_login(make_staff(asele, Role.MODERATOR))
        response = client.post(f"/admin/snippets/marketplace/marketplacesettings/edit/{mine.pk}/",
                               {"moderation": "before", "max_expiry_days": "10", "expiry_reminder_days": "1"},
                               HTTP_HOST=ASELE)
        assert response.status_code in (302, 403, 404)
        mine.refresh_from_db()
        assert mine.moderation == "after"

    def test_nobody_signed_out_reaches_the_settings(self, client, asele):
        response = client.get("/admin/snippets/marketplace/marketplacesettings/", HTTP_HOST=ASELE)
        assert response.status_code == 302
        assert "login" in response["Location"]
