"""Reads for answers and conversations: who takes part in a thread, a user's threads with their unread
counts, the messages of a thread, and the answers to a listing. Every read takes the municipality (or an
object already scoped to one); none takes the request."""
from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from directory.models import CompanyMember
from marketplace.models import Answer, Conversation, ConversationRead, Listing, Message
from marketplace.permissions import (
    can_follow_answers,
    can_view_conversation,
    can_view_listing,
    company_ids_for_user,
    managed_hub_ids,
)
from marketplace.selectors import listing_ids_on_host
from municipalities.models import MunicipalityMembership, Role
from municipalities.permissions import municipality_ids_for_user

# --- Which host shows what -----------------------------------------------------------------------------
# Answering a listing, its threads and its answers page follow it to every host that shows it
# (selectors.listing_ids_on_host), so a supplier in a hub's spanned municipality answers and talks on its own site.


def _listings_here(municipality) -> QuerySet:
    return Listing.objects.filter(pk__in=listing_ids_on_host(municipality.pk))


def _conversations_here(municipality_id: int) -> QuerySet:
    return Conversation.objects.filter(listing_id__in=listing_ids_on_host(municipality_id))


# --- Who takes part ---------------------------------------------------------------------------------
def listing_owner_user_ids(listing: Listing) -> set[int]:
    """The listing owner's people (permissions.is_listing_owner_party, as ids): the company's members, the hub
    owner's members, or the office's editors."""
    if listing.company_id:
        return set(CompanyMember.objects.filter(company_id=listing.company_id).values_list("user_id", flat=True))
    if listing.hub_id:
        hub = listing.hub
        if hub.owner_platform_id:
            return set(hub.owner_platform.members.values_list("pk", flat=True))
        return set(CompanyMember.objects.filter(company_id=hub.owner_company_id).values_list("user_id", flat=True))
    return set(MunicipalityMembership.objects.filter(municipality_id=listing.municipality_id, role=Role.EDITOR)
               .values_list("user_id", flat=True))


def supplier_user_ids(conversation: Conversation) -> set[int]:
    return set(CompanyMember.objects.filter(company_id=conversation.company_id).values_list("user_id", flat=True))


def participant_user_ids(conversation: Conversation) -> set[int]:
    return supplier_user_ids(conversation) | listing_owner_user_ids(conversation.listing)


def active_users(user_ids) -> QuerySet:
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True)


def participants(conversation: Conversation) -> QuerySet:
    return active_users(participant_user_ids(conversation))


def is_participant_now(*, user_id: int, conversation_id: int, municipality_id: int) -> bool:
    """Participation read fresh from the database (no per-object memo): a long-lived websocket asks this
    on every frame, so a member removed from the company stops at once."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    conversation = (_conversations_here(municipality_id).select_related("listing__hub")
                    .filter(pk=conversation_id).first())
    return bool(user and conversation and can_view_conversation(user, conversation))


def follows_answers_now(*, user_id: int, listing_id: int, municipality_id: int) -> bool:
    """Whether the user may hear of the listing's answers live, read fresh (see is_participant_now): the
    listing is this municipality's and the user is one of its owner's people."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    listing = (Listing.objects.filter(pk__in=listing_ids_on_host(municipality_id)).select_related("hub")
               .filter(pk=listing_id).first())
    return bool(user and listing and can_follow_answers(user, listing))


# --- A user's threads ---------------------------------------------------------------------------------
def _participation_q(user) -> Q:
    companies = company_ids_for_user(user)
    municipality_own = Q(listing__company__isnull=True, listing__hub__isnull=True)
    q = (Q(company_id__in=companies) | Q(listing__company_id__in=companies)
         | Q(listing__hub_id__in=managed_hub_ids(user))
         | municipality_own & Q(listing__municipality_id__in=municipality_ids_for_user(user, [Role.EDITOR])))
    return q


def _with_unread(queryset: QuerySet, user) -> QuerySet:
    read_at = ConversationRead.objects.filter(conversation=OuterRef("pk"), user=user).values("last_read_at")[:1]
    unseen = Q(read_at__isnull=True) | Q(messages__created_at__gt=F("read_at"))
    return (queryset.annotate(read_at=Subquery(read_at))
            .annotate(unread=Count("messages", filter=unseen & ~Q(messages__author_id=user.pk))))


