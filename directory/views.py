"""Public directory pages and companies' own pages. Thin: parse, select, call a service, respond."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.caching import shared_cache
from core.forms import add_validation_errors
from core.params import positive_int, text_param
from directory import selectors, services
from directory.exports import companies_csv, companies_geojson
from directory.forms import (
    CompanyClaimForm,
    CompanyProfileForm,
    CompanyRegistrationForm,
    LogoForm,
    MemberInviteForm,
    PhotoForm,
)
from directory.jsonld import company_jsonld, jsonld_script_body
from directory.permissions import (
    can_edit_company,
    can_manage_company_members,
    can_view_company,
    can_view_crisis_resources,
)
from directory.search import company_search, company_suggest, parse_search_params
from directory.sni_search import sni_search
from municipalities.selectors import locality_list
from municipalities.views import MunicipalityRequiredMixin

# How long the proxy cache may keep a public directory page for anonymous visitors: an approved
# change reaches them at most this late.
PUBLIC_MAX_AGE = 30
public_page = method_decorator(shared_cache(PUBLIC_MAX_AGE), name="dispatch")
# The SNI list changes with a release, not with the data.
SNI_SUGGEST_MAX_AGE = 3600
SNI_SUGGESTIONS = 12


@public_page
class CompanyListView(MunicipalityRequiredMixin, TemplateView):
    """Search with facets as links: works without JavaScript."""

    template_name = "directory/company_list.html"

    def get_context_data(self, **kwargs):
        params = parse_search_params(self.request.GET, municipality=self.request.municipality)
        result = company_search(params=params, municipality=self.request.municipality)
        return {
            **super().get_context_data(**kwargs), "params": params, "result": result,
            "localities": locality_list(municipality=self.request.municipality),
            "scope_querystring": params.querystring(regional=not params.regional),
            "previous_querystring": params.querystring(page=params.page - 1),
            "next_querystring": params.querystring(page=params.page + 1),
        }


@public_page
class CompanyExportView(MunicipalityRequiredMixin, TemplateView):
    """Open data: every published company of the municipality as CSV or GeoJSON."""

    def get(self, request, *args, fmt, **kwargs):
        companies = selectors.company_list_published(municipality_ids=[request.municipality.pk]).select_related(
            "municipality").prefetch_related("localities").order_by("legal_name")
        base_url = request.municipality.site.root_url
        filename = f"foretag-{request.municipality.slug}"
        if fmt == "csv":
            response = HttpResponse(companies_csv(companies, base_url=base_url), content_type="text/csv; charset=utf-8")
        else:
            response = JsonResponse(companies_geojson(companies, base_url=base_url), content_type="application/geo+json",
                                    json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
        return response


@public_page
class CompanySuggestView(MunicipalityRequiredMixin, TemplateView):
    """Autocomplete on company names (JSON for the enhancement script; the page works without it)."""

    def get(self, request, *args, **kwargs):
        prefix = text_param(request.GET, "q", max_length=50)
        suggestions = company_suggest(prefix=prefix, municipality=request.municipality) if len(prefix) >= 2 else []
        return JsonResponse({"suggestions": suggestions})


@method_decorator(shared_cache(SNI_SUGGEST_MAX_AGE), name="dispatch")
class SniSuggestView(MunicipalityRequiredMixin, TemplateView):
    """SNI codes matching what is typed, for the register and edit forms' suggestions (JSON, small and
    cacheable: the list is the same for everyone of a language). The forms resolve the typed text without it."""

    def get(self, request, *args, **kwargs):
        query = text_param(request.GET, "q", max_length=50)
        matches = sni_search(query)[:SNI_SUGGESTIONS] if len(query) >= 2 else []
        response = JsonResponse({"suggestions": [f"{m.code} {m.choice_title}" for m in matches]},
                                json_dumps_params={"ensure_ascii": False})
        if request.user.is_authenticated:
            # Nothing personal in it: the signed-in company's phone may keep it, and asks again less.
            # The names follow the language; LocaleMiddleware's and the session's Vary (Accept-Language,
            # Cookie) make a browser ask anew after a switch.
            patch_cache_control(response, private=True, max_age=SNI_SUGGEST_MAX_AGE)
        return response


@public_page
class CompanyDetailView(MunicipalityRequiredMixin, TemplateView):
    template_name = "directory/company_detail.html"

    def get_context_data(self, **kwargs):
        company = selectors.company_get(municipality=self.request.municipality, slug=kwargs["slug"])
        if company is None or not can_view_company(self.request.user, company):
            raise Http404
        return {
            **super().get_context_data(**kwargs), "company": company,
            "can_edit": can_edit_company(self.request.user, company),
            "show_crisis": can_view_crisis_resources(self.request.user, company),
            "jsonld": jsonld_script_body(company_jsonld(company, self.request)) if company.is_published else None,
        }


class CompanyAccessMixin(MunicipalityRequiredMixin):
    """Pages about one company (by slug) on its municipality's host, for users the predicate allows.
    A company the user may not even see (unpublished, not theirs) is a 404, as if it did not exist;
    anonymous visitors then fall through to LoginRequiredMixin; others without permission get 403."""

    company_permission = staticmethod(can_edit_company)

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "municipality", None) is not None:
            self.company = selectors.company_get(municipality=request.municipality, slug=kwargs["slug"])
            if self.company is None or not can_view_company(request.user, self.company):
                raise Http404
            if request.user.is_authenticated and not self.company_permission(request.user, self.company):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CompanyFormViewMixin:
    def form_invalid_from(self, form, error: ValidationError):
        add_validation_errors(form, error)
        return self.form_invalid(form)

    def tell_position(self, form) -> None:
        """Show where the company was placed, so a wrong guess is noticed and corrected."""
        position = form.position
        if position is None or "latitude" not in form.cleaned_data:
            return
        values = {"lat": f"{position.latitude:.2f}", "lon": f"{position.longitude:.2f}"}
        if position.place_name:
            text = _("Vi placerar er i %(place)s (%(lat)s, %(lon)s) på kartan. Stämmer det inte kan ni välja "
                     "en annan ort eller rätta adressen under Redigera.") % {**values, "place": position.place_name}
        else:
            text = _("Vi placerar er på %(lat)s, %(lon)s på kartan. Stämmer det inte kan ni välja en ort eller "
                     "rätta adressen under Redigera.") % values
        messages.info(self.request, text)


class CompanyRegisterView(LoginRequiredMixin, MunicipalityRequiredMixin, CompanyFormViewMixin, FormView):
    template_name = "directory/company_register.html"
    form_class = CompanyRegistrationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.request.municipality}

    def form_valid(self, form):
        try:
            company = services.company_register(actor=self.request.user, municipality=self.request.municipality,
                                                org_number=form.cleaned_data["org_number"], **form.profile_data())
        except ValidationError as error:
            return self.form_invalid_from(form, error)
        messages.success(self.request, _("Tack! %(name)s är registrerat och granskas nu av näringslivskontoret.")
                         % {"name": company.display_name})
        self.tell_position(form)
        return redirect("directory:company-mine")


class CompanyEditView(LoginRequiredMixin, CompanyAccessMixin, CompanyFormViewMixin, FormView):
    template_name = "directory/company_edit.html"
    form_class = CompanyProfileForm

    company_permission = staticmethod(can_edit_company)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.company, "municipality": self.request.municipality}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "company": self.company}

    def form_valid(self, form):
        # The form validated against a copy; the service decides whether the change waits for review.
        self.company.refresh_from_db()
        try:
            company = services.company_update(actor=self.request.user, company=self.company, **form.profile_data())
        except ValidationError as error:
            return self.form_invalid_from(form, error)
        if company.pending_changes:
            messages.success(self.request, _("Ändringarna är skickade till näringslivskontoret för granskning."))
        else:
            messages.success(self.request, _("Profilen är uppdaterad."))
        self.tell_position(form)
        return redirect("directory:company-mine")


class CompanyClaimView(LoginRequiredMixin, MunicipalityRequiredMixin, CompanyFormViewMixin, FormView):
    template_name = "directory/company_claim.html"
    form_class = CompanyClaimForm

    def form_valid(self, form):
        try:
            claim = services.company_claim(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            return self.form_invalid_from(form, error)
        messages.success(self.request, _("Ditt anspråk på %(name)s är skickat till näringslivskontoret.")
                         % {"name": claim.company.display_name})
        return redirect("directory:company-mine")


class MyCompaniesView(LoginRequiredMixin, MunicipalityRequiredMixin, TemplateView):
    template_name = "directory/company_mine.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "companies": selectors.company_list_for_member(user=self.request.user)}


class CompanyMembersView(LoginRequiredMixin, CompanyAccessMixin, CompanyFormViewMixin, FormView):
    """The owner invites colleagues by e-mail and removes members."""

    template_name = "directory/company_members.html"
    form_class = MemberInviteForm

    company_permission = staticmethod(can_manage_company_members)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "company": self.company,
                "members": self.company.members.select_related("user").order_by("user__email"),
                "invitations": self.company.invitations.filter(accepted_at__isnull=True)}

    def post(self, request, *args, **kwargs):
        remove = request.POST.get("remove")
        if remove:
            member = self.company.members.filter(pk=positive_int(remove)).first()
            if member is None:
                raise Http404
            try:
                services.member_remove(actor=request.user, member=member)
                messages.success(request, _("%(email)s har tagits bort.") % {"email": member.user.email})
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("directory:company-members", slug=self.company.slug)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.member_invite(actor=self.request.user, company=self.company, email=form.cleaned_data["email"])
        messages.success(self.request, _("En inbjudan har skickats till %(email)s.") % form.cleaned_data)
        return redirect("directory:company-members", slug=self.company.slug)


class CompanyImagesView(LoginRequiredMixin, CompanyAccessMixin, TemplateView):
    """Logo and photos. Uploads are validated, re-encoded and stored in the municipality's collection."""

    template_name = "directory/company_images.html"

    company_permission = staticmethod(can_edit_company)

    def get_context_data(self, **kwargs):
        pending_logo, pending_photos = selectors.company_pending_images(company=self.company)
        return {"logo_form": LogoForm(), "photo_form": PhotoForm(), **super().get_context_data(**kwargs),
                "company": self.company, "photos": self.company.photos.select_related("image"),
                "pending_logo": pending_logo, "pending_photos": pending_photos}

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "remove-photo":
            photo = self.company.photos.filter(pk=positive_int(request.POST.get("photo"))).first()
            if photo is None:
                raise Http404
            services.company_remove_photo(actor=request.user, photo=photo)
            messages.success(request, _("Fotot är borttaget."))
            return redirect("directory:company-images", slug=self.company.slug)
        if action == "withdraw-image":
            image_id = positive_int(request.POST.get("image"))
            if not services.company_withdraw_pending_image(actor=request.user, company=self.company, image_id=image_id):
                raise Http404
            messages.success(request, _("Bilden är tagen tillbaka. Den granskas inte och visas inte."))
            return redirect("directory:company-images", slug=self.company.slug)
        form = (LogoForm if action == "logo" else PhotoForm)(request.POST, request.FILES)
        if form.is_valid():
            waits = services.changes_wait_for_review(actor=request.user, company=self.company)
            try:
                if action == "logo":
                    services.company_set_logo(actor=request.user, company=self.company, upload=form.cleaned_data["logo"])
                else:
                    services.company_add_photo(actor=request.user, company=self.company,
                                               upload=form.cleaned_data["photo"], alt_text=form.cleaned_data["alt_text"])
                messages.success(request, _("Bilden är skickad till näringslivskontoret för granskning. Den visas "
                                            "på profilen när den är godkänd.") if waits else _("Bilden är sparad."))
                return redirect("directory:company-images", slug=self.company.slug)
            except ValidationError as error:
                add_validation_errors(form, error, default_field="logo" if action == "logo" else "photo")
        key = "logo_form" if action == "logo" else "photo_form"
        return self.render_to_response(self.get_context_data(**{key: form}))


class CompanyConfirmView(LoginRequiredMixin, MunicipalityRequiredMixin, TemplateView):
    """POST only: the company confirms its profile is still correct."""

    http_method_names = ["post"]

    def post(self, request, slug):
        company = selectors.company_get(municipality=request.municipality, slug=slug)
        if company is None:
            raise Http404
        services.company_confirm(actor=request.user, company=company)
        messages.success(request, _("Tack! Uppgifterna om %(name)s är bekräftade.") % {"name": company.display_name})
        return redirect("directory:company-mine")
