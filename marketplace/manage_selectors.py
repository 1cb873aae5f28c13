"""Reads for listings' owners and the municipality's moderators: what a user may manage on a municipality's
site, who they may act for, and the moderation queue of the municipalities they serve."""
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from directory.models import Company
from marketplace.models import Hub, Listing, ListingReport, ListingStatus
from marketplace.permissions import company_ids_for_user
from municipalities.models import STAFF_ROLES
from municipalities.permissions import (
    can_edit_municipality,
    is_platform_admin,
    municipality_ids_for_user,
    owner_ids_for_user,
)


def hub_list_managed(*, municipality, user) -> QuerySet[Hub]:
    """Active hubs the user manages that are at home in, or span, the municipality."""
    hubs = Hub.objects.filter(Q(municipality=municipality) | Q(municipalities=municipality), active=True)
    if not is_platform_admin(user):
        hubs = hubs.filter(Q(owner_platform_id__in=owner_ids_for_user(user))
                           | Q(owner_company_id__in=company_ids_for_user(user)))
    return hubs.distinct().order_by("name")


def company_list_for_listings(*, municipality, user) -> QuerySet[Company]:
    """The municipality's published companies the user is a member of."""
    return (Company.objects.filter(municipality=municipality, status=Company.Status.PUBLISHED,
                                   pk__in=company_ids_for_user(user)).order_by("legal_name"))


def listing_list_manageable(*, municipality, user) -> QuerySet[Listing]:
    """Every listing located in the municipality that the user may edit, in every state."""
    listings = Listing.objects.filter(municipality=municipality)
    if not is_platform_admin(user):
        owned = Q(company_id__in=company_ids_for_user(user)) | Q(hub__in=hub_list_managed(
            municipality=municipality, user=user).values("pk"))
        if can_edit_municipality(user, municipality):
            owned |= Q(company__isnull=True, hub__isnull=True)
        listings = listings.filter(owned)
    return (listings.select_related("company", "hub", "municipality")
            .annotate(open_reports=Count("reports", filter=Q(reports__status=ListingReport.Status.OPEN)))
            .order_by("company__legal_name", "hub__name", "-created_at"))


def listing_get_in_municipality(*, municipality, pk: int) -> Listing | None:
    return (Listing.objects.filter(municipality=municipality, pk=pk)
            .select_related("company", "hub", "municipality", "locality").first())


# --- moderation ---------------------------------------------------------------------------------------
def _staff_listings(user) -> QuerySet[Listing]:
    if is_platform_admin(user):
        return Listing.objects.all()
    return Listing.objects.filter(municipality_id__in=municipality_ids_for_user(user, STAFF_ROLES))


def listing_list_pending_for_staff(*, user) -> QuerySet[Listing]:
    return (_staff_listings(user).filter(status=ListingStatus.PENDING)
            .select_related("municipality", "company", "hub").order_by("updated_at"))


def listing_list_recently_published_for_staff(*, user, days: int = 7) -> QuerySet[Listing]:
    """Published in the last days: where the office reviews afterwards, this is what it reviews."""
    since = timezone.now() - timedelta(days=days)
    return (_staff_listings(user).filter(status=ListingStatus.PUBLISHED, published_at__gte=since)
            .select_related("municipality", "company", "hub").order_by("-published_at"))


def report_list_open_for_staff(*, user) -> QuerySet[ListingReport]:
    reports = ListingReport.objects.filter(status=ListingReport.Status.OPEN)
    if not is_platform_admin(user):
        reports = reports.filter(municipality_id__in=municipality_ids_for_user(user, STAFF_ROLES))
    return reports.select_related("listing", "municipality").order_by("created_at")


def listing_list_for_staff(*, user) -> QuerySet[Listing]:
    """Every listing of the user's municipalities, with what the moderation page shows of each."""
    return _staff_listings(user).select_related("municipality", "company", "hub", "created_by", "locality")


def report_list_for_listing(*, listing: Listing) -> QuerySet[ListingReport]:
    return listing.reports.select_related("reporter", "handled_by").order_by("status", "-created_at")
