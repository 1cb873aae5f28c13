"""The only receivers of the account signals: they pass the moment on to the hooks the apps registered
(`users.account_hooks`) and write nothing themselves."""
from users import account_hooks


def email_confirmed(request, email_address, **kwargs):
    account_hooks.address_verified(user=email_address.user, email=email_address.email)


def user_logged_in(sender, request, user, **kwargs):
    account_hooks.signed_in(user=user)
