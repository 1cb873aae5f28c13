"""Listings' owners' pages under /marknadsplats/hantera/ on a municipality's host: "Mina annonser", a new listing
in two steps (kind and owner, then the kind's form), edit (a call's items as a form set), send in, withdraw,
renew, a call's status, photos and PDF attachments. Plain forms, no JavaScript.

Only listings located in the host's municipality are reachable: another municipality's listing is a 404, a
listing here that the user may not edit a 403. Thin: parse, select, call a service, respond."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.forms import add_validation_errors
from marketplace import listing_services as services
from marketplace import manage_selectors as selectors
from marketplace.listing_forms import (
    FORMS_BY_KIND,
    MUNICIPALITY_OWNER,
    AttachmentForm,
    CallItemFormSet,
    CallListingForm,
    ListingStartForm,
    PhotoForm,
    RenewForm,
    call_item_initial,
    owner_choices,
)
from marketplace.models import CallStatus, ListingKind, ListingStatus
from marketplace.notifications import listing_public_path
from marketplace.permissions import can_create_municipality_listing, can_edit_listing
from municipalities.views import MunicipalityRequiredMixin

# The status buttons an owner sees for each call status (awarding is done with the answers).
CALL_STATUS_ACTIONS = {
    CallStatus.PLANNED: [(CallStatus.OPEN, gettext_lazy("Öppna för svar"))],
    CallStatus.OPEN: [(CallStatus.CLOSED, gettext_lazy("Stäng för svar"))],
    CallStatus.CLOSED: [(CallStatus.OPEN, gettext_lazy("Öppna igen"))],
}


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class _OwnerMixin(LoginRequiredMixin, MunicipalityRequiredMixin):
    """Who the user may act for on this host."""

    def owners(self) -> list[tuple[str, str]]:
        municipality, user = self.request.municipality, self.request.user
        return owner_choices(
            companies=selectors.company_list_for_listings(municipality=municipality, user=user),
            hubs=selectors.hub_list_managed(municipality=municipality, user=user),
            municipality=municipality if can_create_municipality_listing(user, municipality) else None)

    def owner_kwargs(self, owner: str) -> dict:
        """The service's company/hub for an owner choice the user was offered; anything else is a 404."""
        municipality, user = self.request.municipality, self.request.user
        if owner == MUNICIPALITY_OWNER and can_create_municipality_listing(user, municipality):
            return {}
        kind, _sep, raw_id = owner.partition("-")
        if raw_id.isascii() and raw_id.isdigit():
            if kind == "company":
                company = selectors.company_list_for_listings(municipality=municipality, user=user).filter(
                    pk=int(raw_id)).first()
                if company is not None:
                    return {"company": company}
            if kind == "hub":
                hub = selectors.hub_list_managed(municipality=municipality, user=user).filter(pk=int(raw_id)).first()
                if hub is not None:
                    return {"hub": hub}
        raise Http404


class ListingMineView(_OwnerMixin, TemplateView):
    """"Mina annonser": every listing here the user manages, grouped by owner."""

    template_name = "marketplace/manage/listing_mine.html"

    def get_context_data(self, **kwargs):
        groups: dict[str, list] = {}
        for listing in selectors.listing_list_manageable(municipality=self.request.municipality,
                                                         user=self.request.user):
            listing.public_path = listing_public_path(listing)
            groups.setdefault(listing.owner_name, []).append(listing)
        return {**super().get_context_data(**kwargs), "groups": sorted(groups.items()),
                "can_create": bool(self.owners()), "today": timezone.localdate()}


class ListingStartView(_OwnerMixin, TemplateView):
    """Step 1: which kind of listing, on whose behalf."""

    template_name = "marketplace/manage/listing_start.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "municipality", None) is not None:
            if not self.owners():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ListingStartForm(owners=self.owners())))

    def post(self, request, *args, **kwargs):
        form = ListingStartForm(request.POST, owners=self.owners())
        if form.is_valid():
            return redirect(reverse("marketplace_manage:listing-create", kwargs={"kind": form.cleaned_data["kind"]})
                            + f"?agare={form.cleaned_data['owner']}")
        return self.render_to_response(self.get_context_data(form=form))


def _listing_form(kind: str, data=None, *, municipality, hub_owned: bool, listing=None, creating: bool = False):
    form_class = FORMS_BY_KIND[kind]
    extra = {"creating": creating} if form_class is CallListingForm else {}
    return form_class(data, municipality=municipality, hub_owned=hub_owned, listing=listing, **extra)


def _items_formset(kind: str, data=None, *, listing=None):
    if kind != ListingKind.CALL:
        return None
    return CallItemFormSet(data, prefix="items", initial=call_item_initial(listing) if listing else None)


