"""Who may see and change what in the marketplace. Pure functions of (user, object).

- A listing is seen by everyone while it is published and not expired; a hub's members-only listing only
  by the hub's members and managers. Its owner (the company's members, the hub's managers, or for the
  municipality's own listings its editors) and the moderators of the municipality where it is located
  see it in every state.
- A hub is managed by its owner's people: the platform owner's members, or the owning company's members.
  Each municipality's office sees and moderates the listings located in its municipality, never others.
- A conversation is read only by its two sides: the supplier company's members and the listing owner's
  people. Moderators do not read conversations."""
from django.db import models
from django.utils import timezone

from directory.models import CompanyMember
from directory.permissions import is_company_member
from marketplace.models import Audience, Hub, HubMembership, Listing, ListingStatus
from municipalities.models import STAFF_ROLES, Role
from municipalities.permissions import (
    can_edit_municipality,
    can_moderate_in_municipality,
    has_role,
    is_office_staff,
    is_platform_admin,
    owner_ids_for_user,
)

_COMPANIES_ATTR = "_marketplace_company_ids_cache"


def company_ids_for_user(user) -> frozenset[int]:
    """The companies the user is a member of, memoised on the user object per request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _COMPANIES_ATTR, None)
    if cached is None:
        cached = frozenset(CompanyMember.objects.filter(user=user).values_list("company_id", flat=True))
        setattr(user, _COMPANIES_ATTR, cached)
    return cached


# --- Hubs -------------------------------------------------------------------------------------------
def can_manage_hub(user, hub: Hub) -> bool:
    if not user.is_authenticated:
        return False
    if is_platform_admin(user):
        return True
    if hub.owner_platform_id:
        return hub.owner_platform_id in owner_ids_for_user(user)
    return hub.owner_company_id in company_ids_for_user(user)


def is_hub_member(user, hub: Hub) -> bool:
    """A member company's person (approved membership) or one of the hub's managers."""
    companies = company_ids_for_user(user)
    if companies and HubMembership.objects.filter(hub=hub, company_id__in=companies,
                                                  status=HubMembership.Status.MEMBER).exists():
        return True
    return can_manage_hub(user, hub)


def can_create_hub(user) -> bool:
    """Platform owners' members and companies' members may start a hub; the services check which owner."""
    return bool(user.is_authenticated and (owner_ids_for_user(user) or company_ids_for_user(user)
                                           or is_platform_admin(user)))


# --- Listings ---------------------------------------------------------------------------------------
def is_listing_live(listing: Listing) -> bool:
    return listing.status == ListingStatus.PUBLISHED and listing.expires_on >= timezone.localdate()


def can_edit_listing(user, listing: Listing) -> bool:
    """The listing's owner: the company's members, the hub's managers, the office's editors for its own."""
    if not user.is_authenticated:
        return False
    if listing.company_id:
        return listing.company_id in company_ids_for_user(user)
    if listing.hub_id:
        return can_manage_hub(user, listing.hub)
    return can_edit_municipality(user, listing.municipality)


def can_moderate_listing(user, listing: Listing) -> bool:
    """The moderators (and editors) of the municipality where the listing is located."""
    return can_moderate_in_municipality(user, listing.municipality)


def can_view_listing(user, listing: Listing) -> bool:
    if can_edit_listing(user, listing) or can_moderate_listing(user, listing):
        return True
    if not is_listing_live(listing):
        return False
    if listing.audience == Audience.MEMBERS:
        return listing.hub_id is not None and is_hub_member(user, listing.hub)
    return True


def can_report_listing(user, listing: Listing) -> bool:
    """Anyone who can see a live listing may report it, signed in or not (reports are rate limited)."""
    return is_listing_live(listing) and can_view_listing(user, listing)


def can_create_listing_for_company(user, company) -> bool:
    return is_company_member(user, company) and company.is_published


# --- hubs and bookings ------------------------------------------------------------------------------
def can_create_hub_for_platform_owner(user, owner, municipality) -> bool:
    """A platform owner's member starts a hub at home in a municipality the owner was granted; an owner of
    the COMPANY kind (a wind-park developer building in the municipality) needs no grant, since its hub
    shows nothing of the municipality's follow-up, only its own listings and members."""
    if is_platform_admin(user):
        return True
    if owner.pk not in owner_ids_for_user(user):
        return False
    from municipalities.models import PlatformOwner

    return owner.kind == PlatformOwner.Kind.COMPANY or owner.municipalities.filter(pk=municipality.pk).exists()


def can_create_hub_for_company(user, company, municipality) -> bool:
    """A company's member starts a hub for a published company of the hub's home municipality."""
    return (company.municipality_id == municipality.pk and company.is_published
            and (is_platform_admin(user) or company.pk in company_ids_for_user(user)))


def can_act_for_company(user, company) -> bool:
    """Applying to a hub, answering an invitation, leaving: the company's own members."""
    return company.pk in company_ids_for_user(user)


def can_view_hub_members(user, hub: Hub) -> bool:
    return hub.public_member_list or is_hub_member(user, hub)


def can_request_booking(user, listing: Listing) -> bool:
    """Signed-in users who can see a live shared resource may ask to book it."""
    from marketplace.models import ListingKind

    return (user.is_authenticated and listing.kind == ListingKind.RESOURCE and is_listing_live(listing)
            and can_view_listing(user, listing))


