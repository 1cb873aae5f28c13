"""Reads of municipalities."""
from django.db.models import QuerySet
from wagtail.models import Site

from municipalities.models import Municipality


def municipality_list_public() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("site", "theme").order_by("name")


def municipality_get_for_site(site: Site | None) -> Municipality | None:
    if site is None:
        return None
    return Municipality.objects.select_related("site", "theme", "theme__logo").filter(site=site).first()


def municipality_get_for_hostname(hostname: str) -> Municipality | None:
    return Municipality.objects.select_related("site").filter(site__hostname=hostname).first()
