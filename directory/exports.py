"""Open data: a municipality's published companies as CSV and GeoJSON, and the public record shape
shared with the read API. Only public facts: voluntary follow-up answers and crisis resources
marked "municipality only" never leave the platform this way."""
import csv
import io

from directory.models import Company, Visibility
from directory.reference import sni_section

PUBLIC_COLUMNS = (
    "name", "legal_name", "org_number", "legal_form", "primary_sni", "sni_section", "phone", "email", "website",
    "street_address", "postal_code", "postal_town", "localities", "latitude", "longitude", "size_class",
    "crisis_resources", "verified", "url",
)


def company_public_record(company: Company, *, base_url: str) -> dict:
    from django.urls import reverse

    return {
        "name": company.display_name, "legal_name": company.legal_name, "org_number": company.public_org_number,
        "legal_form": company.legal_form, "primary_sni": company.primary_sni,
        "sni_section": sni_section(company.primary_sni), "phone": company.phone, "email": company.email,
        "website": company.website, "street_address": company.street_address, "postal_code": company.postal_code,
        "postal_town": company.postal_town, "localities": [loc.name for loc in company.localities.all()],
        "latitude": company.latitude, "longitude": company.longitude, "size_class": company.size_class,
        "crisis_resources": company.crisis_resources if company.crisis_visibility == Visibility.PUBLIC else [],
        "verified": company.verified_at is not None,
        "url": base_url + reverse("directory:company-detail", args=[company.slug]),
    }


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection";
# ASVS 1.2.10 adds NUL). Such a cell gets a leading single quote, which Excel and LibreOffice read as
# "this is text" and do not show.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def spreadsheet_safe(value):
    """A text cell that cannot start a formula; numbers and booleans are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def companies_csv(companies, *, base_url: str) -> str:
    out = io.StringIO()
    # Every cell quoted (OWASP's advice too): a Swedish Excel splits on ';', and a quoted cell stays whole.
    writer = csv.DictWriter(out, fieldnames=PUBLIC_COLUMNS, quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for company in companies:
        record = company_public_record(company, base_url=base_url)
        record["localities"] = "; ".join(record["localities"])
        record["crisis_resources"] = "; ".join(record["crisis_resources"])
        writer.writerow({name: spreadsheet_safe(value) for name, value in record.items()})
    return out.getvalue()


def companies_geojson(companies, *, base_url: str) -> dict:
    """RFC 7946 FeatureCollection; companies without a position have a null geometry."""
    features = []
    for company in companies:
        record = company_public_record(company, base_url=base_url)
        lat, lon = record.pop("latitude"), record.pop("longitude")
        if lat is None:
            first = next(iter(company.localities.all()), None)
            lat, lon = (first.latitude, first.longitude) if first else (None, None)
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None
        feature = {"type": "Feature", "geometry": geometry, "properties": record}
        if record["org_number"]:  # a sole trader's number is not published, not even as the (optional) id
            feature["id"] = record["org_number"]
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}
