"""Every read of hubs and their memberships. Selectors take the municipality (or the hub), never the request."""
from django.db.models import Q, QuerySet
from django.utils import timezone

from directory.models import Company
from marketplace.models import Audience, Hub, HubMembership, Listing, ListingStatus
from municipalities.models import Municipality, PlatformOwner

Status = HubMembership.Status


def hub_list_for_municipality(*, municipality: Municipality) -> QuerySet[Hub]:
    """The active hubs spanning this municipality, wherever they are at home."""
    return (Hub.objects.filter(active=True, municipalities=municipality)
            .select_related("owner_platform", "owner_company", "logo").order_by("name").distinct())


def hub_get_for_municipality(*, municipality: Municipality, slug: str) -> Hub | None:
    """A hub spanning this municipality, active or not (the caller decides who sees an inactive one)."""
    return (Hub.objects.filter(slug=slug, municipalities=municipality)
            .select_related("municipality__site", "owner_platform", "owner_company", "logo").first())


def hub_listing_list_live(*, hub: Hub, include_members_only: bool) -> QuerySet[Listing]:
    listings = Listing.objects.filter(hub=hub, status=ListingStatus.PUBLISHED, expires_on__gte=timezone.localdate())
    if not include_members_only:
        listings = listings.filter(audience=Audience.PUBLIC)
    return listings.select_related("municipality").order_by("-published_at", "-pk")


def hub_member_list(*, hub: Hub) -> QuerySet[HubMembership]:
    return (HubMembership.objects.filter(hub=hub, status=Status.MEMBER)
            .select_related("company__municipality__site").order_by("company__legal_name"))


def hub_membership_list(*, hub: Hub, status: str) -> QuerySet[HubMembership]:
    return (HubMembership.objects.filter(hub=hub, status=status)
            .select_related("company__municipality").order_by("created_at"))


def hub_membership_get(*, hub: Hub, membership_id: int) -> HubMembership | None:
    return HubMembership.objects.filter(hub=hub, pk=membership_id).select_related("hub", "company").first()


def hub_membership_list_for_user(*, hub: Hub, user) -> QuerySet[HubMembership]:
    """The memberships (any state) of the companies the user belongs to, for their own buttons."""
    if not user.is_authenticated:
        return HubMembership.objects.none()
    return (HubMembership.objects.filter(hub=hub, company__members__user=user)
            .select_related("company").order_by("company__legal_name"))


def hub_company_choices_for_user(*, hub: Hub, user) -> QuerySet[Company]:
    """The user's published companies in the hub's municipalities that may apply: not members, not waiting for
    a decision, and not invited (an invited company answers the invitation instead)."""
    if not user.is_authenticated:
        return Company.objects.none()
    taken = HubMembership.objects.filter(hub=hub, status__in=[Status.MEMBER, Status.APPLIED, Status.INVITED]
                                         ).values("company")
    return (Company.objects.filter(members__user=user, status=Company.Status.PUBLISHED,
                                   municipality__in=hub.municipalities.all())
            .exclude(pk__in=taken).order_by("legal_name").distinct())


def hub_invitable_companies(*, hub: Hub) -> QuerySet[Company]:
    """Published companies of the spanned municipalities, not members, applicants or invited already."""
    taken = HubMembership.objects.filter(hub=hub, status__in=[Status.MEMBER, Status.APPLIED, Status.INVITED])
    return (Company.objects.filter(status=Company.Status.PUBLISHED, municipality__in=hub.municipalities.all())
            .exclude(pk__in=taken.values("company")).select_related("municipality").order_by("legal_name"))


def hub_owner_choices_for_user(*, user, municipality: Municipality) -> tuple[list, list]:
    """(platform owners, published companies of this municipality) the user may start a hub for."""
    if not user.is_authenticated:
        return [], []
    owners = PlatformOwner.objects.all()
    if not user.is_superuser:
        owners = owners.filter(members=user).filter(Q(kind=PlatformOwner.Kind.COMPANY) | Q(municipalities=municipality))
    companies = Company.objects.filter(municipality=municipality, status=Company.Status.PUBLISHED)
    if not user.is_superuser:
        companies = companies.filter(members__user=user)
    return list(owners.order_by("name").distinct()), list(companies.order_by("legal_name").distinct())


def county_municipalities(*, municipality: Municipality) -> QuerySet[Municipality]:
    return Municipality.objects.filter(county_code=municipality.county_code).order_by("name")
