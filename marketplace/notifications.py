"""E-mails about listings: to the moderators about new work (a listing to review, a report), to the listing's
owner about decisions (approved, rejected, taken down) and about an expiry coming up. Sent on commit by
marketplace.listing_services; every link points at the municipality's own host."""
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.models import Listing, ListingReport
from municipalities.models import MunicipalityMembership, Role


def listing_public_path(listing: Listing) -> str:
    return reverse("marketplace:listing-detail", kwargs={"pk": listing.pk})


def _root(listing: Listing) -> str:
    return listing.municipality.site.root_url


def _manage_url(listing: Listing) -> str:
    return _root(listing) + reverse("marketplace_manage:listing-edit", kwargs={"pk": listing.pk})


def _send(subject: str, template: str, context: dict, recipients) -> None:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    body = render_to_string(f"marketplace/emails/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def moderator_emails(municipality) -> list[str]:
    """The municipality's moderators; the office's address when it has named none."""
    emails = list(MunicipalityMembership.objects.filter(municipality=municipality, role=Role.MODERATOR)
                  .values_list("user__email", flat=True))
    return emails or [municipality.office_email]


def owner_emails(listing: Listing) -> list[str]:
    """Whoever created the listing and, for a company's listing, the company's members."""
    emails = [listing.created_by.email] if listing.created_by_id else []
    if listing.company_id:
        emails += list(listing.company.members.values_list("user__email", flat=True))
    return emails


def _queue_url(listing: Listing) -> str:
    return _root(listing) + reverse("marketplace_admin:listing", kwargs={"listing_id": listing.pk})


def moderators_listing_pending(listing: Listing) -> None:
    _send(_("Annons att granska: %(title)s") % {"title": listing.title}, "moderators_listing_pending",
          {"listing": listing, "review_url": _queue_url(listing)}, moderator_emails(listing.municipality))


def moderators_listing_reported(report: ListingReport) -> None:
    listing = report.listing
    _send(_("Anmäld annons: %(title)s") % {"title": listing.title}, "moderators_listing_reported",
          {"listing": listing, "report": report, "review_url": _queue_url(listing)},
          moderator_emails(listing.municipality))


def owner_listing_approved(listing: Listing) -> None:
    _send(_("Din annons är publicerad: %(title)s") % {"title": listing.title}, "owner_listing_approved",
          {"listing": listing, "public_url": _root(listing) + listing_public_path(listing)}, owner_emails(listing))


def owner_listing_rejected(listing: Listing) -> None:
    _send(_("Din annons publicerades inte: %(title)s") % {"title": listing.title}, "owner_listing_rejected",
          {"listing": listing, "manage_url": _manage_url(listing)}, owner_emails(listing))


def owner_listing_withdrawn(listing: Listing) -> None:
    _send(_("Din annons har tagits bort: %(title)s") % {"title": listing.title}, "owner_listing_withdrawn",
          {"listing": listing, "manage_url": _manage_url(listing)}, owner_emails(listing))


def owner_listing_expiring(listing: Listing) -> None:
    _send(_("Din annons går snart ut: %(title)s") % {"title": listing.title}, "owner_listing_expiring",
          {"listing": listing, "renew_url": _root(listing) + reverse(
              "marketplace_manage:listing-renew", kwargs={"pk": listing.pk})}, owner_emails(listing))
