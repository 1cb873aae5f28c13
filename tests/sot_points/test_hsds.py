"""The registry as Open Referral HSDS 3.0 JSON, checked against the official schemas.

The schemas are the copies of openreferral/specification in ../shared/data/hsds/ (see
../shared/data/SOURCES.md), registered under the URLs HSDS' own openapi.json uses for them.
"""
import copy
import json
from datetime import time, timedelta
from functools import cache
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.text import slugify
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sot_points import services
from sot_points.hsds import hsds_export
from sot_points.models import OpeningException, OpeningHours, SotPoint
from tests.factories.accounts import make_user
from tests.factories.directory import make_company

pytestmark = pytest.mark.django_db

HSDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "hsds"
SPEC_30 = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
SPEC_31 = "https://raw.githubusercontent.com/openreferral/specification/3.1-dev/schema/"
SERVICES_PAGE = SPEC_30 + "openapi.json#/paths/~1services/get/responses/200/content/application~1json/schema"
HOST = "overkalix.localhost"
ORG_NUMBER = "556036-0793"


# --- Schemas ---------------------------------------------------------------------------------------

@cache
def _registry() -> Registry:
    def resource(path: Path) -> Resource:
        return Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                      default_specification=DRAFT202012)

    files = [(SPEC_30 + p.name, p) for p in sorted((HSDS_DIR / "v3.0").glob("*.json"))]
    compiled = sorted((HSDS_DIR / "v3.0" / "compiled").glob("service*.json"))
    files += [(SPEC_30 + "compiled/" + p.name, p) for p in compiled]
    files += [(SPEC_31 + p.name, p) for p in sorted((HSDS_DIR / "3.1-dev").glob("*.json"))]
    return Registry().with_resources((uri, resource(path)) for uri, path in files)


