"""The "Uppföljning" link in the main menu, for those who may follow up (staff, owners' members, the
administrator). A callable, so the template asks (one cached query at most) only for a signed-in user."""
from functools import partial

from django.urls import reverse

from competence.permissions import owner_ids_for_user
from municipalities.permissions import is_platform_admin, municipality_ids_for_user


def _followup_url(user) -> str:
    if user is not None and user.is_authenticated and (is_platform_admin(user) or municipality_ids_for_user(user)
                                  or owner_ids_for_user(user)):
        return reverse("followup:dashboard")
    return ""


def followup_link(request):
    # Like every context processor here it never raises: a request rendered without the auth
    # middleware (an error page, a template rendered in isolation) has no user and gets no link.
    return {"followup_nav_url": partial(_followup_url, getattr(request, "user", None))}
