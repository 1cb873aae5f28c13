"""schema.org LocalBusiness JSON-LD for a published profile (search engines and open data)."""
import json

from django.utils.safestring import SafeString, mark_safe

from directory.models import Company
from directory.reference import sni_codes


def company_jsonld(company: Company, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": company.display_name,
        "legalName": company.legal_name,
        "url": request.build_absolute_uri(),
        "telephone": company.phone,
        "address": {
            "@type": "PostalAddress", "streetAddress": company.street_address, "postalCode": company.postal_code,
            "addressLocality": company.postal_town, "addressRegion": company.municipality.county_name,
            "addressCountry": "SE",
        },
        "areaServed": [locality.name for locality in company.localities.all()],
    }
    if company.public_org_number:  # a sole trader's personnummer is never published
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "organisationsnummer",
                              "value": company.public_org_number}
    if company.description:
        data["description"] = company.description
    if company.email:
        data["email"] = company.email
    if company.website:
        data["sameAs"] = [company.website, *company.social_links]
    if company.latitude is not None and company.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": company.latitude, "longitude": company.longitude}
    if company.founded_year:
        data["foundingDate"] = str(company.founded_year)
    sni = sni_codes().get(company.primary_sni)
    if sni:
        data["knowsAbout"] = sni.title
    if company.opening_hours:
        data["openingHours"] = company.opening_hours
    return data


_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def jsonld_script_body(data: dict) -> SafeString:
    """JSON safe to place inside <script type="application/ld+json"> (no '</script>' breakout)."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))
