"""The business office's moderation queue in the Wagtail admin. Scoped to the user's municipalities."""
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.scoping import get_scoped_or_404
from directory import selectors, services
from directory.forms import ReasonForm
from directory.models import Company, CompanyClaim, CompanyImport, CompanyRevision
from directory.permissions import can_moderate_company
from directory.review import pending_summary, profile_review
from directory.validators import parse_org_number
from municipalities.permissions import can_moderate_in_municipality


def _company_for_staff(request, company_id: int) -> Company:
    return get_scoped_or_404(Company.objects.for_staff(request.user).select_related("municipality"), company_id,
                             lambda company: can_moderate_company(request.user, company))


def _without_nul(text: str) -> str:
    """PostgreSQL refuses NUL in text; a hand-made form value may hold one (Django's form fields refuse it)."""
    return text.replace("\x00", "")


def moderation_queue(request):
    companies = list(selectors.company_list_in_moderation(user=request.user))
    for company in companies:
        company.pending_summary = pending_summary(company)
    return TemplateResponse(request, "directory/admin/queue.html", {
        "companies": companies,
        "claims": selectors.claim_list_in_moderation(user=request.user),
        "stale": selectors.company_list_stale_for_staff(user=request.user)[:100],
    })


def company_review(request, company_id: int):
    company = _company_for_staff(request, company_id)
    return TemplateResponse(request, "directory/admin/review.html", {
        "company": company, "review": profile_review(company), "reason_form": ReasonForm(),
        "revisions": selectors.company_revision_list(company=company)[:50],
        "claims": company.claims.filter(status=CompanyClaim.Status.PENDING).select_related("user"),
    })


@require_POST
def company_decide(request, company_id: int, decision: str):
    """approve | reject | request-changes | verify | unverify."""
    company = _company_for_staff(request, company_id)
    text = _without_nul(request.POST.get("reason", ""))
    try:
        if decision == "approve":
            services.company_approve(actor=request.user, company=company)
            messages.success(request, _("%(name)s är publicerat.") % {"name": company.display_name})
        elif decision == "reject":
            services.company_reject(actor=request.user, company=company, reason=text)
            messages.success(request, _("Beslutet är skickat till företaget."))
        elif decision == "request-changes":
            services.company_request_changes(actor=request.user, company=company, message=text)
            messages.success(request, _("Begäran om komplettering är skickad."))
        elif decision in ("verify", "unverify"):
            services.company_mark_verified(actor=request.user, company=company, verified=decision == "verify")
            messages.success(request, _("Verifieringen är sparad."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("directory_admin:review", company_id=company.pk)
    return redirect("directory_admin:queue")


@require_POST
def company_rollback(request, company_id: int, company_revision_id: int):
    company = _company_for_staff(request, company_id)
    revision = get_scoped_or_404(CompanyRevision.objects.filter(company=company), company_revision_id)
    try:
        services.company_rollback(actor=request.user, revision=revision)
        messages.success(request, _("Profilen är återställd."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory_admin:review", company_id=company.pk)


@require_POST
def company_merge(request, company_id: int):
    """Fold the company with the given organisation number into this one."""
    company = _company_for_staff(request, company_id)
    typed = request.POST.get("duplicate_org_number", "")
    try:
        org_number = parse_org_number(typed).number
    except ValidationError:
        org_number = None  # not a number at all: never a query (PostgreSQL refuses NUL in text)
    duplicate = Company.objects.for_staff(request.user).filter(org_number=org_number).first() if org_number else None
    if duplicate is None:
        messages.error(request, _("Hittade inget företag med organisationsnumret %(org)s i din kommun.")
                       % {"org": org_number or _without_nul(typed)[:20]})
        return redirect("directory_admin:review", company_id=company.pk)
    try:
        services.company_merge(actor=request.user, keep=company, duplicate=duplicate)
        messages.success(request, _("%(name)s är sammanslaget.") % {"name": duplicate.legal_name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory_admin:review", company_id=company.pk)


@require_POST
def claim_decide(request, claim_id: int, decision: str):
    claim = get_scoped_or_404(CompanyClaim.objects.for_staff(request.user).select_related("company"), claim_id,
                              lambda claim: can_moderate_company(request.user, claim.company))
    try:
        if decision == "approve":
            services.claim_approve(actor=request.user, claim=claim)
        elif decision == "reject":
            services.claim_reject(actor=request.user, claim=claim, reason=_without_nul(request.POST.get("reason", "")))
        else:
            raise Http404
        messages.success(request, _("Beslutet om anspråket är skickat."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory_admin:queue")


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Företagslista (CSV eller Excel)"),
                           help_text=gettext_lazy("Första raden ska innehålla rubriker, t.ex. Organisationsnummer, "
                                                  "Företagsnamn, SNI, Telefon, E-post, Ort."))


def _municipality_for_import(request):
    """Imports go into the municipality whose site the office is working on."""
    municipality = getattr(request, "municipality", None)
    if municipality is None or not can_moderate_in_municipality(request.user, municipality):
        raise Http404
    return municipality


def import_upload(request):
    municipality = _municipality_for_import(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        upload, preview = services.company_import_upload(
            actor=request.user, municipality=municipality, content=upload_file.read(), file_name=upload_file.name)
        if preview.ok:
            return redirect("directory_admin:import-detail", import_id=upload.pk)
        form.add_error("file", preview.file_error)
    return TemplateResponse(request, "directory/admin/import_upload.html", {
        "form": form, "municipality": municipality,
        "imports": CompanyImport.objects.for_municipality(municipality)[:10],
    })


def _import_for_staff(request, import_id: int) -> CompanyImport:
    return get_scoped_or_404(CompanyImport.objects.for_staff(request.user), import_id,
                             lambda upload: can_moderate_in_municipality(request.user, upload.municipality))


def import_detail(request, import_id: int):
    """Preview before the import, a progress bar while it runs, the counts when it is done."""
    upload = _import_for_staff(request, import_id)
    return TemplateResponse(request, "directory/admin/import_detail.html", {"upload": upload})


@require_POST
def import_start(request, import_id: int):
    upload = _import_for_staff(request, import_id)
    services.company_import_start(actor=request.user, upload=upload)  # a second click changes nothing
    return redirect("directory_admin:import-detail", import_id=upload.pk)
