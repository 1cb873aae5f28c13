"""The moderators' queue in the Wagtail admin ("Marknadsplats att granska"): listings waiting for review and
open reports of the user's municipalities only, a listing's detail with approve, reject with a reason, take
down, and dismiss or act on each report. Another municipality's listing or report is a 404."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_scoped_or_404
from marketplace import listing_services as services
from marketplace import manage_selectors as selectors
from marketplace.listing_services import marketplace_settings_for
from marketplace.models import ListingReport
from marketplace.notifications import listing_public_path
from marketplace.permissions import can_handle_report, can_moderate_listing, can_view_moderation_queue


def _text(request, name: str) -> str:
    # PostgreSQL refuses NUL in text; a hand-made form value may hold one.
    return request.POST.get(name, "").replace("\x00", "")


def _listing_for_staff(request, listing_id: int):
    return get_scoped_or_404(selectors.listing_list_for_staff(user=request.user), listing_id,
                             lambda listing: can_moderate_listing(request.user, listing))


def moderation_queue(request):
    if not can_view_moderation_queue(request.user):
        raise PermissionDenied
    return TemplateResponse(request, "marketplace/moderation/queue.html", {
        "listings": selectors.listing_list_pending_for_staff(user=request.user),
        "reports": selectors.report_list_open_for_staff(user=request.user),
        "recent": selectors.listing_list_recently_published_for_staff(user=request.user)[:100],
    })


def listing_review(request, listing_id: int):
    listing = _listing_for_staff(request, listing_id)
    return TemplateResponse(request, "marketplace/moderation/review.html", {
        "listing": listing, "items": listing.items.all(), "reports": selectors.report_list_for_listing(listing=listing),
        "public_path": listing_public_path(listing), "attachments": listing.attachments.all(),
        "moderation": marketplace_settings_for(listing.municipality).get_moderation_display(),
    })


@require_POST
def listing_decide(request, listing_id: int, decision: str):
    """approve | reject | withdraw."""
    listing = _listing_for_staff(request, listing_id)
    try:
        if decision == "approve":
            services.listing_approve(actor=request.user, listing=listing)
            messages.success(request, _("%(title)s är publicerad.") % {"title": listing.title})
        elif decision == "reject":
            services.listing_reject(actor=request.user, listing=listing, reason=_text(request, "reason"))
            messages.success(request, _("Beslutet är skickat till annonsören."))
        elif decision == "withdraw":
            services.listing_moderator_withdraw(actor=request.user, listing=listing, note=_text(request, "reason"))
            messages.success(request, _("Annonsen är borttagen och annonsören har fått motiveringen."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("marketplace_admin:listing", listing_id=listing.pk)
    return redirect("marketplace_admin:queue")


@require_POST
def report_decide(request, report_id: int, decision: str):
    """dismiss | action."""
    report = get_scoped_or_404(ListingReport.objects.for_staff(request.user).select_related("listing"), report_id,
                               lambda report: can_handle_report(request.user, report))
    try:
        if decision == "dismiss":
            services.report_dismiss(actor=request.user, report=report)
            messages.success(request, _("Anmälan är avfärdad."))
        elif decision == "action":
            services.report_action(actor=request.user, report=report, note=_text(request, "reason"))
            messages.success(request, _("Annonsen är borttagen och annonsören har fått motiveringen."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("marketplace_admin:listing", listing_id=report.listing_id)
    return redirect("marketplace_admin:queue")
