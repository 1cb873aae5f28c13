"""The business office's moderation queue in the Wagtail admin. Scoped to the user's municipalities."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import selectors, services
from directory.forms import ReasonForm
from directory.models import Company, CompanyClaim, CompanyRevision
from directory.permissions import can_moderate_company
from directory.services import PROFILE_FIELDS


def _company_for_staff(request, company_id: int) -> Company:
    company = Company.objects.for_staff(request.user).filter(pk=company_id).select_related("municipality").first()
    if company is None or not can_moderate_company(request.user, company):
        raise Http404
    return company


def moderation_queue(request):
    return TemplateResponse(request, "directory/admin/queue.html", {
        "companies": selectors.company_list_in_moderation(user=request.user),
        "claims": selectors.claim_list_in_moderation(user=request.user),
    })


def _changes(company: Company) -> list[tuple[str, object, object]]:
    """(field label, published value, proposed value) for each field a pending change touches."""
    if not company.pending_changes:
        return []
    current = services.profile_snapshot(company)
    rows = []
    for name in (*PROFILE_FIELDS, "localities"):
        if name in company.pending_changes and company.pending_changes[name] != current.get(name):
            label = Company._meta.get_field(name).verbose_name
            rows.append((label, current.get(name), company.pending_changes[name]))
    return rows


def company_review(request, company_id: int):
    company = _company_for_staff(request, company_id)
    return TemplateResponse(request, "directory/admin/review.html", {
        "company": company, "changes": _changes(company), "reason_form": ReasonForm(),
        "revisions": selectors.company_revision_list(company=company)[:50],
        "claims": company.claims.filter(status=CompanyClaim.Status.PENDING).select_related("user"),
    })


@require_POST
def company_decide(request, company_id: int, decision: str):
    """approve | reject | request-changes | verify | unverify."""
    company = _company_for_staff(request, company_id)
    text = request.POST.get("reason", "")
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
    revision = CompanyRevision.objects.filter(pk=company_revision_id, company=company).first()
    if revision is None:
        raise Http404
    try:
        services.company_rollback(actor=request.user, revision=revision)
        messages.success(request, _("Profilen är återställd."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory_admin:review", company_id=company.pk)


@require_POST
def claim_decide(request, claim_id: int, decision: str):
    claim = CompanyClaim.objects.for_staff(request.user).filter(pk=claim_id).select_related("company").first()
    if claim is None or not can_moderate_company(request.user, claim.company):
        raise Http404
    try:
        if decision == "approve":
            services.claim_approve(actor=request.user, claim=claim)
        elif decision == "reject":
            services.claim_reject(actor=request.user, claim=claim, reason=request.POST.get("reason", ""))
        else:
            raise Http404
        messages.success(request, _("Beslutet om anspråket är skickat."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory_admin:queue")
