"""Demo SOT points for the pilot municipalities (invented; phone numbers from the range PTS reserves
for fiction, 070-174 06 05 – 070-174 06 99). Handlar'n i Lansjärv is the issue's example point."""
from dataclasses import dataclass
from datetime import time

from django.utils.text import slugify

from directory.models import Company
from municipalities.demo import demo_user
from municipalities.models import Locality, Municipality, Role
from municipalities.services import membership_grant
from sot_points.models import Capability as C
from sot_points.models import OpeningHours, SotPoint


@dataclass(frozen=True)
class DemoPoint:
    name: str
    host_name: str
    locality: str
    address: str
    postal: tuple[str, str]
    phone: str
    capabilities: tuple[str, ...]
    generator_kva: int | None = None
    fuel_hours: int | None = None
    warm_room_places: int | None = None
    company: str = ""  # legal name of the host company in the demo directory
    host_email: str = ""


STORE = (C.INFORMATION, C.RESERVE_POWER, C.CHARGING, C.RAKEL, C.WATER, C.WARM_ROOM, C.FOOD_SALES, C.FUEL,
         C.FIRST_AID, C.DEFIBRILLATOR, C.TOILETS, C.RELATIVES)
HALL = (C.INFORMATION, C.RESERVE_POWER, C.CHARGING, C.WATER, C.WARM_ROOM, C.WARM_FOOD, C.TOILETS, C.INTERNET,
        C.CRISIS_SUPPORT, C.RELATIVES)

DEMO_POINTS: dict[str, list[DemoPoint]] = {
    "2513": [
        DemoPoint("Handlar'n i Lansjärv", "Handlar'n i Lansjärv AB", "Lansjärv", "Byvägen 12", ("956 98", "Lansjärv"),
                  "070-174 06 40", STORE, generator_kva=70, fuel_hours=48, warm_room_places=30,
                  company="Handlar'n i Lansjärv AB", host_email="vard.lansjarv@example.org"),
        DemoPoint("Folkets hus i Överkalix", "Överkalix kommun", "Överkalix", "Storgatan 20", ("956 31", "Överkalix"),
                  "070-174 06 41", HALL, generator_kva=100, fuel_hours=72, warm_room_places=60),
        DemoPoint("Svartbyns bygdegård", "Svartbyns byaförening", "Svartbyn", "Bygdegårdsvägen 3",
                  ("956 92", "Överkalix"), "070-174 06 42",
                  (C.INFORMATION, C.RESERVE_POWER, C.CHARGING, C.WARM_ROOM, C.WATER, C.TOILETS),
                  generator_kva=20, fuel_hours=24, warm_room_places=25),
    ],
    "2505": [
        DemoPoint("Moskosel Lanthandel", "Moskosel Lanthandel ek. för.", "Moskosel", "Järnvägsgatan 5",
                  ("933 99", "Moskosel"), "070-174 06 43", STORE, generator_kva=50, fuel_hours=36,
                  warm_room_places=20, company="Moskosel Lanthandel", host_email="vard.moskosel@example.org"),
        DemoPoint("Glommersträsk skola", "Arvidsjaurs kommun", "Glommersträsk", "Skolvägen 2",
                  ("930 95", "Glommersträsk"), "070-174 06 44", HALL, generator_kva=80, fuel_hours=48,
                  warm_room_places=40),
    ],
    "2463": [
        DemoPoint("Fredrika lanthandel", "Fredrika Handel AB", "Fredrika", "Storvägen 30", ("910 50", "Fredrika"),
                  "070-174 06 45", STORE, generator_kva=40, fuel_hours=30, warm_room_places=15,
                  host_email="vard.fredrika@example.org"),
    ],
}


def _host(email: str, municipality: Municipality):
    user = demo_user(email)
    membership_grant(municipality=municipality, user=user, role=Role.SOT_HOST)
    return user


def create_demo_data(*, municipality: Municipality, moderator) -> list[SotPoint]:
    """The pilot's points with opening hours and hosts (idempotent)."""
    localities = {loc.name: loc for loc in Locality.objects.filter(municipality=municipality)}
    points = []
    for spec in DEMO_POINTS.get(municipality.code, []):
        slug = slugify(spec.name)
        point = SotPoint.objects.filter(municipality=municipality, slug=slug).first()
        if point is None:
            locality = localities.get(spec.locality)
            point = SotPoint.objects.create(
                municipality=municipality, name=spec.name, slug=slug, host_name=spec.host_name, locality=locality,
                host_company=Company.objects.filter(municipality=municipality, legal_name=spec.company).first()
                if spec.company else None,
                street_address=spec.address, postal_code=spec.postal[0], postal_town=spec.postal[1],
                latitude=locality.latitude if locality else 0, longitude=locality.longitude if locality else 0,
                phone=spec.phone, capabilities=list(spec.capabilities), generator_kva=spec.generator_kva,
                fuel_hours=spec.fuel_hours, warm_room_places=spec.warm_room_places,
            )
            for weekday in range(7):
                closes = time(20) if weekday < 5 else time(16)
                OpeningHours.objects.create(point=point, kind=OpeningHours.Kind.NORMAL, weekday=weekday,
                                            opens=time(9), closes=closes)
                OpeningHours.objects.create(point=point, kind=OpeningHours.Kind.DISRUPTION, weekday=weekday,
                                            opens=time(7), closes=time(22))
        if spec.host_email:
            point.hosts.add(_host(spec.host_email, municipality))
        points.append(point)
    return points
