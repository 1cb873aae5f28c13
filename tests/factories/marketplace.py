"""Hubs and listings for tests, made directly (validated with full_clean) so each part of the marketplace
can be tested on its own; the services' own tests go through the services."""
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from marketplace.models import CallItem, CallStatus, Hub, HubMembership, Listing, ListingKind, ListingStatus


def make_hub(municipality, *, owner_platform=None, owner_company=None, name: str = "Vindkraft Blaikens leverantörer",
             slug: str | None = None, spans=(), **fields) -> Hub:
    hub = Hub(municipality=municipality, name=name, slug=slug or slugify(name)[:80],
              purpose=fields.pop("purpose", "Lokala leverantörer till vindkraftsbygget."),
              owner_platform=owner_platform, owner_company=owner_company, **fields)
    hub.full_clean()
    hub.save()
    hub.municipalities.set([municipality, *spans])
    return hub


def add_hub_member(hub, company, *, status: str = HubMembership.Status.MEMBER) -> HubMembership:
    return HubMembership.objects.create(hub=hub, company=company, municipality=company.municipality, status=status)


def make_listing(municipality, *, kind: str = ListingKind.OFFER, title: str = "Grävmaskin med förare",
                 company=None, hub=None, status: str = ListingStatus.PUBLISHED, days: int = 30, **fields) -> Listing:
    defaults = {"description": "Vi utför markarbeten i hela kommunen.", "category": "construction"}
    if kind == ListingKind.CALL:
        defaults.update(call_status=CallStatus.OPEN, answer_deadline=timezone.now() + timedelta(days=14),
                        delivery_place="Serviceväg till vindparken")
    if kind == ListingKind.EVENT:
        defaults.update(starts_at=timezone.now() + timedelta(days=7), venue="Folkets hus")
    listing = Listing(municipality=municipality, kind=kind, title=title, company=company, hub=hub, status=status,
                      expires_on=timezone.localdate() + timedelta(days=days),
                      published_at=timezone.now() if status == ListingStatus.PUBLISHED else None,
                      **{**defaults, **fields})
    listing.full_clean()
    listing.save()
    return listing


def add_call_item(listing, *, description: str = "Snöröjning av serviceväg, 12 km", sni_code: str = "81290",
                  cpv_code: str = "90620000-9", **fields) -> CallItem:
    item = CallItem(listing=listing, description=description, sni_code=sni_code, cpv_code=cpv_code, **fields)
    item.full_clean()
    item.save()
    return item
