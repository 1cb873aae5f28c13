"""Hub pages on each municipality's host under /marknadsplats/hubbar/: the list of hubs spanning it, a hub's
own branded page (its listings and, when allowed, its member directory), starting a hub, and the managers'
page for applications, invitations, members and the hub's settings. Plain forms, no JavaScript.

A hub is reached only on the hosts of the municipalities it spans (elsewhere a 404). Anonymous visitors get
pages a shared cache may keep; signed-in visitors' pages carry their own buttons and stay private."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.caching import shared_cache
from core.forms import add_validation_errors
from core.params import positive_int
from marketplace import hub_selectors as selectors
from marketplace import hub_services as services
from marketplace.hub_forms import HubApplyForm, HubCreateForm, HubEditForm, HubInviteForm
from marketplace.models import HubMembership
from marketplace.permissions import can_create_hub, can_manage_hub, can_view_hub_members, is_hub_member
from municipalities.views import MunicipalityRequiredMixin

# Hubs change rarely; a change reaches anonymous visitors at most this late.
PUBLIC_MAX_AGE = 60
public_page = method_decorator(shared_cache(PUBLIC_MAX_AGE), name="dispatch")
Status = HubMembership.Status


def _company_url(company) -> str:
    return company.municipality.site.root_url + reverse("directory:company-detail", args=[company.slug])


@public_page
class HubListView(MunicipalityRequiredMixin, TemplateView):
    template_name = "marketplace/hubs/hub_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {**super().get_context_data(**kwargs),
                "hubs": selectors.hub_list_for_municipality(municipality=self.request.municipality),
                "can_create": user.is_authenticated and can_create_hub(user)}


class HubCreateView(LoginRequiredMixin, MunicipalityRequiredMixin, TemplateView):
    template_name = "marketplace/hubs/hub_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_create_hub(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None) -> HubCreateForm:
        municipality = self.request.municipality
        owners, companies = selectors.hub_owner_choices_for_user(user=self.request.user, municipality=municipality)
        return HubCreateForm(data, platform_owners=owners, companies=companies,
                             county_municipalities=selectors.county_municipalities(municipality=municipality),
                             initial={"municipalities": [municipality.pk]})

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "owner"}
            try:
                hub = services.hub_create(actor=request.user, municipality=request.municipality,
                                          **form.owner_kwargs(), **data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Hubben %(name)s är skapad.") % {"name": hub.name})
                return redirect("marketplace_hubs:hub-detail", slug=hub.slug)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "creating": True}


class HubMixin(MunicipalityRequiredMixin):
    """The hub of the address, spanning this municipality; an inactive hub only for its managers."""

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "municipality", None) is not None:
            self.hub = selectors.hub_get_for_municipality(municipality=request.municipality, slug=kwargs["slug"])
            if self.hub is None:
                raise Http404
            self.can_manage = can_manage_hub(request.user, self.hub)
            if not self.hub.active and not self.can_manage:
                raise Http404
        return super().dispatch(request, *args, **kwargs)


@public_page
class HubDetailView(HubMixin, TemplateView):
    """The hub's own page; company members apply, answer invitations and leave here."""

    template_name = "marketplace/hubs/hub_detail.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        action = request.POST.get("action")
        if action == "apply":
            return self._apply()
        membership = self._own_membership(request.POST.get("membership", ""))
        try:
            if action == "accept":
                services.hub_membership_accept_invitation(actor=request.user, membership=membership)
                messages.success(request, _("%(company)s är nu medlem.") % {"company": membership.company.display_name})
            elif action == "leave":
                services.hub_leave(actor=request.user, membership=membership)
                messages.success(request, _("%(company)s är inte längre med i hubben.") % {
                    "company": membership.company.display_name})
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("marketplace_hubs:hub-detail", slug=self.hub.slug)

    def _apply(self):
        form = HubApplyForm(self.request.POST, companies=selectors.hub_company_choices_for_user(
            hub=self.hub, user=self.request.user))
        if form.is_valid():
            try:
                membership = services.hub_apply(actor=self.request.user, hub=self.hub, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                text = (_("%(company)s är nu medlem.") if membership.status == Status.MEMBER
                        else _("Ansökan för %(company)s är skickad till hubbens ansvariga."))
                messages.success(self.request, text % {"company": membership.company.display_name})
                return redirect("marketplace_hubs:hub-detail", slug=self.hub.slug)
        return self.render_to_response(self.get_context_data(apply_form=form))

    def _own_membership(self, raw: str) -> HubMembership:
        membership_id = positive_int(raw)
        membership = membership_id and selectors.hub_membership_get(hub=self.hub, membership_id=membership_id)
        if not membership:
            raise Http404
        return membership

    def get_context_data(self, **kwargs):
        user, hub = self.request.user, self.hub
        member = is_hub_member(user, hub)
        context = {**super().get_context_data(**kwargs), "hub": hub, "can_manage": self.can_manage,
                   "is_member": member,
                   "listings": selectors.hub_listing_list_live(hub=hub, include_members_only=member),
                   "spanned": hub.municipalities.order_by("name"),
                   "show_members": can_view_hub_members(user, hub)}
        if context["show_members"]:
            context["members"] = [(m.company, _company_url(m.company)) for m in selectors.hub_member_list(hub=hub)]
        if user.is_authenticated:
            companies = selectors.hub_company_choices_for_user(hub=hub, user=user)
            context["own_memberships"] = selectors.hub_membership_list_for_user(hub=hub, user=user)
            if hub.open_to_applications and "apply_form" not in kwargs and companies.exists():
                context["apply_form"] = HubApplyForm(companies=companies)
        return context


class HubManagerMixin(LoginRequiredMixin, HubMixin):
    """The managers' pages: anyone signed in who is not a manager gets 403 (the hub itself is public)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.can_manage:
            raise PermissionDenied
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "hub": self.hub}


class HubManageView(HubManagerMixin, TemplateView):
    template_name = "marketplace/hubs/hub_manage.html"

    def post(self, request, *args, **kwargs):
        if not self.can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "invite":
            return self._invite()
        membership_id = positive_int(request.POST.get("membership", ""))
        membership = membership_id and selectors.hub_membership_get(hub=self.hub, membership_id=membership_id)
        handlers = {"approve": (services.hub_membership_approve, _("%(company)s är nu medlem.")),
                    "decline": (services.hub_membership_decline, _("Ansökan från %(company)s är avböjd.")),
                    "remove": (services.hub_member_remove, _("%(company)s är inte längre med i hubben."))}
        if not membership or action not in handlers:
            raise Http404
        service, text = handlers[action]
        try:
            service(actor=request.user, membership=membership)
            messages.success(request, text % {"company": membership.company.display_name})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("marketplace_hubs:hub-manage", slug=self.hub.slug)

    def _invite(self):
        form = HubInviteForm(self.request.POST, companies=selectors.hub_invitable_companies(hub=self.hub))
        if form.is_valid():
            try:
                membership = services.hub_invite(actor=self.request.user, hub=self.hub, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(self.request, _("%(company)s är inbjudet.") % {
                    "company": membership.company.display_name})
                return redirect("marketplace_hubs:hub-manage", slug=self.hub.slug)
        return self.render_to_response(self.get_context_data(invite_form=form))

    def get_context_data(self, **kwargs):
        hub = self.hub
        kwargs.setdefault("invite_form", HubInviteForm(companies=selectors.hub_invitable_companies(hub=hub)))
        return {**super().get_context_data(**kwargs),
                "applications": selectors.hub_membership_list(hub=hub, status=Status.APPLIED),
                "invitations": selectors.hub_membership_list(hub=hub, status=Status.INVITED),
                "members": selectors.hub_membership_list(hub=hub, status=Status.MEMBER)}


class HubEditView(HubManagerMixin, TemplateView):
    template_name = "marketplace/hubs/hub_form.html"

    def _form(self, data=None, files=None) -> HubEditForm:
        hub = self.hub
        initial = {name: getattr(hub, name) for name in services.HUB_FIELDS}
        initial["municipalities"] = list(hub.municipalities.values_list("pk", flat=True))
        return HubEditForm(data, files, initial=initial,
                           county_municipalities=selectors.county_municipalities(municipality=hub.municipality))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self._form())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_manage:
            raise PermissionDenied
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["logo_upload"] = data.pop("logo", None) or None
            try:
                services.hub_update(actor=request.user, hub=self.hub, **data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Hubben är uppdaterad."))
                return redirect("marketplace_hubs:hub-manage", slug=self.hub.slug)
        return self.render_to_response(self.get_context_data(form=form))
