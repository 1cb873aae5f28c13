"""Live public listings in the municipality site's sitemap.xml, beside Wagtail's pages and the directory's
companies (config/urls.py lists it under "marketplace")."""
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap

from marketplace.selectors import listing_list_live


class ListingSitemap(WagtailSitemap):
    """Subclasses Wagtail's sitemap only to receive the request (and so the municipality)."""

    def items(self):
        municipality = getattr(self.request, "municipality", None)
        if municipality is None:
            return []
        return listing_list_live(municipality=municipality).order_by("pk")

    def location(self, listing):
        return reverse("marketplace:listing-detail", args=[listing.pk])

    def lastmod(self, listing):
        return listing.updated_at

    def _urls(self, page, protocol, domain):
        return DjangoSitemap._urls(self, page, protocol, domain)