def conversation_list_for_user(*, municipality, user) -> QuerySet:
    """The user's threads about listings shown on this host, newest activity first, each with `unread`."""
    if not user.is_authenticated:
        return Conversation.objects.none()
    queryset = (_conversations_here(municipality.pk).filter(_participation_q(user))
                .select_related("listing", "company", "listing__hub"))
    return _with_unread(queryset, user).order_by(F("last_message_at").desc(nulls_last=True), "-pk")


def unread_total(*, user) -> int:
    """Unread messages in all the user's threads (every municipality: the count follows the person)."""
    if not user.is_authenticated:
        return 0
    rows = _with_unread(Conversation.objects.filter(_participation_q(user)), user).values_list("unread", flat=True)
    return sum(rows)


def unread_count(*, user, conversation: Conversation) -> int:
    return _with_unread(Conversation.objects.filter(pk=conversation.pk), user).values_list("unread", flat=True)[0]


def conversation_get_for_participant(*, municipality, user, conversation_id: int) -> Conversation | None:
    """The thread if its listing is shown on this host and the user takes part; None otherwise (a 404)."""
    conversation = (_conversations_here(municipality.pk)
                    .select_related("listing", "listing__hub", "listing__municipality", "company")
                    .filter(pk=conversation_id).first())
    if conversation is None or not can_view_conversation(user, conversation):
        return None
    return conversation


def message_list(*, conversation: Conversation) -> list[Message]:
    """The thread's messages, oldest first, each with `author_label` (name, and which side they are on)."""
    messages = list(conversation.messages.select_related("author"))
    suppliers = supplier_user_ids(conversation)
    for message in messages:
        message.author_label = author_label(message.author, conversation, suppliers=suppliers)
    return messages


def author_label(author, conversation: Conversation, *, suppliers: set[int] | None = None) -> str:
    """"Anna Nilsson, Snöröjning i Lansjärv AB": the person's name (or the side's alone) and their side."""
    if suppliers is None:
        suppliers = supplier_user_ids(conversation)
    side = conversation.company.display_name if author and author.pk in suppliers else conversation.listing.owner_name
    name = author.get_full_name() if author else ""
    return f"{name}, {side}" if name else side


# --- Answers ------------------------------------------------------------------------------------------
def listing_get_answerable(*, municipality, user, listing_id: int) -> Listing | None:
    """A request or call shown on this host that the user may see (whether it is still open is the service's)."""
    listing = (_listings_here(municipality).select_related("hub", "company", "municipality")
               .filter(pk=listing_id, kind__in=("request", "call")).first())
    if listing is None or not can_view_listing(user, listing):
        return None
    return listing


def listing_get_for_owner(*, municipality, listing_id: int) -> Listing | None:
    return (_listings_here(municipality).select_related("hub", "company", "municipality")
            .filter(pk=listing_id).first())


def answer_list_for_listing(*, listing: Listing) -> QuerySet:
    """The answers the owner compares: withdrawn ones are left out."""
    return (Answer.objects.filter(listing=listing).exclude(status=Answer.Status.WITHDRAWN)
            .select_related("company").prefetch_related("attachments").order_by("created_at"))


def answer_get_for_company(*, listing: Listing, company) -> Answer | None:
    return Answer.objects.filter(listing=listing, company=company).prefetch_related("attachments").first()


def answer_get_for_listing(*, listing: Listing, answer_id: int) -> Answer | None:
    return Answer.objects.filter(listing=listing, pk=answer_id).select_related("company", "listing").first()


def conversation_for_answer(answer: Answer) -> Conversation | None:
    return Conversation.objects.filter(listing_id=answer.listing_id, company_id=answer.company_id).first()


def answering_companies(*, user, listing: Listing) -> list:
    """The user's published companies that may answer the listing (not its owner)."""
    from directory.models import Company

    return list(Company.objects.filter(pk__in=company_ids_for_user(user), status=Company.Status.PUBLISHED)
                .exclude(pk=listing.company_id or 0).order_by("legal_name"))


def answer_get_for_card(*, municipality, user, listing_id: int, answer_id: int) -> Answer | None:
    """An answer to this municipality's listing, for its card on the owner's answers page; None (a 404)
    unless the user is one of the listing owner's people."""
    answer = (Answer.objects.select_related("company", "listing", "listing__hub").prefetch_related("attachments")
              .filter(pk=answer_id, listing_id=listing_id, listing_id__in=listing_ids_on_host(municipality.pk)).first())
    if answer is None or not can_follow_answers(user, answer.listing):
        return None
    return answer
