"""Providers' offers on each municipality's host under /kompetens/: the public list and detail
(anonymous, shared-cacheable) and the pages where a provider's members publish offers and its
responsible members manage the members. Plain forms, no JavaScript. Thin: parse, select, call a
service, respond."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from competence import provider_selectors as selectors
from competence import provider_services as services
from competence.models import ProviderMember
from competence.permissions import can_edit_provider_offers, can_manage_provider, is_provider_member
from competence.provider_forms import MemberAddForm, OfferFilterForm, OfferForm
from competence.reference import ssyk_groups
from core.caching import shared_cache
from core.forms import add_validation_errors
from core.params import positive_int, text_param
from municipalities.views import MunicipalityRequiredMixin

# Offers change rarely; a published change reaches anonymous visitors at most this late.
PUBLIC_MAX_AGE = 60
public_page = method_decorator(shared_cache(PUBLIC_MAX_AGE), name="dispatch")


def _occupations(codes) -> list[tuple[str, str]]:
    groups = ssyk_groups()
    return [(code, groups.get(code, "")) for code in codes]


@public_page
class OfferListView(MunicipalityRequiredMixin, TemplateView):
    """The offers available to this municipality's companies, filtered by plain GET links and a form."""

    template_name = "competence/providers/offer_list.html"

    def get_context_data(self, **kwargs):
        municipality = self.request.municipality
        codes = selectors.occupation_filter_choices(municipality=municipality)
        query = {name: text_param(self.request.GET, name, max_length=20) for name in ("form", "delivery", "yrke")}
        filter_form = OfferFilterForm(query, occupation_codes=codes)
        chosen = filter_form.filters()
        offers = selectors.offer_list_public(municipality=municipality, form=chosen["form"],
                                             delivery=chosen["delivery"], ssyk_code=chosen["yrke"])
        return {**super().get_context_data(**kwargs), "offers": offers, "filter_form": filter_form,
                "filtered": any(chosen.values())}


@public_page
class OfferDetailView(MunicipalityRequiredMixin, TemplateView):
    template_name = "competence/providers/offer_detail.html"

    def get_context_data(self, **kwargs):
        offer = selectors.offer_get_public(municipality=self.request.municipality,
                                           offer_id=self.kwargs["learning_offer_id"])
        if offer is None:
            raise Http404
        return {**super().get_context_data(**kwargs), "offer": offer,
                "occupations": _occupations(offer.ssyk_codes)}


class MyProvidersView(LoginRequiredMixin, MunicipalityRequiredMixin, TemplateView):
    """"Mina utbildningsaktörer": the providers the signed-in user belongs to, on every host."""

    template_name = "competence/providers/my_providers.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "providers": selectors.provider_list_for_member(user=self.request.user)}


class ProviderAccessMixin(LoginRequiredMixin, MunicipalityRequiredMixin):
    """A provider's own pages, on its home municipality's host. Its members and those who curate it (the
    office's editors, the platform administrator) see them; anyone else gets a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "municipality", None) is not None:
            self.provider = selectors.provider_get(municipality=request.municipality,
                                                   provider_id=kwargs["provider_id"])
            if self.provider is None or not (is_provider_member(request.user, self.provider)
                                             or can_manage_provider(request.user, self.provider)):
                raise Http404
            self.can_edit = can_edit_provider_offers(request.user, self.provider)
            self.can_manage = can_manage_provider(request.user, self.provider)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "provider": self.provider, "can_edit": self.can_edit,
                "can_manage": self.can_manage}


class ProviderHomeView(ProviderAccessMixin, TemplateView):
    """The provider, its offers, and a form to add an offer."""

    template_name = "competence/providers/provider_home.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=OfferForm()))

    def post(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied
        form = OfferForm(request.POST)
        if form.is_valid():
            try:
                offer = services.offer_create(actor=request.user, provider=self.provider, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Erbjudandet %(title)s är publicerat.") % {"title": offer.title})
                return redirect("competence_providers:provider-home", provider_id=self.provider.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "offers": selectors.offer_list_for_provider(provider=self.provider),
                "served": self.provider.serves_municipalities.order_by("name")}


class ProviderOfferView(ProviderAccessMixin, TemplateView):
    """Change, withdraw or publish again one of the provider's offers."""

    template_name = "competence/providers/offer_edit.html"

    def _offer(self):
        offer = selectors.offer_get_for_provider(provider=self.provider, offer_id=self.kwargs["learning_offer_id"])
        if offer is None:
            raise Http404
        return offer

    def get(self, request, *args, **kwargs):
        offer = self._offer()
        return self.render_to_response(self.get_context_data(offer=offer, form=OfferForm(offer=offer)))

    def post(self, request, *args, **kwargs):
        offer = self._offer()
        if not self.can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "withdraw":
            services.offer_withdraw(actor=request.user, offer=offer)
            messages.success(request, _("Erbjudandet är tillbakadraget och visas inte längre."))
            return redirect("competence_providers:provider-home", provider_id=self.provider.pk)
        if action == "reactivate":
            services.offer_reactivate(actor=request.user, offer=offer)
            messages.success(request, _("Erbjudandet visas igen."))
            return redirect("competence_providers:provider-home", provider_id=self.provider.pk)
        form = OfferForm(request.POST)
        if form.is_valid():
            try:
                services.offer_update(actor=request.user, offer=offer, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Erbjudandet är uppdaterat."))
                return redirect("competence_providers:provider-home", provider_id=self.provider.pk)
        return self.render_to_response(self.get_context_data(offer=offer, form=form))


class ProviderMembersView(ProviderAccessMixin, TemplateView):
    """The members; the provider's responsible members (and its office) add, change and remove them."""

    template_name = "competence/providers/members.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=MemberAddForm()))

    def post(self, request, *args, **kwargs):
        if not self.can_manage:
            raise PermissionDenied
        action = request.POST.get("action", "add")
        if action in ("remove", "role"):
            member = self._member(request.POST.get("member", ""))
            try:
                if action == "remove":
                    services.provider_member_remove(actor=request.user, member=member)
                    messages.success(request, _("%(email)s är inte längre medlem.") % {"email": member.user.email})
                else:
                    services.provider_member_set_role(actor=request.user, member=member,
                                                      role=request.POST.get("role", ""))
                    messages.success(request, _("Rollen är ändrad."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("competence_providers:provider-members", provider_id=self.provider.pk)
        form = MemberAddForm(request.POST)
        if form.is_valid():
            try:
                member = services.provider_member_add(actor=request.user, provider=self.provider,
                                                      **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("%(email)s är nu medlem.") % {"email": member.user.email})
                return redirect("competence_providers:provider-members", provider_id=self.provider.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def _member(self, raw: str) -> ProviderMember:
        member_id = positive_int(raw)
        member = member_id and selectors.member_get_for_provider(provider=self.provider, member_id=member_id)
        if not member:
            raise Http404
        return member

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "members": selectors.member_list_for_provider(provider=self.provider),
                "roles": ProviderMember.Role.choices}
