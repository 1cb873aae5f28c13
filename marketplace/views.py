"""The public marketplace on a municipality's host: search with facets, a listing's page, the events calendar
and its iCal feeds. Thin: parse, read through a selector, check the predicate, respond.

Pages are the same for every anonymous visitor (no forms with CSRF tokens, nothing personal), so they opt in to
the shared page cache; a signed-in visitor's copy is private (core.caching)."""
from itertools import groupby

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from core.caching import shared_cache
from directory.reference import sni_codes
from marketplace import ical, selectors
from marketplace.ical import STOCKHOLM
from marketplace.models import ListingKind
from marketplace.permissions import can_edit_listing, can_report_listing, can_view_listing, is_listing_live
from marketplace.search import is_open_for_answers, listing_search, parse_search_params
from municipalities.views import MunicipalityRequiredMixin

# How long the proxy cache may keep a public marketplace page for anonymous visitors: a new, changed or
# withdrawn listing reaches them at most this late.
PUBLIC_MAX_AGE = 30
public_page = method_decorator(shared_cache(PUBLIC_MAX_AGE), name="dispatch")


@public_page
class ListingListView(MunicipalityRequiredMixin, TemplateView):
    """Search with facets as links: works without JavaScript."""

    template_name = "marketplace/public/listing_list.html"

    def get_context_data(self, **kwargs):
        params = parse_search_params(self.request.GET)
        result = listing_search(params=params, municipality=self.request.municipality)
        return {
            **super().get_context_data(**kwargs), "params": params, "result": result,
            "previous_querystring": params.querystring(page=params.page - 1),
            "next_querystring": params.querystring(page=params.page + 1),
        }


def company_profile_url(listing) -> str:
    """The owner's public profile in the directory, on its own municipality's host; '' when not public."""
    company = listing.company
    if company is None or not company.is_published:
        return ""
    return company.municipality.root_url + reverse("directory:company-detail", args=[company.slug])


def hub_url(listing) -> str:
    return reverse("marketplace_hubs:hub-detail", kwargs={"slug": listing.hub.slug}) if listing.hub_id else ""


def call_item_rows(listing) -> list[dict]:
    titles = sni_codes()
    return [{"item": item, "sni_title": titles[item.sni_code].title if item.sni_code in titles else ""}
            for item in listing.items.all()]


@public_page
class ListingDetailView(MunicipalityRequiredMixin, TemplateView):
    """One listing. Not in this host's scope, or not visible to this viewer (expired, pending, members only):
    404, as if it did not exist."""

    template_name = "marketplace/public/listing_detail.html"

    def get_context_data(self, **kwargs):
        listing = get_visible_listing(self.request, kwargs["pk"])
        return {
            **super().get_context_data(**kwargs), "listing": listing,
            "is_live": is_listing_live(listing),
            "is_event": listing.kind == ListingKind.EVENT,
            "takes_answers": listing.kind in (ListingKind.CALL, ListingKind.REQUEST),
            "open_for_answers": is_open_for_answers(listing),
            "company_url": company_profile_url(listing), "hub_url": hub_url(listing),
            "items": call_item_rows(listing) if listing.is_call else [],
            "can_edit": can_edit_listing(self.request.user, listing),
            "can_report": can_report_listing(self.request.user, listing),
            "report_url": reverse("marketplace_reports:listing-report", kwargs={"pk": listing.pk}),
        }


def get_visible_listing(request, pk: int):
    listing = selectors.listing_get_in_scope(municipality=request.municipality, pk=pk)
    if listing is None or not can_view_listing(request.user, listing):
        raise Http404
    return listing


def months(events) -> list[dict]:
    """Events grouped by the month (in Europe/Stockholm) they start in, in order."""
    def month_of(event):
        return timezone.localtime(event.starts_at, STOCKHOLM).date().replace(day=1)

    return [{"month": month, "events": list(group)} for month, group in groupby(events, key=month_of)]


@public_page
class EventListView(MunicipalityRequiredMixin, TemplateView):
    template_name = "marketplace/public/event_list.html"

    def get_context_data(self, **kwargs):
        events = list(selectors.event_list_upcoming(municipality=self.request.municipality))
        return {**super().get_context_data(**kwargs), "months": months(events), "count": len(events)}


def calendar_response(listings, *, name: str, base_url: str, filename: str) -> HttpResponse:
    response = HttpResponse(ical.events_calendar(listings, name=name, base_url=base_url),
                            content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


@public_page
class EventFeedView(MunicipalityRequiredMixin, View):
    """The municipality's upcoming public events, to subscribe to in a calendar app."""

    def get(self, request, *args, **kwargs):
        municipality = request.municipality
        return calendar_response(selectors.event_list_upcoming(municipality=municipality),
                                 name=_("Evenemang i %(name)s") % {"name": municipality.name},
                                 base_url=municipality.root_url, filename=f"evenemang-{municipality.slug}")


@public_page
class HubEventFeedView(MunicipalityRequiredMixin, View):
    """A hub's upcoming public events; the hub must span this municipality."""

    def get(self, request, *args, slug, **kwargs):
        hub = selectors.hub_get_spanning(municipality=request.municipality, slug=slug)
        if hub is None:
            raise Http404
        return calendar_response(selectors.event_list_upcoming(municipality=request.municipality, hub=hub),
                                 name=_("Evenemang i %(name)s") % {"name": hub.name},
                                 base_url=request.municipality.root_url, filename=f"evenemang-{hub.slug}")


@public_page
class ListingEventFeedView(MunicipalityRequiredMixin, View):
    """One event, to add to a calendar."""

    def get(self, request, *args, pk, **kwargs):
        listing = get_visible_listing(request, pk)
        if listing.kind != ListingKind.EVENT or listing.starts_at is None:
            raise Http404
        return calendar_response([listing], name=listing.title, base_url=request.municipality.root_url,
                                 filename=f"evenemang-{listing.pk}")