def _save_with_items(form, formset, save) -> object | None:
    """Run the service `save(fields, items)`; its errors go next to the fields and items. None on error."""
    valid = form.is_valid() & (formset is None or formset.is_valid())
    if not valid:
        return None
    try:
        return save(form.service_fields(), formset.items() if formset is not None else None)
    except services.ItemsValidationError as error:
        formset.add_service_errors(error)
    except ValidationError as error:
        form.add_service_errors(error)
    return None


class ListingCreateView(_OwnerMixin, TemplateView):
    """Step 2: the kind's form. "Spara som utkast" keeps it to the owner; otherwise it is sent in."""

    template_name = "marketplace/manage/listing_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in ListingKind.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _owner(self, source) -> tuple[str, dict]:
        owner = source.get("agare", "")
        return owner, self.owner_kwargs(owner)

    def _forms(self, data=None, owner_kwargs=None):
        kind = self.kwargs["kind"]
        return (_listing_form(kind, data, municipality=self.request.municipality,
                              hub_owned="hub" in (owner_kwargs or {}), creating=True),
                _items_formset(kind, data))

    def get(self, request, *args, **kwargs):
        if not request.GET.get("agare"):
            return redirect("marketplace_manage:listing-start")  # step 1 first
        owner, owner_kwargs = self._owner(request.GET)
        form, formset = self._forms(owner_kwargs=owner_kwargs)
        form.initial.setdefault("expires_on", services.latest_expiry(request.municipality))
        return self.render_to_response(self.get_context_data(form=form, formset=formset, owner=owner,
                                                             owner_kwargs=owner_kwargs))

    def post(self, request, *args, **kwargs):
        owner, owner_kwargs = self._owner(request.POST)
        form, formset = self._forms(request.POST, owner_kwargs)
        submit = request.POST.get("action") != "draft"

        def save(fields, items):
            with transaction.atomic():
                listing = services.listing_create(actor=request.user, municipality=request.municipality,
                                                  kind=self.kwargs["kind"], items=items or (), **owner_kwargs,
                                                  **fields)
                if submit:
                    listing = services.listing_submit(actor=request.user, listing=listing)
                return listing

        listing = _save_with_items(form, formset, save)
        if listing is None:
            return self.render_to_response(self.get_context_data(form=form, formset=formset, owner=owner,
                                                                 owner_kwargs=owner_kwargs))
        messages.success(request, _status_message(listing))
        return redirect("marketplace_manage:listing-edit", pk=listing.pk)

    def get_context_data(self, **kwargs):
        owner_kwargs = kwargs.pop("owner_kwargs", {})
        owner_name = (owner_kwargs.get("company") or owner_kwargs.get("hub") or self.request.municipality)
        owner_name = getattr(owner_name, "display_name", None) or str(owner_name)
        return {**super().get_context_data(**kwargs), "kind_label": ListingKind(self.kwargs["kind"]).label,
                "owner_name": owner_name, "creating": True}


def _status_message(listing) -> str:
    if listing.status == ListingStatus.PUBLISHED:
        return _("Annonsen är publicerad.")
    if listing.status == ListingStatus.PENDING:
        return _("Annonsen är inskickad och publiceras när näringslivskontoret har granskat den.")
    return _("Annonsen är sparad som utkast. Den visas inte förrän du skickar in den.")


