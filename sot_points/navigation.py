""""Mina SOT-punkter" in a host's header and on "Mitt konto" (users.navigation); hosts land there after
signing in, one tap from setting their point's status."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sot_points.models import SotPoint
from users.navigation import WorkLink


def my_points_link(user) -> WorkLink | None:
    if SotPoint.objects.filter(hosts=user).exists():
        return WorkLink(_("Mina SOT-punkter"), reverse("sot_points:mine"),
                        _("Sätt läget för de service- och trygghetspunkter du är värd för."))
    return None
