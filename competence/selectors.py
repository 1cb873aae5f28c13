"""Every read of competence needs and peer offers. Selectors take the company or municipality, never the request."""
from django.db.models import QuerySet

from competence.models import (
    CompanyPeerOffer,
    CompetenceNeed,
    EffortArea,
    FollowupProject,
    LearningOffer,
    NeedMatch,
)
from directory.models import Company


def need_list_for_company(*, company: Company) -> QuerySet[CompetenceNeed]:
    return CompetenceNeed.objects.filter(municipality_id=company.municipality_id, company=company).select_related(
        "conversation")


def need_get_for_company(*, company: Company, need_id: int) -> CompetenceNeed | None:
    """The need only if it belongs to this company (and so to its municipality): otherwise None (a 404)."""
    return need_list_for_company(company=company).filter(pk=need_id).first()


def need_status_history(*, need: CompetenceNeed) -> QuerySet:
    return need.status_changes.select_related("actor").order_by("created_at", "pk")


def peer_offer_list_for_company(*, company: Company) -> QuerySet[CompanyPeerOffer]:
    return CompanyPeerOffer.objects.filter(municipality_id=company.municipality_id, company=company)


def peer_offer_get_for_company(*, company: Company, offer_id: int) -> CompanyPeerOffer | None:
    return peer_offer_list_for_company(company=company).filter(pk=offer_id).first()


def need_matches(*, need: CompetenceNeed) -> QuerySet[NeedMatch]:
    return (NeedMatch.objects.filter(municipality_id=need.municipality_id, need=need)
            .select_related("offer__provider", "peer_offer__company", "owner", "marked_by")
            .order_by("created_at", "pk"))


def offer_get(*, offer_id: int) -> LearningOffer | None:
    """Any offer by id; whether it may be matched with a need is the matching service's question."""
    return LearningOffer.objects.filter(pk=offer_id).select_related("provider").first()


def peer_offer_get_in_municipality(*, need: CompetenceNeed, offer_id: int) -> CompanyPeerOffer | None:
    return (CompanyPeerOffer.objects.filter(municipality_id=need.municipality_id, pk=offer_id)
            .select_related("company").first())


def owner_tags_for_advisor(*, user, company: Company) -> tuple[QuerySet[EffortArea], QuerySet[FollowupProject]]:
    """The areas of effort and projects an advisor may tag a match of this company with: those of the
    platform owners the company consents to share with that the user is a member of. None for the
    company itself and the office (their matches belong to no owner)."""
    from competence.permissions import consenting_owner_ids, is_office_staff
    from directory.permissions import is_company_member

    if is_company_member(user, company) or is_office_staff(user, company.municipality):
        return EffortArea.objects.none(), FollowupProject.objects.none()
    owners = consenting_owner_ids(user, company)
    return (EffortArea.objects.filter(owner_id__in=owners).order_by("name"),
            FollowupProject.objects.filter(owner_id__in=owners).order_by("name"))
