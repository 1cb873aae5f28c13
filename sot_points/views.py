"""Public SOT pages and the hosts' pages. Thin: parse, select, call a service, respond."""
import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from core.caching import shared_cache
from core.csp import allow_inline
from core.forms import add_validation_errors
from core.params import position, positive_int
from municipalities.selectors import locality_get, locality_list
from municipalities.views import MunicipalityRequiredMixin
from sot_points import live_state, selectors, services
from sot_points.context_processors import request_disruption
from sot_points.forms import ReadinessForm, StatusForm
from sot_points.listing import sot_listing
from sot_points.lite import lite_css
from sot_points.permissions import can_confirm_readiness, can_update_point_status
from sot_points.snapshot import snapshot_dir
from sot_points.text import point_text
from users.selectors import user_has_totp

# Residents' pages may be kept this long by the proxy cache: a status change reaches a page
# loaded from the cache at most this late (open pages get it at once over the websocket).
SOT_MAX_AGE = 10
sot_public = method_decorator(shared_cache(SOT_MAX_AGE), name="dispatch")


def _origin(request) -> tuple[tuple[float, float] | None, str, int | None]:
    """Where to sort from: a locality chosen from the plain list, or the browser's position."""
    locality_id = positive_int(request.GET.get("nara"))
    if locality_id is not None:
        locality = locality_get(municipality=request.municipality, pk=locality_id)
        if locality:
            return (locality.latitude, locality.longitude), locality.name, locality.pk
    point = position(request.GET.get("lat"), request.GET.get("lon"))
    if point is None:
        return None, "", None
    return point, _("din position"), None


def listing_context(request) -> dict:
    origin, label, locality_id = _origin(request)
    listing = sot_listing(municipality=request.municipality, origin=origin, origin_label=label,
                          disruption=request_disruption(request))
    localities = locality_list(municipality=request.municipality)
    return {"listing": listing, "localities": localities, "chosen_locality": locality_id}


def live_context(request) -> dict:
    """What live.js compares with the state it gets on connecting (sot_points.live_state)."""
    return {"live_stamp": live_state.stamp(request.municipality.pk, request_disruption(request)),
            "live_labels": live_state.client_labels()}


@sot_public
class PointListView(MunicipalityRequiredMixin, TemplateView):
    template_name = "sot_points/point_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **listing_context(self.request), **live_context(self.request)}


@sot_public
class LitePageView(MunicipalityRequiredMixin, TemplateView):
    """Server-rendered, inline CSS, no JavaScript or images: arrives in the first round trip."""

    template_name = "sot_points/lite.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **listing_context(self.request),
                "lite_css": allow_inline(self.request, "style-src", lite_css())}


@sot_public
class PointDetailView(MunicipalityRequiredMixin, TemplateView):
    template_name = "sot_points/point_detail.html"

    def get_context_data(self, **kwargs):
        point = selectors.point_get_public(municipality=self.request.municipality, slug=kwargs["slug"])
        if point is None:
            raise Http404
        disruption = request_disruption(self.request)
        kind_now = "disruption" if disruption else "normal"
        return {
            **super().get_context_data(**kwargs), "point": point, "disruption": disruption,
            "stale": selectors.status_is_stale(point, disruption=disruption),
            "hours_normal": selectors.weekly_hours(point, "normal"),
            "hours_disruption": selectors.weekly_hours(point, "disruption"),
            "hours_today": selectors.hours_on(point, timezone.localdate(), kind=kind_now),
            "exceptions": selectors.upcoming_exceptions(point, today=timezone.localdate()),
            "history": selectors.status_history(point=point, limit=10),
            "can_update": can_update_point_status(self.request.user, point),
            **live_context(self.request),
        }


@sot_public
class PointTextView(MunicipalityRequiredMixin, TemplateView):
    def get(self, request, *args, slug, **kwargs):
        point = selectors.point_get_public(municipality=request.municipality, slug=slug)
        if point is None:
            raise Http404
        disruption = request_disruption(request)
        kind_now = "disruption" if disruption else "normal"
        text = point_text(point, stale=selectors.status_is_stale(point, disruption=disruption),
                          hours_today=selectors.hours_on(point, timezone.localdate(), kind=kind_now))
        return HttpResponse(text, content_type="text/plain; charset=utf-8")


@sot_public
class AllTextView(MunicipalityRequiredMixin, TemplateView):
    template_name = "sot_points/all.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **listing_context(self.request)}


@sot_public
class FeedView(MunicipalityRequiredMixin, TemplateView):
    """Open data: the points with their live status as JSON or GeoJSON."""

    def get(self, request, *args, fmt, **kwargs):
        listing = sot_listing(municipality=request.municipality, disruption=request_disruption(request))
        feed, geojson = listing.feeds()
        data, content_type = (geojson, "application/geo+json") if fmt == "geojson" else (feed, "application/json")
        return HttpResponse(json.dumps(data, ensure_ascii=False), content_type=content_type)


