"""SOT points for tests, with hours, created the way an editor's admin form would."""
from datetime import time

from django.utils.text import slugify

from municipalities.models import Locality
from sot_points.models import OpeningHours, SotPoint

ALL_DAY_NORMAL = (time(9), time(18))
ALL_DAY_DISRUPTION = (time(7), time(22))


def make_locality(municipality, name: str, latitude: float, longitude: float) -> Locality:
    return Locality.objects.get_or_create(municipality=municipality, name=name,
                                          defaults={"latitude": latitude, "longitude": longitude})[0]


def make_point(municipality, name: str = "Handlar'n i Lansjärv", *, locality: Locality | None = None,
               latitude: float = 66.654, longitude: float = 22.196, hosts=(), capabilities=None,
               warm_room_places: int | None = 30, phone: str = "070-174 06 40", **extra) -> SotPoint:
    point = SotPoint.objects.create(
        municipality=municipality, name=name, slug=slugify(name), host_name=f"{name} AB", locality=locality,
        street_address="Byvägen 12", postal_code="956 98", postal_town="Lansjärv", latitude=latitude,
        longitude=longitude, phone=phone,
        capabilities=capabilities if capabilities is not None else
        ["information", "reserve_power", "charging", "warm_room", "fuel", "rakel"],
        warm_room_places=warm_room_places, **extra)
    point.hosts.set(hosts)
    for weekday in range(7):
        OpeningHours.objects.create(point=point, kind=OpeningHours.Kind.NORMAL, weekday=weekday,
                                    opens=ALL_DAY_NORMAL[0], closes=ALL_DAY_NORMAL[1])
        OpeningHours.objects.create(point=point, kind=OpeningHours.Kind.DISRUPTION, weekday=weekday,
                                    opens=ALL_DAY_DISRUPTION[0], closes=ALL_DAY_DISRUPTION[1])
    return point
