"""The SOT registry as Open Referral HSDS 3.0 JSON (https://docs.openreferral.org/en/latest/).

Shape: one HSDS API `Page` whose `contents` are fully nested services, i.e. the response of
`GET /services?full=true` in the HSDS 3.0 API reference (schema/openapi.json). HSDS 3.0 says the
canonical serialisation is dereferenced JSON and that the API's `Page` is how several records
travel in one document (docs/hsds/serialization.md), so each item of `contents` is a service as
`GET /services/{id}` returns it: valid against the canonical `schema/service.json` and
`schema/compiled/service.json`, and the whole page against the `GET /services` response schema.
tests/sot_points/test_hsds.py checks all three against the copies in ../shared/data/hsds/v3.0/.

One point becomes one service (with `alert` carrying the live status when it is limited or closed,
or the host's message) with
  organization            the host: the published host company (name, website, e-mail, description
                          and its organisationsnummer as an organization_identifier with the
                          org-id.guide scheme SE-ON), else an organisation named after `host_name`;
  service_at_locations[0] linking the service to its physical location, nested as `location`
                          (coordinates, the address with the county as state_province and country
                          SE, the accessibility notes);
  schedules               one weekly schedule per opening window (freq WEEKLY, byday MO..SU). HSDS
                          has no kind of hours, so the description starts with "Vanliga öppettider"
                          or "Vid störning" and disruption hours say in `notes` when they apply.
                          Dated exceptions from today on are one-day schedules (valid_from =
                          valid_to = dtstart = the date, count 1); a closed day has no opens_at.
                          Times are Swedish local time without an offset (a fixed offset would
                          be wrong for half the year), said in `notes`;
  capacities              the warm room as HSDS 3.1 `service_capacity` (schema/service_capacity.json
                          on the 3.1 branch): available = places_free, maximum = warm_room_places,
                          unit "platser". HSDS 3.0 has no capacity, but its schemas allow additional
                          properties and its extension guidance allows documented extra fields
                          (docs/hsds/extending.md), so 3.0 validation still passes and a 3.1 reader
                          finds the field under its 3.1 name. Only present once a host has reported
                          free places, since 3.1 requires `available`.

Ids are UUID 5 over a fixed namespace and the object's primary key, so they stay the same from one
export to the next. The text is always Swedish, whatever language the visitor chose, so the
document a shared cache keeps is the same for everyone.
"""
import uuid
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from municipalities.models import Municipality
from sot_points import selectors
from sot_points.models import OpeningException, OpeningHours, PointStatus, SotPoint

# Fixed for good: changing it changes every id consumers have stored.
HSDS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:sot-points:hsds")
ORGNR_SCHEME = "SE-ON"  # https://org-id.guide/list/SE-ON (Organisationsnummer, Sverige)
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # OpeningHours.weekday 0 = Monday


def hsds_id(kind: str, key) -> str:
    return str(uuid.uuid5(HSDS_NAMESPACE, f"{kind}:{key}"))


def hsds_export(municipality: Municipality, *, today: date | None = None) -> dict:
    """The municipality's published points as an HSDS 3.0 API page of fully nested services."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        services = [_service(point, municipality=municipality, today=today)
                    for point in selectors.point_list_public(municipality=municipality)]
    return {
        "total_items": len(services), "total_pages": 1, "page_number": 1, "size": len(services),
        "first_page": True, "last_page": True, "empty": not services,
        "contents": services,
    }


def _service(point: SotPoint, *, municipality: Municipality, today: date) -> dict:
    service_id = hsds_id("service", point.pk)
    organization = _organization(point, municipality=municipality)
    service = {
        "id": service_id,
        "organization_id": organization["id"],
        "name": _("Service- och trygghetspunkt %(name)s") % {"name": point.name},
        "alternate_name": point.name,
        "description": _description(point),
        "url": municipality.root_url + reverse("sot_points:point-detail", kwargs={"slug": point.slug}),
        "status": "active" if point.is_published else "inactive",
        "last_modified": _timestamp(max(filter(None, (point.updated_at, point.status_changed_at)))),
        "phones": [{"id": hsds_id("phone", point.pk), "service_id": service_id, "number": point.phone,
                    "type": "voice"}],
        "schedules": _schedules(point, service_id=service_id, today=today),
        "service_at_locations": [{
            "id": hsds_id("service_at_location", point.pk),
            "service_id": service_id,
            "location_id": hsds_id("location", point.pk),
            "location": _location(point, municipality=municipality, organization_id=organization["id"]),
        }],
        "organization": organization,
    }
    alert = _alert(point)
    if alert:
        service["alert"] = alert
    capacity = _warm_room_capacity(point, service_id=service_id)
    if capacity:
        service["capacities"] = [capacity]
    return service


def _description(point: SotPoint) -> str:
    text = _("Service- och trygghetspunkt (SOT) där du kan få hjälp vid en kris eller ett längre avbrott.")
    if point.capability_labels:
        text += " " + _("Här finns: %(capabilities)s.") % {
            "capabilities": ", ".join(str(label) for label in point.capability_labels)}
    if point.warm_room_places:
        places = point.warm_room_places
        text += " " + ngettext("Värmestugan har %(places)s plats.", "Värmestugan har %(places)s platser.",
                               places) % {"places": places}
    return text


def _alert(point: SotPoint) -> str:
    """The host's latest word on the point: only when there is something to say."""
    if point.status in (PointStatus.UNKNOWN, PointStatus.OPEN) and not point.status_message:
        return ""
    if point.status == PointStatus.UNKNOWN:
        return point.status_message
    label = str(PointStatus(point.status).label)
    return f"{label}: {point.status_message}" if point.status_message else label


