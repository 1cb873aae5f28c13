"""allauth adapter: email subjects and links follow the municipality site the user came from; a user
signing in without a `next` lands where their work is (`navigation.first_work_url`: the admin for staff, their
companies, their SOT points, the follow-up)."""
import time
from types import SimpleNamespace

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings

from users.navigation import first_work_url


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """A `next` the user came with wins (allauth checks it first); otherwise a registered destination."""
        return first_work_url(request.user) or super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's e-mails greet from "the site" ("Hej från …!", "Tack för att du använder …"): name the
        municipality the user came from, or the platform, never the bare host and port."""
        request = getattr(self, "request", None) or context.get("request")
        municipality = getattr(request, "municipality", None)
        site = SimpleNamespace(name=municipality.name if municipality else settings.WAGTAIL_SITE_NAME,
                               domain=request.get_host() if request is not None else "")
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def format_email_subject(self, subject: str) -> str:
        return subject.strip()

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A user sent to set up TOTP right after logging in is not asked for the password again.

        allauth counts only explicit re-authentications as recent; staff whom the MFA gate sends to
        the TOTP set-up straight from the log-in form typed their password seconds ago.
        """
        if app == "allauth.mfa" and self._logged_in_recently():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _logged_in_recently(self) -> bool:
        request = getattr(self, "request", None)
        if request is None or not request.user.is_authenticated:
            return False
        records = get_authentication_records(request, request.user)
        return bool(records) and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT

