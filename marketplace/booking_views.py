"""Booking pages under /marknadsplats/: a resource's calendar and request form, the owner's bookings and
bookable periods, and "Mina bokningar" for the requester. Plain forms, no JavaScript. A resource the
visitor may not see (or not reachable on this host) is a 404."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.caching import shared_cache
from core.params import positive_int
from directory.selectors import company_list_for_member
from marketplace import booking_selectors as selectors
from marketplace import booking_services as services
from marketplace.booking_forms import AvailabilityWindowForm, BookingRequestForm, add_service_errors
from marketplace.permissions import can_edit_listing, can_request_booking, can_view_listing
from municipalities.views import MunicipalityRequiredMixin

# The calendar shown to anonymous visitors may be this old.
PUBLIC_MAX_AGE = 30


class ResourceMixin(MunicipalityRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "municipality", None) is not None:
            self.listing = selectors.resource_get_for_municipality(municipality=request.municipality,
                                                                   listing_id=kwargs["pk"])
            if self.listing is None or not can_view_listing(request.user, self.listing):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "listing": self.listing,
                "windows": selectors.availability_list_upcoming(listing=self.listing),
                "occupied": selectors.booking_list_occupied(listing=self.listing),
                "calendar_weeks": selectors.CALENDAR_WEEKS}


@method_decorator(shared_cache(PUBLIC_MAX_AGE), name="dispatch")
class BookingRequestView(ResourceMixin, TemplateView):
    """The calendar of the coming weeks and, for signed-in visitors, the request form."""

    template_name = "marketplace/bookings/booking_request.html"

    def _form(self, data=None) -> BookingRequestForm:
        companies = company_list_for_member(user=self.request.user)
        return BookingRequestForm(data, companies=companies if companies.exists() else None)

    def get(self, request, *args, **kwargs):
        form = self._form() if can_request_booking(request.user, self.listing) else None
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_request_booking(request.user, self.listing):
            raise PermissionDenied
        form = self._form(request.POST)
        if form.is_valid():
            try:
                booking = services.booking_request(actor=request.user, listing=self.listing, **form.booking_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Din förfrågan om %(slot)s är skickad. Du får ett e-brev när ägaren har "
                                            "svarat.") % {"slot": services.format_slot(booking.starts_at,
                                                                                        booking.ends_at)})
                return redirect("marketplace_bookings:booking-mine")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "has_windows": selectors.availability_exists(listing=self.listing),
                "is_owner": can_edit_listing(self.request.user, self.listing)}


class ListingBookingsView(LoginRequiredMixin, ResourceMixin, TemplateView):
    """The owner's page: requests to confirm or decline, bookings to cancel, bookable periods."""

    template_name = "marketplace/bookings/listing_bookings.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self._require_owner()
        return self.render_to_response(self.get_context_data(window_form=AvailabilityWindowForm()))

    def _require_owner(self) -> None:
        if not can_edit_listing(self.request.user, self.listing):
            raise PermissionDenied

    def post(self, request, *args, **kwargs):
        self._require_owner()
        action = request.POST.get("action")
        if action == "add_window":
            return self._add_window()
        try:
            if action == "remove_window":
                window = self._object(selectors.availability_get, "window_id", request.POST.get("window", ""))
                services.availability_window_remove(actor=request.user, window=window)
                messages.success(request, _("Perioden är borttagen."))
            elif action in ("confirm", "decline", "cancel"):
                booking = self._object(selectors.booking_get_for_listing, "booking_id", request.POST.get("booking", ""))
                getattr(services, f"booking_{action}")(actor=request.user, booking=booking)
                messages.success(request, {"confirm": _("Bokningen är bekräftad."),
                                           "decline": _("Bokningen är avböjd."),
                                           "cancel": _("Bokningen är avbokad.")}[action])
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("marketplace_bookings:listing-bookings", pk=self.listing.pk)

    def _object(self, selector, key: str, raw: str):
        object_id = positive_int(raw)
        found = object_id and selector(listing=self.listing, **{key: object_id})
        if not found:
            raise Http404
        return found

    def _add_window(self):
        form = AvailabilityWindowForm(self.request.POST)
        if form.is_valid():
            try:
                services.availability_window_add(actor=self.request.user, listing=self.listing,
                                                 starts_at=form.cleaned_data["starts_at"],
                                                 ends_at=form.cleaned_data["ends_at"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(self.request, _("Perioden är tillagd."))
                return redirect("marketplace_bookings:listing-bookings", pk=self.listing.pk)
        return self.render_to_response(self.get_context_data(window_form=form))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "bookings": selectors.booking_list_for_listing(listing=self.listing)}


class MyBookingsView(LoginRequiredMixin, MunicipalityRequiredMixin, TemplateView):
    """"Mina bokningar": the signed-in user's requests and bookings, with a button to cancel."""

    template_name = "marketplace/bookings/my_bookings.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "bookings": selectors.booking_list_for_requester(
            user=self.request.user, municipality=self.request.municipality)}

    def post(self, request, *args, **kwargs):
        booking_id = positive_int(request.POST.get("booking", ""))
        booking = booking_id and selectors.booking_get_for_requester(
            user=request.user, municipality=request.municipality, booking_id=booking_id)
        if not booking:
            raise Http404
        try:
            services.booking_cancel(actor=request.user, booking=booking)
            messages.success(request, _("Bokningen är avbokad."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("marketplace_bookings:booking-mine")
