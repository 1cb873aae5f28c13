"""Where a signed-in user's work is: the links the header and "Mitt konto" offer them, and where they land
after signing in. The kernel knows no domain app, so each app registers what it offers (its "Mina …" page,
the follow-up) with an explicit `order`; the header shows them in that order, and a user's first link is
where they land after log-in unless they came with a `next`.

A provider is called at most once per request and answers with a query or two; it must never raise for a
user it does not know (it answers None)."""
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class WorkLink:
    label: str
    url: str
    description: str = ""


WorkLinkProvider = Callable[[object], "WorkLink | None"]
_providers: dict[str, tuple[int, WorkLinkProvider]] = {}


def register_work_link(name: str, provider: WorkLinkProvider, *, order: int) -> None:
    _providers[name] = (order, provider)


def _admin_link(user) -> WorkLink | None:
    """Administration only for whom it is usable: Wagtail's own access permission, not is_staff (a revoked
    editor keeps is_staff until someone clears it)."""
    if user.has_perm("wagtailadmin.access_admin"):
        return WorkLink(_("Administration"), reverse("wagtailadmin_home"),
                        _("Sidor, företag att granska, SOT-punkter och inställningar för kommunen."))
    return None


register_work_link("admin", _admin_link, order=10)


def work_links_for(user) -> list[WorkLink]:
    if user is None or not user.is_authenticated:
        return []
    links = (provider(user) for _order, provider in sorted(_providers.values(), key=lambda item: item[0]))
    return [link for link in links if link is not None]


def first_work_url(user) -> str | None:
    """After log-in: the first place the user has work, or None (the default landing page)."""
    links = work_links_for(user)
    return links[0].url if links else None


def work_links(request):
    """Context processor: `work_links`, computed only when a template reads it."""
    return {"work_links": SimpleLazyObject(lambda: work_links_for(getattr(request, "user", None)))}
