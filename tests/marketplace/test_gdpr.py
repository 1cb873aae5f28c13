"""A user's data download holds what they wrote and asked for in the marketplace."""
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import Booking, Conversation, ListingReport, Message
from tests.factories.accounts import make_user
from tests.factories.directory import make_company
from tests.factories.marketplace import make_listing

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"


class MarketplaceDataDownloadTests:
    def test_download_holds_the_users_reports_bookings_and_messages(self, client, arvidsjaur):
        company = make_company(arvidsjaur, published=True)
        resident = make_user("anna@example.org")
        resource = make_listing(arvidsjaur, kind="resource", title="Släpvagn 3,5 ton", company=company)
        start = timezone.now() + timedelta(days=2)
        Booking.objects.create(municipality=arvidsjaur, listing=resource, requested_by=resident, starts_at=start,
                               ends_at=start + timedelta(hours=3), message="Till flytten")
        ListingReport.objects.create(municipality=arvidsjaur, listing=resource, reporter=resident, reason="wrong",
                                     message="Fel telefonnummer")
        call = make_listing(arvidsjaur, kind="call", title="Snöröjning av serviceväg", company=company)
        conversation = Conversation.objects.create(municipality=arvidsjaur, listing=call, company=company)
        Message.objects.create(conversation=conversation, author=resident, body="Vi kan börja i december.")
        Message.objects.create(conversation=conversation, author=make_user("annan@example.org"), body="Inte mitt")
        client.force_login(resident)
        data = json.loads(client.get("/konto/integritet/mina-uppgifter.json", HTTP_HOST=HOST).content)
        mine = data["marketplace"]
        assert [b["resource"] for b in mine["bookings"]] == ["Släpvagn 3,5 ton"]
        assert mine["bookings"][0]["message"] == "Till flytten"
        assert [r["message"] for r in mine["reports"]] == ["Fel telefonnummer"]
        assert [m["body"] for m in mine["messages"]] == ["Vi kan börja i december."]