@cache
def _validator(uri: str) -> Draft202012Validator:
    # HSDS' openapi.json declares JSON Schema 2020-12; the format checker makes "uuid" and "email" count.
    return Draft202012Validator({"$ref": uri}, registry=_registry(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(uri: str, document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(uri).iter_errors(document)]


# --- Points, made the way an editor's admin form and a host's status form make them ----------------

def _make_point(municipality, name: str, *, host_name: str = "", host_company=None, is_published: bool = True,
                warm_room_places: int | None = 30, **extra) -> SotPoint:
    point = SotPoint.objects.create(
        municipality=municipality, name=name, slug=slugify(name), host_name=host_name or f"{name} AB",
        host_company=host_company, street_address="Byvägen 12", postal_code="956 98", postal_town="Lansjärv",
        latitude=66.65417, longitude=22.19583, phone="070-174 06 40",
        capabilities=["information", "reserve_power", "charging", "warm_room", "water"],
        warm_room_places=warm_room_places, is_published=is_published, **extra)
    for weekday in range(7):
        normal_close = time(20) if weekday < 5 else time(16)
        OpeningHours.objects.create(point=point, kind=OpeningHours.Kind.NORMAL, weekday=weekday,
                                    opens=time(9), closes=normal_close)
        OpeningHours.objects.create(point=point, kind=OpeningHours.Kind.DISRUPTION, weekday=weekday,
                                    opens=time(7), closes=time(22))
    return point


def _report(point: SotPoint, **status) -> None:
    host = make_user(f"vard.{point.slug}@example.org")
    point.hosts.add(host)
    services.point_status_update(actor=host, point=point, **status)


@pytest.fixture
def company(overkalix):
    return make_company(overkalix, published=True, legal_name="Handlar'n i Lansjärv AB", org_number=ORG_NUMBER,
                        website="https://handlarn.example.org/", email="info@handlarn.example.org")


@pytest.fixture
def lansjarv(overkalix, company):
    point = _make_point(overkalix, "Handlar'n i Lansjärv", host_company=company,
                        accessibility_notes="Ramp vid entrén, handikapptoalett.")
    today = timezone.localdate()
    OpeningException.objects.create(point=point, date=today + timedelta(days=1), closed=True, note="Inventering")
    OpeningException.objects.create(point=point, date=today + timedelta(days=2), opens=time(10), closes=time(14))
    OpeningException.objects.create(point=point, date=today - timedelta(days=3), closed=True, note="Passerat")
    _report(point, status="open", available_now=["warm_room", "charging"], places_free=12,
            message="Reservkraften går.")
    point.refresh_from_db()
    return point


@pytest.fixture
def svartbyn(overkalix):
    return _make_point(overkalix, "Svartbyns bygdegård", host_name="Svartbyns byaförening", warm_room_places=25)


@pytest.fixture
def export(lansjarv, svartbyn, overkalix):
    return hsds_export(overkalix)


def _service(export: dict, point: SotPoint) -> dict:
    return next(s for s in export["contents"] if s["alternate_name"] == point.name)


# --- Validation ------------------------------------------------------------------------------------

class HsdsValidationTests:
    def test_export_is_a_valid_page_of_the_hsds_services_endpoint(self, export):
        assert _errors(SERVICES_PAGE, export) == []
        assert export["total_items"] == len(export["contents"]) == 2

    def test_every_service_is_valid_against_the_canonical_service_schema(self, export):
        for service in export["contents"]:
            assert _errors(SPEC_30 + "service.json", service) == []

    def test_every_service_is_valid_against_the_compiled_service_schema(self, export):
        for service in export["contents"]:
            assert _errors(SPEC_30 + "compiled/service.json", service) == []

    def test_warm_room_capacity_is_a_valid_hsds_31_service_capacity(self, export, lansjarv):
        capacities = _service(export, lansjarv)["capacities"]
        assert capacities
        for capacity in capacities:
            assert _errors(SPEC_31 + "service_capacity.json", capacity) == []

    @pytest.mark.parametrize(("break_it", "expected"), [
        (lambda s: s.pop("status"), "'status' is a required property"),
        (lambda s: s.update(status="open"), "'open' is not one of"),
        (lambda s: s["service_at_locations"][0]["location"]["addresses"][0].pop("country"),
         "'country' is a required property"),
        (lambda s: s["organization"]["organization_identifiers"][0].update(id="556036-0793"), "is not a 'uuid'"),
        (lambda s: s["schedules"][0].update(freq="DAILY"), "'DAILY' is not one of"),
    ], ids=["no-status", "unknown-status", "address-without-country", "identifier-id-not-uuid", "daily-schedule"])
    def test_the_validator_catches_a_broken_service(self, export, lansjarv, break_it, expected):
        service = copy.deepcopy(_service(export, lansjarv))
        break_it(service)
        errors = _errors(SPEC_30 + "service.json", service)
        assert any(expected in error for error in errors), errors


# --- What a user of the data sees ------------------------------------------------------------------

class HsdsContentTests:
    def test_host_company_is_the_organisation_with_its_organisation_number(self, export, lansjarv):
        organization = _service(export, lansjarv)["organization"]
        assert organization["name"] == "Handlar'n i Lansjärv AB"
        assert organization["website"] == "https://handlarn.example.org/"
        assert organization["email"] == "info@handlarn.example.org"
        [identifier] = organization["organization_identifiers"]
        assert (identifier["identifier_scheme"], identifier["identifier"]) == ("SE-ON", ORG_NUMBER)
        assert identifier["organization_id"] == organization["id"]

    def test_point_without_a_company_is_run_by_its_host_name(self, export, svartbyn):
        service = _service(export, svartbyn)
        assert service["organization"]["name"] == "Svartbyns byaförening"
        assert "organization_identifiers" not in service["organization"]
        assert service["organization_id"] == service["organization"]["id"]

    def test_points_with_the_same_host_name_share_one_organisation(self, overkalix, svartbyn):
        other = _make_point(overkalix, "Svartbyns skola", host_name="Svartbyns byaförening")
        export = hsds_export(overkalix)
        assert _service(export, other)["organization_id"] == _service(export, svartbyn)["organization_id"]

    def test_an_unpublished_company_profile_stays_out_of_the_open_data(self, overkalix):
        pending = make_company(overkalix, legal_name="Ny Butik AB", org_number="559000-0013",
                               email="hemligt@example.org")
        point = _make_point(overkalix, "Nya butiken", host_name="Ny Butik", host_company=pending)
        organization = _service(hsds_export(overkalix), point)["organization"]
        assert organization["name"] == "Ny Butik"
        assert "hemligt@example.org" not in json.dumps(organization)

    def test_service_is_named_and_describes_what_the_point_offers(self, export, lansjarv):
        service = _service(export, lansjarv)
        assert service["name"] == "Service- och trygghetspunkt Handlar'n i Lansjärv"
        assert service["status"] == "active"
        assert "Reservkraft" in service["description"]
        assert "Värmestuga" in service["description"]
        assert service["url"] == "http://overkalix.localhost/sot/handlarn-i-lansjarv/"
        assert service["phones"][0]["number"] == "070-174 06 40"
        assert service["alert"] == "Öppen: Reservkraften går."

    def test_normal_and_disruption_hours_are_separate_weekly_schedules(self, export, lansjarv):
        weekly = [s for s in _service(export, lansjarv)["schedules"] if s.get("freq") == "WEEKLY" and "count" not in s]
        normal = [s for s in weekly if s["description"].startswith("Vanliga öppettider")]
        disruption = [s for s in weekly if s["description"].startswith("Vid störning")]
        assert len(normal) == len(disruption) == 7
        monday = next(s for s in normal if s["byday"] == "MO")
        sunday = next(s for s in normal if s["byday"] == "SU")
        assert (monday["opens_at"], monday["closes_at"], sunday["closes_at"]) == ("09:00", "20:00", "16:00")
        assert {(s["byday"], s["opens_at"], s["closes_at"]) for s in disruption} == {
            (day, "07:00", "22:00") for day in ("MO", "TU", "WE", "TH", "FR", "SA", "SU")}
        assert "störning" in disruption[0]["notes"]

    def test_upcoming_exceptions_are_one_day_schedules_and_past_ones_are_left_out(self, export, lansjarv):
        today = timezone.localdate()
        dated = {s["valid_from"]: s for s in _service(export, lansjarv)["schedules"] if "valid_from" in s}
        closed = dated.pop((today + timedelta(days=1)).isoformat())
        short = dated.pop((today + timedelta(days=2)).isoformat())
        assert dated == {}
        assert "opens_at" not in closed
        assert "stängt hela dagen" in closed["description"]
        assert "Inventering" in closed["description"]
        assert (short["valid_to"], short["opens_at"], short["closes_at"]) == (short["valid_from"], "10:00", "14:00")

    def test_warm_room_capacity_has_free_and_total_places(self, export, lansjarv):
        [capacity] = _service(export, lansjarv)["capacities"]
        assert (capacity["available"], capacity["maximum"], capacity["unit"]["name"]) == (12, 30, "platser")
        assert capacity["updated"] == lansjarv.status_changed_at.isoformat(timespec="milliseconds")

    def test_no_capacity_until_a_host_has_reported_free_places(self, export, svartbyn):
        service = _service(export, svartbyn)
        assert "capacities" not in service
        assert "25 platser" in service["description"]

    def test_location_has_coordinates_and_a_swedish_address(self, export, lansjarv):
        [link] = _service(export, lansjarv)["service_at_locations"]
        location = link["location"]
        assert link["location_id"] == location["id"]
        assert location["location_type"] == "physical"
        assert (location["latitude"], location["longitude"]) == (66.65417, 22.19583)
        [address] = location["addresses"]
        assert (address["address_1"], address["postal_code"], address["city"]) == ("Byvägen 12", "956 98", "Lansjärv")
        assert (address["state_province"], address["country"]) == ("Norrbottens län", "SE")
        assert location["accessibility"][0]["description"] == "Ramp vid entrén, handikapptoalett."

    def test_ids_are_stable_from_one_export_to_the_next(self, export, overkalix):
        def ids(document):
            return [(s["id"], s["organization_id"], [x["id"] for x in s["schedules"]]) for s in document["contents"]]
        assert ids(hsds_export(overkalix)) == ids(export)
        assert len({s["id"] for s in export["contents"]}) == 2

    def test_only_the_municipalitys_published_points_are_exported(self, overkalix, asele, lansjarv):
        _make_point(overkalix, "Stängd skola", is_published=False)
        _make_point(asele, "Fredrika lanthandel")
        assert [s["alternate_name"] for s in hsds_export(overkalix)["contents"]] == ["Handlar'n i Lansjärv"]

    def test_export_is_in_swedish_whatever_language_the_visitor_chose(self, export, overkalix, lansjarv):
        with translation.override("en"):
            english = hsds_export(overkalix)
        identifier = _service(english, lansjarv)["organization"]["organization_identifiers"][0]
        assert identifier["identifier_type"] == "Organisationsnummer"
        assert english == export


class HsdsExportViewTests:
    def test_municipality_host_gets_the_export_as_json(self, client, lansjarv):
        response = client.get("/sot/hsds.json", HTTP_HOST=HOST)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        data = json.loads(response.content)
        assert [s["name"] for s in data["contents"]] == ["Service- och trygghetspunkt Handlar'n i Lansjärv"]
        assert _errors(SERVICES_PAGE, data) == []

    def test_anonymous_visitors_share_one_cached_copy(self, client, lansjarv):
        response = client.get("/sot/hsds.json", HTTP_HOST=HOST)
        assert "public" in response["Cache-Control"]

    @pytest.mark.parametrize("host", ["localhost", "okand.localhost"])
    def test_a_host_without_a_municipality_gets_not_found(self, client, overkalix, host):
        assert client.get("/sot/hsds.json", HTTP_HOST=host).status_code == 404