class ListingAccessMixin(LoginRequiredMixin, MunicipalityRequiredMixin):
    """One listing located here: 404 if it is elsewhere (or does not exist), 403 if the user may not edit it."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "municipality", None) is not None:
            self.listing = selectors.listing_get_in_municipality(municipality=request.municipality, pk=kwargs["pk"])
            if self.listing is None:
                raise Http404
            if not can_edit_listing(request.user, self.listing):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def back(self):
        return redirect("marketplace_manage:listing-edit", pk=self.listing.pk)


class ListingEditView(ListingAccessMixin, TemplateView):
    template_name = "marketplace/manage/listing_form.html"

    def _forms(self, data=None):
        listing = self.listing
        return (_listing_form(listing.kind, data, municipality=listing.municipality, hub_owned=bool(listing.hub_id),
                              listing=listing),
                _items_formset(listing.kind, data, listing=listing))

    def get(self, request, *args, **kwargs):
        form, formset = self._forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request, *args, **kwargs):
        form, formset = self._forms(request.POST)
        listing = _save_with_items(form, formset, lambda fields, items: services.listing_update(
            actor=request.user, listing=self.listing, items=items, **fields))
        if listing is None:
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        if listing.status == ListingStatus.PENDING and self.listing.status == ListingStatus.PUBLISHED:
            messages.success(request, _("Ändringarna är sparade. Näringslivskontoret granskar dem innan annonsen "
                                        "visas igen."))
        else:
            messages.success(request, _("Ändringarna är sparade."))
        return redirect("marketplace_manage:listing-edit", pk=listing.pk)

    def get_context_data(self, **kwargs):
        listing = self.listing
        return {**super().get_context_data(**kwargs), "listing": listing, "kind_label": listing.get_kind_display(),
                "owner_name": listing.owner_name, "public_path": listing_public_path(listing),
                "call_actions": CALL_STATUS_ACTIONS.get(listing.call_status, []) if listing.is_call else [],
                "can_submit": listing.status in (ListingStatus.DRAFT, ListingStatus.REJECTED)
                or (listing.status == ListingStatus.WITHDRAWN and not listing.moderation_note),
                "taken_down": listing.status == ListingStatus.WITHDRAWN and bool(listing.moderation_note)}


class ListingSubmitView(ListingAccessMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            listing = services.listing_submit(actor=request.user, listing=self.listing)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _status_message(listing))
        return self.back()


class ListingWithdrawView(ListingAccessMixin, View):
    def post(self, request, *args, **kwargs):
        services.listing_withdraw(actor=request.user, listing=self.listing)
        messages.success(request, _("Annonsen är borttagen och visas inte längre. Du kan skicka in den igen."))
        return redirect("marketplace_manage:listing-mine")


class ListingRenewView(ListingAccessMixin, TemplateView):
    """A new last day; the office's longest allowed is offered."""

    template_name = "marketplace/manage/listing_renew.html"

    def get(self, request, *args, **kwargs):
        form = RenewForm(initial={"expires_on": services.latest_expiry(self.listing.municipality)})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = RenewForm(request.POST)
        if form.is_valid():
            try:
                services.listing_renew(actor=request.user, listing=self.listing, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error, "expires_on")
            else:
                messages.success(request, _("Annonsen gäller nu till och med %(date)s.") % {
                    "date": form.cleaned_data["expires_on"].isoformat()})
                return redirect("marketplace_manage:listing-mine")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "listing": self.listing,
                "latest": services.latest_expiry(self.listing.municipality)}


class CallStatusView(ListingAccessMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            listing = services.call_set_status(actor=request.user, listing=self.listing,
                                               status=request.POST.get("status", ""))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Upphandlingen är nu %(status)s.") % {
                "status": listing.get_call_status_display().lower()})
        return self.back()


class ListingPhotosView(ListingAccessMixin, TemplateView):
    template_name = "marketplace/manage/listing_photos.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=PhotoForm()))

    def post(self, request, *args, **kwargs):
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.listing_add_photo(actor=request.user, listing=self.listing, upload=form.cleaned_data["photo"],
                                           alt_text=form.cleaned_data["alt_text"])
            except ValidationError as error:
                _add_errors(form, error, "photo")
            else:
                messages.success(request, _("Bilden är tillagd."))
                return redirect("marketplace_manage:listing-photos", pk=self.listing.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "listing": self.listing,
                "photos": self.listing.photos.select_related("image"), "max_photos": services.MAX_PHOTOS}


class ListingPhotoRemoveView(ListingAccessMixin, View):
    def post(self, request, *args, **kwargs):
        photo = self.listing.photos.filter(pk=kwargs["photo_id"]).first()
        if photo is None:
            raise Http404
        services.listing_remove_photo(actor=request.user, photo=photo)
        messages.success(request, _("Bilden är borttagen."))
        return redirect("marketplace_manage:listing-photos", pk=self.listing.pk)


class ListingAttachmentsView(ListingAccessMixin, TemplateView):
    template_name = "marketplace/manage/listing_attachments.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=AttachmentForm()))

    def post(self, request, *args, **kwargs):
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.listing_add_attachment(actor=request.user, listing=self.listing,
                                                upload=form.cleaned_data["file"], title=form.cleaned_data["title"])
            except ValidationError as error:
                _add_errors(form, error, "file")
            else:
                messages.success(request, _("Dokumentet är tillagt."))
                return redirect("marketplace_manage:listing-attachments", pk=self.listing.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "listing": self.listing,
                "attachments": self.listing.attachments.all()}


class ListingAttachmentRemoveView(ListingAccessMixin, View):
    def post(self, request, *args, **kwargs):
        attachment = self.listing.attachments.filter(pk=kwargs["attachment_id"]).first()
        if attachment is None:
            raise Http404
        services.listing_remove_attachment(actor=request.user, attachment=attachment)
        messages.success(request, _("Dokumentet är borttaget."))
        return redirect("marketplace_manage:listing-attachments", pk=self.listing.pk)


def _add_errors(form, error: ValidationError, default_field: str) -> None:
    add_validation_errors(form, error, default_field=default_field)
