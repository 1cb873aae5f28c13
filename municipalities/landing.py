"""The platform's own site on the bare host: a landing page listing the municipalities."""
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from municipalities.models import LandingPage


@transaction.atomic
def ensure_landing_site(*, hostname: str, port: int = 80) -> Site:
    """Make the default site a LandingPage at `hostname`, replacing Wagtail's welcome page."""
    landing = LandingPage.objects.first()
    if landing is None:
        root = Page.get_first_root_node()
        landing = root.add_child(instance=LandingPage(
            title=_("Näringsliv i små kommuner"), slug="plattform",
            intro="<p>" + _("Företagsregister, marknadsplats, trygghetspunkter och kompetensbehov – "
                            "en webbplats för varje kommun.") + "</p>",
        ))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    site.hostname, site.port, site.root_page, site.site_name = hostname, port, landing, _("Plattformen")
    site.save()
    # Wagtail's migration leaves a "Welcome to your new Wagtail site!" page; nothing links to it now.
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    return site