class SnapshotFileView(MunicipalityRequiredMixin, View):
    """The static snapshot (sot_points.snapshot) where no nginx is in front, e.g. the embedded stack.

    Behind nginx this view is never reached: nginx serves /sot-snapshot/ from disk itself, also when the
    app is down (docker/nginx/snippets/sot-snapshot.conf). Same headers as there; only the request's
    municipality's own files, by a fixed list of names.
    """

    FILES = {"index.html": "text/html; charset=utf-8", "sot.txt": "text/plain; charset=utf-8",
             "sot.json": "application/json", "sot.geojson": "application/geo+json"}
    POLICY = ("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
              "frame-ancestors 'none'")

    def get(self, request, *args, slug, name="index.html", **kwargs):
        if slug != request.municipality.slug or name not in self.FILES:
            raise Http404
        path = snapshot_dir(request.municipality) / name
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise Http404 from None
        response = HttpResponse(content, content_type=self.FILES[name])
        response["Cache-Control"] = "no-cache"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = self.POLICY  # django-csp leaves a policy already set alone
        return response


class ServiceWorkerView(MunicipalityRequiredMixin, TemplateView):
    """Served from /sot/ (not /static/) so its scope covers the SOT pages; always revalidated."""

    template_name = "sot_points/sw.js"
    content_type = "application/javascript; charset=utf-8"

    def get_context_data(self, **kwargs):
        pages = [reverse("sot_points:point-list"), reverse("sot_points:lite"), reverse("sot_points:text-all"),
                 reverse("sot_points:feed-json")]
        return {"pages_json": json.dumps(pages)}

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "no-cache"
        return response


class HostedPointMixin(LoginRequiredMixin, MunicipalityRequiredMixin):
    """Pages about one point for a user the predicate allows; anyone else gets a 404."""

    predicate = staticmethod(can_update_point_status)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if getattr(request, "municipality", None) is None:
            raise Http404
        self.point = selectors.point_get(municipality=request.municipality, slug=kwargs["slug"])
        if self.point is None or not self.predicate(request.user, self.point):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "point": self.point}


class StatusUpdateView(HostedPointMixin, FormView):
    template_name = "sot_points/status_form.html"
    form_class = StatusForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "point": self.point}

    def get_initial(self):
        return {"status": self.point.status, "available_now": self.point.available_now,
                "places_free": self.point.places_free, "message": self.point.status_message}

    def post(self, request, *args, **kwargs):
        if "bekrafta" in request.POST:  # "Läget stämmer": the status shown still holds
            return self.confirm()
        return super().post(request, *args, **kwargs)

    def confirm(self):
        try:
            services.point_status_confirm(actor=self.request.user, point=self.point)
        except ValidationError:
            messages.error(self.request, _("Det finns inget läge att bekräfta. Tryck på det som gäller nu."))
        else:
            messages.success(self.request, _("Tack! Läget är bekräftat och visas nu för alla: %(status)s.")
                             % {"status": self.point.get_status_display().lower()})
        return redirect("sot_points:point-status", slug=self.point.slug)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.point_status_update(actor=self.request.user, point=self.point, status=data["status"],
                                         available_now=data["available_now"], places_free=data.get("places_free"),
                                         message=data["message"])
        except ValidationError as error:
            add_validation_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Läget är sparat och visas nu för alla: %(status)s.")
                         % {"status": self.point.get_status_display().lower()})
        return redirect("sot_points:point-status", slug=self.point.slug)


class ReadinessView(HostedPointMixin, FormView):
    template_name = "sot_points/readiness_form.html"
    form_class = ReadinessForm
    predicate = staticmethod(can_confirm_readiness)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "last_check": self.point.readiness_checks.first()}

    def form_valid(self, form):
        try:
            services.readiness_confirm(actor=self.request.user, point=self.point, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Tack! Beredskapen är bekräftad."))
        return redirect("sot_points:point-readiness", slug=self.point.slug)


class MyPointsView(LoginRequiredMixin, MunicipalityRequiredMixin, TemplateView):
    template_name = "sot_points/mine.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "points": selectors.points_hosted_by(user=self.request.user, municipality=self.request.municipality),
                # Hosts are offered a second factor; the municipality may require it (users.permissions).
                "has_totp": user_has_totp(self.request.user)}


@sot_public
class HsdsExportView(MunicipalityRequiredMixin, TemplateView):
    """Open data: the points as Open Referral HSDS 3.0 JSON (see sot_points.hsds)."""

    def get(self, request, *args, **kwargs):
        from sot_points.hsds import hsds_export

        data = hsds_export(request.municipality)
        return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json")
