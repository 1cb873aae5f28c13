"""Supplier suggestions for the owner of a request or call (with a one-click invitation), and the call
follow-up for the municipality's staff and hub managers. Plain forms, no JavaScript. Thin."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.params import positive_int
from marketplace import conversation_selectors
from marketplace import conversation_services as services
from marketplace import supplier_selectors as selectors
from marketplace.permissions import can_invite_suppliers, can_view_listing, can_view_supplier_followup
from marketplace.supplier_matching import candidate_companies, reason_for, suggest_suppliers
from municipalities.views import MunicipalityRequiredMixin


class SupplierSuggestView(LoginRequiredMixin, MunicipalityRequiredMixin, TemplateView):
    """The 20 best-fitting companies for the listing, each with why and a "Bjud in" button."""

    template_name = "marketplace/suppliers/suggest.html"
    limit = 20

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "municipality", None) is not None:
            self.listing = conversation_selectors.listing_get_for_owner(municipality=request.municipality,
                                                                        listing_id=kwargs["listing_pk"])
            if self.listing is None or not can_view_listing(request.user, self.listing):
                raise Http404
            if not can_invite_suppliers(request.user, self.listing):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        company_id = positive_int(request.POST.get("company"))
        company = company_id and candidate_companies(self.listing).filter(pk=company_id).first()
        if not company:
            messages.error(request, _("Företaget kan inte bjudas in till den här annonsen (det är kanske redan "
                                      "inbjudet)."))
            return redirect("marketplace_suppliers:supplier-suggest", listing_pk=self.listing.pk)
        try:
            services.invitation_create(actor=request.user, listing=self.listing, company=company,
                                       reason=reason_for(self.listing, company))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s är inbjudet och har fått ett e-postmeddelande.")
                             % {"name": company.display_name})
        return redirect("marketplace_suppliers:supplier-suggest", listing_pk=self.listing.pk)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "listing": self.listing,
                "closed_reason": services.open_for_answers_error(self.listing),
                "suggestions": suggest_suppliers(self.listing, limit=self.limit),
                "invitations": selectors.invitation_list_for_listing(listing=self.listing)}


class CallFollowupView(LoginRequiredMixin, MunicipalityRequiredMixin, TemplateView):
    """Per call: invited → answered → chosen; and how much was answered and won close to home."""

    template_name = "marketplace/suppliers/followup.html"

    def dispatch(self, request, *args, **kwargs):
        if (request.user.is_authenticated and getattr(request, "municipality", None) is not None
                and not can_view_supplier_followup(request.user, request.municipality)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        municipality = self.request.municipality
        return {**super().get_context_data(**kwargs),
                "followup": selectors.call_followup(municipality=municipality, user=self.request.user),
                "hubs": selectors.followup_hubs(municipality=municipality, user=self.request.user)}
