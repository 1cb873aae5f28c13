"""Every read of competence needs and peer offers. Selectors take the company or municipality, never the request."""
from django.db.models import QuerySet

from competence.models import CompanyPeerOffer, CompetenceNeed, LearningOffer, NeedMatch
from directory.models import Company


def need_list_for_company(*, company: Company) -> QuerySet[CompetenceNeed]:
    return CompetenceNeed.objects.filter(municipality_id=company.municipality_id, company=company)


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
