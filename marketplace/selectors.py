"""Reads for the public marketplace: listings anyone may see on a municipality's host, its events and a hub's.

A listing is on a municipality's host when it is located there or its hub spans the municipality. Every list
here checks live-ness (published, not expired) and the public audience in the database itself, so a listing
whose expiry passed is gone at once, before the hourly job takes it out of the search index. The single
listing read (`listing_get_in_scope`) checks only the scope: whether the viewer may see it is
`permissions.can_view_listing`'s decision (its owner sees it pending, a hub member a members-only one)."""
from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.models import Audience, Hub, Listing, ListingAttachment, ListingKind, ListingStatus
from municipalities.models import Municipality


def listing_ids_on_host(municipality_id: int) -> QuerySet:
    """The one scope rule: a listing is shown on its own municipality's host and on the hosts of the
    municipalities its hub spans. A pk subquery, so the hub join never repeats rows; every read by host
    (listings, answers, threads, attachments) goes through it."""
    return Listing.objects.filter(Q(municipality_id=municipality_id)
                                  | Q(hub__municipalities__id=municipality_id)).values("pk")


def listing_queryset_live_public() -> QuerySet[Listing]:
    """Every listing anyone may see, whatever the municipality: published, not expired, for everyone."""
    return Listing.objects.filter(status=ListingStatus.PUBLISHED, audience=Audience.PUBLIC,
                                  expires_on__gte=timezone.localdate())


def listing_list_live(*, municipality: Municipality) -> QuerySet[Listing]:
    """The live public listings shown on the municipality's host."""
    return listing_queryset_live_public().filter(pk__in=listing_ids_on_host(municipality.pk)).select_related(
        "municipality", "company", "company__municipality", "hub", "locality")


def listing_list_live_by_ids(*, municipality: Municipality, ids: list[int]) -> list[Listing]:
    """The listings a search returned, in its order, leaving out any no longer live (or not in scope)."""
    by_id = listing_list_live(municipality=municipality).filter(pk__in=ids).in_bulk()
    return [by_id[pk] for pk in ids if pk in by_id]


def listing_get_in_scope(*, municipality: Municipality, pk: int) -> Listing | None:
    """One listing of this host (located here or its hub spans it) in any state; None otherwise."""
    scoped = listing_ids_on_host(municipality.pk)
    return (Listing.objects.filter(pk=pk, pk__in=scoped)
            .select_related("municipality", "company", "company__municipality", "hub", "locality")
            .prefetch_related("items", "photos__image", "attachments").first())


def event_list_upcoming(*, municipality: Municipality, hub: Hub | None = None, limit: int = 500) -> QuerySet[Listing]:
    """Live public events of the host (or of one hub) that have not ended, soonest first."""
    now = timezone.now()
    events = listing_list_live(municipality=municipality).filter(kind=ListingKind.EVENT, starts_at__isnull=False)
    if hub is not None:
        events = events.filter(hub=hub)
    not_over = Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
    return events.filter(not_over).order_by("starts_at", "pk")[:limit]


def hub_get_spanning(*, municipality: Municipality, slug: str) -> Hub | None:
    """An active hub that spans the municipality; None for another municipality's hub."""
    return Hub.objects.filter(slug=slug, active=True, municipalities=municipality).first()


def hub_names_by_slug(*, slugs: list[str]) -> dict[str, str]:
    return dict(Hub.objects.filter(slug__in=slugs).values_list("slug", "name"))


def attachment_get_on_host(*, municipality: Municipality, attachment_id: int) -> ListingAttachment | None:
    """An attachment of a listing shown on this host, or of an answer to one; its bytes are not loaded."""
    on_host = listing_ids_on_host(municipality.pk)
    return (ListingAttachment.objects.filter(Q(listing_id__in=on_host) | Q(answer__listing_id__in=on_host),
                                             pk=attachment_id)
            .select_related("listing__hub", "listing__municipality", "answer__listing__hub",
                            "answer__listing__municipality").first())
