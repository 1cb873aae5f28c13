"""Read-only admin listing: recent official alerts (scoped to the editor's municipalities) and,
for platform admins, the messages the import refused."""
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from alerts import selectors
from alerts.permissions import can_view_official_alerts, can_view_rejected_alerts


@require_safe
def alert_list(request):
    if not can_view_official_alerts(request.user):
        raise PermissionDenied
    show_rejections = can_view_rejected_alerts(request.user)
    return TemplateResponse(request, "alerts/admin/alert_list.html", {
        "alerts": selectors.official_alert_list_for_staff(user=request.user),
        "rejections": selectors.rejected_alert_list() if show_rejections else None,
    })
