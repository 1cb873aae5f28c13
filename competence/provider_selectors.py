"""Every read of providers and their learning offers. Selectors take the municipality or provider, never the request."""
from django.db.models import QuerySet

from competence.models import LearningOffer, Provider, ProviderMember
from municipalities.models import Municipality


def offer_list_public(*, municipality: Municipality, form: str = "", delivery: str = "",
                      ssyk_code: str = "") -> QuerySet[LearningOffer]:
    """Active offers of active providers that serve this municipality, optionally filtered."""
    offers = LearningOffer.objects.filter(
        active=True, provider__active=True, provider__serves_municipalities=municipality,
    ).distinct()
    if form:
        offers = offers.filter(form=form)
    if delivery:
        offers = offers.filter(delivery=delivery)
    if ssyk_code:
        # JSON containment is not portable to SQLite; a municipality's offers are few.
        offers = offers.filter(pk__in=[pk for pk, codes in offers.values_list("pk", "ssyk_codes")
                                       if ssyk_code in codes])
    return offers.select_related("provider").order_by("title", "pk")


def offer_get_public(*, municipality: Municipality, offer_id: int) -> LearningOffer | None:
    """The offer only if it is shown to this municipality's companies; otherwise None (a 404)."""
    return offer_list_public(municipality=municipality).filter(pk=offer_id).first()


def provider_get(*, municipality: Municipality, provider_id: int) -> Provider | None:
    """A provider at home in this municipality (its pages live on its home municipality's host)."""
    return Provider.objects.filter(municipality=municipality, pk=provider_id).first()


def offer_list_for_provider(*, provider: Provider) -> QuerySet[LearningOffer]:
    return LearningOffer.objects.filter(municipality_id=provider.municipality_id, provider=provider) \
        .order_by("-active", "title", "pk")


def offer_get_for_provider(*, provider: Provider, offer_id: int) -> LearningOffer | None:
    return offer_list_for_provider(provider=provider).filter(pk=offer_id).first()


def member_list_for_provider(*, provider: Provider) -> QuerySet[ProviderMember]:
    return provider.members.select_related("user").order_by("role", "user__email")


def member_get_for_provider(*, provider: Provider, member_id: int) -> ProviderMember | None:
    return member_list_for_provider(provider=provider).filter(pk=member_id).first()


def provider_list_for_member(*, user, municipality: Municipality | None = None) -> QuerySet[Provider]:
    """The providers the user is a member of (at home in `municipality` if given)."""
    if not user.is_authenticated:
        return Provider.objects.none()
    providers = Provider.objects.filter(members__user=user).select_related("municipality", "municipality__site")
    if municipality is not None:
        providers = providers.filter(municipality=municipality)
    return providers.distinct().order_by("name")


def occupation_filter_choices(*, municipality: Municipality) -> list[str]:
    """The SSYK codes that the municipality's public offers name, for the occupation filter."""
    codes: set[str] = set()
    for ssyk_codes in offer_list_public(municipality=municipality).values_list("ssyk_codes", flat=True):
        codes.update(ssyk_codes)
    return sorted(codes)
