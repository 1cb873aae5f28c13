"""URL configuration. The municipality is found from the host by middleware, not by URL."""
from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api
from config.views import admin_login, favicon, healthz, robots_txt, security_txt
from core.views import switch_language
from directory.sitemaps import CompanySitemap
from marketplace.sitemaps import ListingSitemap

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("sprak/", switch_language, name="switch-language"),
    # The Wagtail admin signs in through allauth so staff get the same rate limits,
    # enumeration protection and MFA as everyone else.
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("konto/", include("users.urls")),
    path("konto/", include("allauth.urls")),
    path("foretag/<slug:slug>/kompetens/", include("competence.urls")),
    path("kompetens/samtal/", include("competence.advisor_urls")),
    path("foretag/", include("directory.urls")),
    path("marknadsplats/hantera/", include("marketplace.manage_urls")),
    path("marknadsplats/hubbar/", include("marketplace.hub_urls")),
    path("marknadsplats/konversationer/", include("marketplace.conversation_urls")),
    path("marknadsplats/leverantorer/", include("marketplace.supplier_urls")),
    path("marknadsplats/", include("marketplace.booking_urls")),
    path("marknadsplats/", include("marketplace.report_urls")),
    path("marknadsplats/", include("marketplace.urls")),
    path("kompetens/", include("competence.provider_urls")),
    path("uppfoljning/", include("competence.followup_urls")),
    path("sot/", include("sot_points.urls")),
    # nginx serves the snapshot itself; this answers where no nginx is in front (the embedded stack).
    path("sot-snapshot/", include("sot_points.snapshot_urls")),
    path("tillganglighet/", include("municipalities.urls")),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": WagtailSitemap, "companies": CompanySitemap,
                                              "marketplace": ListingSitemap}}),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
