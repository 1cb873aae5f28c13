"""Reads of sharing consent and needs conversations. Take the company or municipality, never the request."""
from django.db.models import F, QuerySet

from competence.models import CompetenceNeed, NeedsConversation, SharingConsent
from directory.models import Company
from municipalities.models import Municipality, PlatformOwner


def consent_owners_for_company(*, company: Company) -> list[tuple[PlatformOwner, SharingConsent | None]]:
    """Each owner granted the company's municipality, with the company's active consent to it (or None)."""
    active = {c.owner_id: c for c in SharingConsent.objects.filter(company=company, withdrawn_at__isnull=True)}
    owners = PlatformOwner.objects.filter(municipalities=company.municipality_id).order_by("name")
    return [(owner, active.get(owner.pk)) for owner in owners]


def consent_history_for_company(*, company: Company) -> QuerySet[SharingConsent]:
    """Every consent the company gave, newest first, withdrawn ones included."""
    return (SharingConsent.objects.filter(municipality_id=company.municipality_id, company=company)
            .select_related("owner", "given_by", "withdrawn_by").order_by("-created_at", "-pk"))


def consent_get_for_company(*, company: Company, consent_id: int) -> SharingConsent | None:
    return consent_history_for_company(company=company).filter(pk=consent_id).first()


def granted_owner_get(*, company: Company, owner_id: int) -> PlatformOwner | None:
    return PlatformOwner.objects.filter(pk=owner_id, municipalities=company.municipality_id).first()


def conversation_list_for_company(*, company: Company, owner_ids=None) -> QuerySet[NeedsConversation]:
    """The company's conversations; `owner_ids` (a set) narrows them to those organisations' records."""
    conversations = (NeedsConversation.objects.filter(municipality_id=company.municipality_id, company=company)
                     .select_related("owner", "advisor"))
    if owner_ids is not None:
        conversations = conversations.filter(owner_id__in=owner_ids)
    return conversations.order_by("-held_on", "-pk")


def conversation_get_for_company(*, company: Company, conversation_id: int) -> NeedsConversation | None:
    return (conversation_list_for_company(company=company).select_related("effort_area", "project", "company")
            .filter(pk=conversation_id).first())


def needs_found_in(*, conversation: NeedsConversation) -> QuerySet[CompetenceNeed]:
    return CompetenceNeed.objects.filter(municipality_id=conversation.municipality_id,
                                         conversation=conversation).order_by("pk")


def conversation_overview(*, municipality: Municipality, owner_ids=None) -> QuerySet[NeedsConversation]:
    """Conversations in a municipality, follow-ups due first (earliest date first, none last), then the
    newest. `owner_ids` narrows them to those organisations' records (an advisor's own overview)."""
    conversations = NeedsConversation.objects.filter(municipality=municipality).select_related("company", "owner")
    if owner_ids is not None:
        conversations = conversations.filter(owner_id__in=owner_ids)
    return conversations.order_by(F("follow_up_on").asc(nulls_last=True), "-held_on", "-pk")
