""""Mina annonser" in a hub manager's header and on "Mitt konto" (users.navigation). A hub's manager — the
wind-park developer with its call for snow clearing, the network with its members' offers — lands on its
listings after signing in, before the follow-up; a company's members land on their companies first."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.permissions import managed_hub_ids
from users.navigation import WorkLink


def my_listings_link(user) -> WorkLink | None:
    if managed_hub_ids(user):
        return WorkLink(_("Mina annonser"), reverse("marketplace_manage:listing-mine"),
                        _("Hubbens annonser och upphandlingar, svaren på dem och konversationerna."))
    return None
