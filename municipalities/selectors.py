"""Reads of municipalities."""
from django.db.models import QuerySet
from wagtail.models import Site

from municipalities.models import STAFF_ROLES, Locality, Municipality
from municipalities.permissions import is_platform_admin, municipality_ids_for_user


def municipality_list_public() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("site", "theme").order_by("name")


def municipality_list_for_staff(user, roles=STAFF_ROLES) -> QuerySet[Municipality]:
    """The municipalities whose admin work the user may see, by name: all for platform administrators,
    otherwise those where the user holds one of `roles`."""
    municipalities = Municipality.objects.order_by("name")
    if is_platform_admin(user):
        return municipalities
    return municipalities.filter(pk__in=municipality_ids_for_user(user, roles))


def municipality_get_for_site(site: Site | None) -> Municipality | None:
    if site is None:
        return None
    return Municipality.objects.select_related("site", "theme", "theme__logo").filter(site=site).first()


def municipality_get_for_hostname(hostname: str) -> Municipality | None:
    return Municipality.objects.select_related("site").filter(site__hostname=hostname).first()


def locality_list(*, municipality: Municipality) -> QuerySet[Locality]:
    """The municipality's towns and villages, by name: for pickers and the "near" list."""
    return Locality.objects.filter(municipality=municipality).order_by("name")


def locality_list_in_county(*, municipality: Municipality) -> QuerySet[Locality]:
    """The places of the municipality's whole county, by municipality and name: companies often serve
    their neighbours too."""
    return Locality.objects.filter(municipality__county_code=municipality.county_code).select_related(
        "municipality").order_by("municipality__name", "name")


def locality_get(*, municipality: Municipality, pk: int) -> Locality | None:
    """One of the municipality's localities; None for another municipality's (or no such) id."""
    return locality_list(municipality=municipality).filter(pk=pk).first()



def staff_role_holders() -> QuerySet:
    """User ids holding a staff role in any municipality: they reach non-public data, so they sign in with
    TOTP (registered with users.permissions.register_mfa_requirement)."""
    from municipalities.models import STAFF_ROLES, MunicipalityMembership

    return MunicipalityMembership.objects.filter(role__in=STAFF_ROLES).values("user_id")


def platform_owner_member_holders() -> QuerySet:
    """User ids of platform owners' members: they follow up non-public figures, so they sign in with TOTP."""
    from municipalities.models import PlatformOwner

    return PlatformOwner.members.through.objects.values("user_id")



def news_index_for(*, municipality: Municipality):
    """The live news index under the municipality's home page (onboarding and the demo create one)."""
    from municipalities.news import NewsIndexPage

    return NewsIndexPage.objects.child_of(municipality.site.root_page).live().first()


def news_article_list_live(*, index) -> QuerySet:
    """The live articles under a news index, newest first."""
    from municipalities.news import NewsArticlePage

    return NewsArticlePage.objects.child_of(index).live().public().order_by("-date", "-first_published_at", "-pk")


def news_article_list_latest(*, municipality: Municipality, limit: int = 3) -> list:
    """The newest live articles of the municipality's site, for its home page."""
    from municipalities.news import NewsArticlePage

    articles = NewsArticlePage.objects.descendant_of(municipality.site.root_page).live().public()
    return list(articles.order_by("-date", "-first_published_at", "-pk")[:limit])