def can_decide_booking(user, booking) -> bool:
    """The resource's owner confirms, declines and manages the availability."""
    return can_edit_listing(user, booking.listing)


def can_cancel_booking(user, booking) -> bool:
    return user.is_authenticated and (booking.requested_by_id == user.pk or can_edit_listing(user, booking.listing))


# --- Owners, moderation, reports --------------------------------------------------------------------
def can_create_municipality_listing(user, municipality) -> bool:
    """The office's editors publish the municipality's own listings."""
    return can_edit_municipality(user, municipality)


def can_create_listing_for_hub(user, hub: Hub, municipality) -> bool:
    """A hub's managers place its listings in a municipality the hub spans (or its home)."""
    if not can_manage_hub(user, hub) or not hub.active:
        return False
    return hub.municipality_id == municipality.pk or hub.municipalities.filter(pk=municipality.pk).exists()


def can_handle_report(user, report) -> bool:
    """A report is handled by the moderators (and editors) of the municipality it was filed in."""
    return can_moderate_in_municipality(user, report.municipality)


def can_view_moderation_queue(user) -> bool:
    return is_platform_admin(user) or bool(user.is_authenticated and _staff_municipality_ids(user))


def _staff_municipality_ids(user) -> set[int]:
    from municipalities.permissions import municipality_ids_for_user

    return municipality_ids_for_user(user, STAFF_ROLES)


# --- Answers, conversations and supplier matching ----------------------------------------------------
ANSWERABLE_KINDS = ("request", "call")


def is_conversation_supplier(user, conversation) -> bool:
    """A member of the supplier company the thread is with."""
    return conversation.company_id in company_ids_for_user(user)


def is_listing_owner_party(user, listing: Listing) -> bool:
    """The listing owner's own people — the company's members, the hub owner's members, the office's editors —
    without the platform administrator's reach: a conversation is private to its two sides."""
    if not user.is_authenticated:
        return False
    if listing.company_id:
        return listing.company_id in company_ids_for_user(user)
    if listing.hub_id:
        hub = listing.hub
        if hub.owner_platform_id:
            return hub.owner_platform_id in owner_ids_for_user(user)
        return hub.owner_company_id in company_ids_for_user(user)
    return has_role(user, listing.municipality, Role.EDITOR)


def can_view_conversation(user, conversation) -> bool:
    """Only the two sides: the supplier company's members and the listing owner's people. Not the moderators,
    not the platform administrator."""
    if not user.is_authenticated:
        return False
    return is_conversation_supplier(user, conversation) or is_listing_owner_party(user, conversation.listing)


def can_post_message(user, conversation) -> bool:
    return can_view_conversation(user, conversation)


def can_answer_listing(user, listing: Listing, company) -> bool:
    """A member of a published company other than the owner's may answer a request or call it can see.
    Whether the listing is still open for answers is the service's (a refusal with a reason)."""
    return (listing.kind in ANSWERABLE_KINDS and company.pk != listing.company_id
            and can_create_listing_for_company(user, company) and can_view_listing(user, listing))


def can_view_answers(user, listing: Listing) -> bool:
    return listing.kind in ANSWERABLE_KINDS and can_edit_listing(user, listing)


def can_choose_answer(user, answer) -> bool:
    return can_view_answers(user, answer.listing)


def can_withdraw_answer(user, answer) -> bool:
    return answer.company_id in company_ids_for_user(user)


def can_view_answer(user, answer) -> bool:
    """The answering company's members, the listing owner's people in the thread, and whoever sees the listing's
    answers page; nobody else (not the moderators)."""
    return (answer.company_id in company_ids_for_user(user) or can_view_answers(user, answer.listing)
            or is_listing_owner_party(user, answer.listing))


def can_download_attachment(user, attachment) -> bool:
    """A listing's papers go to whoever may see the listing; an answer's only to those who see the answer."""
    if attachment.answer_id:
        return can_view_answer(user, attachment.answer)
    return can_view_listing(user, attachment.listing)


def can_invite_suppliers(user, listing: Listing) -> bool:
    return can_view_answers(user, listing)


def managed_hub_ids(user) -> frozenset[int]:
    """The hubs the user manages (through its platform owners or its companies)."""
    if not user.is_authenticated:
        return frozenset()
    owners, companies = owner_ids_for_user(user), company_ids_for_user(user)
    if not owners and not companies:
        return frozenset()
    return frozenset(Hub.objects.filter(models.Q(owner_platform_id__in=owners) | models.Q(owner_company_id__in=companies))
                     .values_list("pk", flat=True))


def can_view_supplier_followup(user, municipality) -> bool:
    """The municipality's staff (its calls) and the managers of hubs at home in or spanning it (their hubs' calls)."""
    if is_office_staff(user, municipality):
        return True
    hubs = managed_hub_ids(user)
    return bool(hubs) and Hub.objects.filter(models.Q(municipality=municipality) | models.Q(municipalities=municipality),
                                             pk__in=hubs).exists()


# --- The owner's live view of answers -----------------------------------------------------------------
def can_follow_answers(user, listing: Listing) -> bool:
    """Who is told live of answers to a listing: the owner's own people only (is_listing_owner_party) — not
    the moderators, not the platform administrator, not a supplier. The answers page's socket and the card
    fragment it fetches both ask this."""
    return listing.kind in ANSWERABLE_KINDS and is_listing_owner_party(user, listing)
