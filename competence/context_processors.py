"""The "Uppföljning" link in the main menu, for those who may follow up (staff, owners' members, the
administrator). A callable, so the template asks (one cached query at most) only for a signed-in user."""
from functools import partial

from django.urls import reverse

from municipalities.permissions import holds_staff_power, is_platform_admin


def _followup_url(user) -> str:
    if user.is_authenticated and (is_platform_admin(user) or holds_staff_power(user)):
        return reverse("followup:dashboard")
    return ""


def followup_link(request):
    return {"followup_nav_url": partial(_followup_url, request.user)}
