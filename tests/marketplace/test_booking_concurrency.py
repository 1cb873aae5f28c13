"""Two confirmations of overlapping requests for one resource at the same moment (PostgreSQL): exactly one
wins, the other is refused naming the clash, and the calendar never holds two overlapping bookings."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from marketplace import booking_services
from marketplace.models import Booking
from tests.factories.accounts import make_user
from tests.factories.marketplace_h3 import at, future_day, make_booking, make_company_with_owner, make_resource
from tests.factories.municipalities import make_municipality

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"),
]


def test_two_owners_confirming_overlapping_requests_at_once_confirm_only_one():
    arvidsjaur = make_municipality("2505")
    company, owner = make_company_with_owner(arvidsjaur, email="maskinringen@example.org",
                                             legal_name="Maskinringen Arvidsjaur AB", org_number="556036-0793")
    listing = make_resource(arvidsjaur, company=company)
    day = future_day()
    requests = [make_booking(listing, requested_by=make_user("forsta@example.org"), starts_at=at(day, 10),
                             ends_at=at(day, 14)),
                make_booking(listing, requested_by=make_user("andra@example.org"), starts_at=at(day, 12),
                             ends_at=at(day, 16))]
    start, refused, errors = threading.Barrier(2), [], []

    def confirm(booking):
        try:
            start.wait(timeout=10)
            booking_services.booking_confirm(actor=owner, booking=booking)
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(booking,)) for booking in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(refused) == 1
    assert "Tiden krockar med en bekräftad bokning" in refused[0]
    assert Booking.objects.filter(listing=listing, status=Booking.Status.CONFIRMED).count() == 1
