""""Mina företag" in a company member's header and on "Mitt konto" (users.navigation)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.models import CompanyMember
from users.navigation import WorkLink


def my_companies_link(user) -> WorkLink | None:
    if CompanyMember.objects.filter(user=user).exists():
        return WorkLink(_("Mina företag"), reverse("directory:company-mine"),
                        _("Era företagsprofiler, medlemmar, kompetensbehov och annonser."))
    return None
