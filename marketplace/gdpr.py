"""The marketplace's part of a user's data export: what they wrote and asked for in their own name —
listings they created, reports they filed, bookings they requested, answers they submitted and the
messages they wrote. Companies' own listings and answers are the company's data, given here only where
the user wrote them."""
from marketplace.models import Answer, Booking, Listing, ListingReport, Message


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_marketplace(user) -> dict:
    return {
        "listings_created": [
            {"title": listing.title, "kind": listing.kind, "status": listing.status,
             "created": _when(listing.created_at), "expires_on": _when(listing.expires_on)}
            for listing in Listing.objects.filter(created_by=user).order_by("created_at")
        ],
        "reports": [
            {"listing": report.listing.title, "reason": report.reason, "message": report.message,
             "status": report.status, "created": _when(report.created_at)}
            for report in ListingReport.objects.filter(reporter=user).select_related("listing")
        ],
        "bookings": [
            {"resource": booking.listing.title, "starts_at": _when(booking.starts_at), "ends_at": _when(booking.ends_at),
             "status": booking.status, "message": booking.message}
            for booking in Booking.objects.filter(requested_by=user).select_related("listing")
        ],
        "answers": [
            {"listing": answer.listing.title, "company": answer.company.legal_name, "text": answer.text,
             "status": answer.status, "created": _when(answer.created_at),
             "attachments": [a.title for a in answer.attachments.all()]}
            for answer in Answer.objects.filter(submitted_by=user).select_related("listing", "company")
            .prefetch_related("attachments")
        ],
        "messages": [
            {"listing": message.conversation.listing.title, "body": message.body, "sent": _when(message.created_at)}
            for message in Message.objects.filter(author=user).select_related("conversation__listing")
        ],
    }
