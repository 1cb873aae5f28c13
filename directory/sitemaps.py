"""Published company profiles in the municipality site's sitemap.xml, beside Wagtail's pages."""
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap

from directory.selectors import company_list_published


class CompanySitemap(WagtailSitemap):
    """Subclasses Wagtail's sitemap only to receive the request (and so the municipality)."""

    def items(self):
        municipality = getattr(self.request, "municipality", None)
        if municipality is None:
            return []
        return company_list_published(municipality_ids=[municipality.pk]).order_by("legal_name")

    def location(self, company):
        return reverse("directory:company-detail", args=[company.slug])

    def lastmod(self, company):
        return company.updated_at

    def _urls(self, page, protocol, domain):
        return DjangoSitemap._urls(self, page, protocol, domain)
