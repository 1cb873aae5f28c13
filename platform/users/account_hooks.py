"""What the apps do when an account's address is verified or its user signs in.

Invitations are accepted at these two moments: the municipality's staff invitation, a company's invitation to
a colleague, a SOT point's host invitation. The kernel cannot import the apps that own them, so each app
registers its hook in AppConfig.ready(), and `users.signals` calls them from the one receiver of allauth's
`email_confirmed` and the one receiver of Django's `user_logged_in`. The apps themselves receive neither
signal: their signal modules keep indexes and caches up to date and nothing else.

Hooks run in the order they were registered (INSTALLED_APPS order); each is an atomic service of its app that
must not depend on another's having run.
"""
from collections.abc import Callable

AddressVerifiedHook = Callable[..., object]  # hook(*, user, email)
SignedInHook = Callable[..., object]  # hook(*, user)
_address_verified: dict[str, AddressVerifiedHook] = {}
_signed_in: dict[str, SignedInHook] = {}


def register_address_verified_hook(name: str, hook: AddressVerifiedHook) -> None:
    """hook(*, user, email) runs when `user` has verified `email` (sign-up, an added address)."""
    _address_verified[name] = hook


def register_signed_in_hook(name: str, hook: SignedInHook) -> None:
    """hook(*, user) runs each time `user` signs in: an invitation to an address verified earlier bites then."""
    _signed_in[name] = hook


def address_verified(*, user, email: str) -> None:
    for hook in _address_verified.values():
        hook(user=user, email=email)


def signed_in(*, user) -> None:
    for hook in _signed_in.values():
        hook(user=user)
