"""Account forms that replace allauth's (settings.ACCOUNT_FORMS)."""
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    """Signing up with an address that already has an account does the same expensive work as a new sign-up.

    With ACCOUNT_PREVENT_ENUMERATION allauth answers both alike and sends one e-mail either way, but only
    a new account hashes the password: the known address answered in ~40 ms, a new one in ~600 ms, which
    told anyone timing the form whether an address is registered. Here the submitted password goes
    through the same hasher on the known path too (and the hash is thrown away; the existing account
    is not touched).
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