def _organization(point: SotPoint, *, municipality: Municipality) -> dict:
    company = point.host_company
    # An unpublished company profile is not public yet; its contact details stay out of open data.
    if company is not None and company.is_published:
        organization_id = hsds_id("organization.company", company.pk)
        organization = {
            "id": organization_id,
            "name": company.legal_name,
            "description": company.description or _host_description(municipality),
        }
        if company.public_org_number:  # a sole trader's number is their personnummer: never published
            organization["organization_identifiers"] = [{
                "id": hsds_id("organization_identifier.company", company.pk),
                "organization_id": organization_id,
                "identifier_scheme": ORGNR_SCHEME,
                "identifier_type": _("Organisationsnummer"),
                "identifier": company.public_org_number,
            }]
        if company.trading_name:
            organization["alternate_name"] = company.trading_name
        if company.website:
            organization["website"] = company.website
        if company.email:
            organization["email"] = company.email
        return organization
    # No object to key on: the same host name within the municipality is the same organisation.
    return {
        "id": hsds_id("organization.host", f"{municipality.pk}:{point.host_name.strip().casefold()}"),
        "name": point.host_name,
        "description": _host_description(municipality),
    }


def _host_description(municipality: Municipality) -> str:
    return _("Värd för service- och trygghetspunkter (SOT) i %(municipality)s.") % {"municipality": municipality.name}


def _location(point: SotPoint, *, municipality: Municipality, organization_id: str) -> dict:
    location_id = hsds_id("location", point.pk)
    location = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": organization_id,
        "name": point.name,
        "latitude": point.latitude,
        "longitude": point.longitude,
        "addresses": [{
            "id": hsds_id("address", point.pk),
            "location_id": location_id,
            "address_1": point.street_address,
            "city": point.postal_town or (point.locality.name if point.locality_id else municipality.name),
            "region": municipality.name,
            "state_province": municipality.county_name,
            "postal_code": point.postal_code,
            "country": "SE",
            "address_type": "physical",
        }],
    }
    if point.accessibility_notes:
        location["accessibility"] = [{"id": hsds_id("accessibility", point.pk), "location_id": location_id,
                                      "description": point.accessibility_notes}]
    return location


def _hhmm(moment) -> str:
    return moment.strftime("%H:%M")


def _schedules(point: SotPoint, *, service_id: str, today: date) -> list[dict]:
    local_time = _("Tiderna är svensk lokal tid.")
    disruption_note = _("Gäller när kommunen har gått ut med att det är en störning, till exempel ett "
                        "långvarigt strömavbrott.")
    schedules = []
    normal_first = sorted(point.opening_hours.all(),
                          key=lambda h: (h.kind != OpeningHours.Kind.NORMAL, h.weekday, h.opens))
    for hours in normal_first:
        kind = OpeningHours.Kind(hours.kind)
        schedules.append({
            "id": hsds_id("schedule.opening_hours", hours.pk),
            "service_id": service_id,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": BYDAY[hours.weekday],
            "opens_at": _hhmm(hours.opens),
            "closes_at": _hhmm(hours.closes),
            "description": f"{kind.label}: {OpeningHours.Weekday(hours.weekday).label} "
                           f"{_hhmm(hours.opens)}–{_hhmm(hours.closes)}",
            "notes": f"{disruption_note} {local_time}" if kind == OpeningHours.Kind.DISRUPTION else local_time,
        })
    for exception in point.opening_exceptions.all():
        if exception.date >= today:
            schedules.append(_exception_schedule(exception, service_id=service_id, notes=local_time))
    return schedules


def _exception_schedule(exception: OpeningException, *, service_id: str, notes: str) -> dict:
    day = exception.date.isoformat()
    schedule = {
        "id": hsds_id("schedule.opening_exception", exception.pk),
        "service_id": service_id,
        "valid_from": day, "valid_to": day, "dtstart": day, "count": 1,
        "freq": "WEEKLY", "byday": BYDAY[exception.date.weekday()],
    }
    if exception.closed or not (exception.opens and exception.closes):
        description = _("Avvikande öppettid %(date)s: stängt hela dagen") % {"date": day}
    else:
        schedule.update(opens_at=_hhmm(exception.opens), closes_at=_hhmm(exception.closes))
        description = _("Avvikande öppettid %(date)s: %(opens)s–%(closes)s") % {
            "date": day, "opens": _hhmm(exception.opens), "closes": _hhmm(exception.closes)}
    schedule["description"] = f"{description} ({exception.note})" if exception.note else description
    schedule["notes"] = notes
    return schedule


def _warm_room_capacity(point: SotPoint, *, service_id: str) -> dict | None:
    """HSDS 3.1 service_capacity: needs `available`, so nothing until a host has reported free places."""
    if point.places_free is None:
        return None
    capacity = {
        "id": hsds_id("service_capacity.warm_room", point.pk),
        "service_id": service_id,
        "unit_id": hsds_id("unit", "warm_room_places"),
        "unit": {"id": hsds_id("unit", "warm_room_places"), "name": _("platser")},
        "available": point.places_free,
        "description": _("Lediga platser i värmestugan"),
        "updated": _timestamp(point.status_changed_at or point.updated_at),
    }
    if point.warm_room_places is not None:
        capacity["maximum"] = point.warm_room_places
    return capacity


def _timestamp(moment) -> str:
    return moment.isoformat(timespec="milliseconds")
