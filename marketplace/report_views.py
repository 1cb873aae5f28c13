"""Reporting a listing to the moderators of its municipality, at /marknadsplats/<pk>/anmal/ on any host that shows
the listing (its own, or one its hub spans: the report still goes to the listing's municipality). Works signed out
(nothing on the page depends on who reports); anonymous reports of one listing from one address are limited
through the cache, and a cache outage lets the report through rather than failing."""
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.forms import add_validation_errors
from marketplace import listing_services as services
from marketplace.listing_forms import ReportForm
from marketplace.notifications import listing_public_path
from marketplace.permissions import can_report_listing
from marketplace.selectors import listing_get_in_scope
from municipalities.views import MunicipalityRequiredMixin

ANONYMOUS_REPORTS_PER_DAY = 3
_DAY = 24 * 60 * 60


def _client_ip(request) -> str:
    """The address allauth's rate limits use (the trusted proxy hop of X-Forwarded-For), or "" if unknown."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import ImproperlyConfigured, PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return ""


def _anonymous_allowed(request, listing) -> bool:
    key = f"marketplace:report:{listing.pk}:{_client_ip(request)}"
    try:
        cache.add(key, 0, _DAY)
        return cache.incr(key) <= ANONYMOUS_REPORTS_PER_DAY
    except Exception:  # a cache outage must not stop a report  # noqa: BLE001
        return True


class ListingReportView(MunicipalityRequiredMixin, TemplateView):
    template_name = "marketplace/moderation/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "municipality", None) is not None:
            self.listing = listing_get_in_scope(municipality=request.municipality, pk=kwargs["pk"])
            if self.listing is None or not can_report_listing(request.user, self.listing):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ReportForm()))

    def post(self, request, *args, **kwargs):
        form = ReportForm(request.POST)
        if form.is_valid():
            if not request.user.is_authenticated and not _anonymous_allowed(request, self.listing):
                form.add_error(None, _("Vi har redan tagit emot flera anmälningar av annonsen från din "
                                       "uppkoppling. Försök igen i morgon."))
                return self.render_to_response(self.get_context_data(form=form), status=429)
            try:
                services.listing_report(actor_or_none=request.user if request.user.is_authenticated else None,
                                        listing=self.listing, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                return redirect("marketplace_reports:listing-report-thanks", pk=self.listing.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "listing": self.listing,
                "public_path": listing_public_path(self.listing)}


class ListingReportThanksView(MunicipalityRequiredMixin, TemplateView):
    template_name = "marketplace/moderation/report_thanks.html"

    def get_context_data(self, **kwargs):
        listing = listing_get_in_scope(municipality=self.request.municipality, pk=kwargs["pk"])
        if listing is None:
            raise Http404
        return {**super().get_context_data(**kwargs), "public_path": listing_public_path(listing)}
