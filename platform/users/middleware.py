"""Staff must have a TOTP authenticator before they can do anything else."""
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from users.permissions import must_use_mfa
from users.selectors import user_has_totp

# Paths a staff member without MFA may still reach: setting up MFA, signing out,
# static assets and the health probe.
_ALLOWED_PREFIXES = ("/konto/2fa/", "/konto/logout/", "/konto/reauthenticate/", "/static/", "/healthz", "/i18n/")


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_mfa_setup(request):
            # Say why: the person was only trying to open a page.
            messages.info(request, _("Ditt konto kommer åt uppgifter som inte är offentliga. Slå på "
                                     "tvåstegsverifiering med en app för engångskoder för att fortsätta."))
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)

    def _needs_mfa_setup(self, request) -> bool:
        if settings.INSECURE_DEV_SKIP_STAFF_MFA or not must_use_mfa(request.user):
            return False
        if request.path.startswith(_ALLOWED_PREFIXES):
            return False
        return not user_has_totp(request.user)
