"""Where a company or SOT point is on the map: from its address through core.geocoding, falling back to
the centre of the locality the user chose. Localities are passed in (anything with name, latitude and
longitude), so this module does not care which app holds the Locality model."""
from dataclasses import dataclass

from core.geocoding import Address, Position, locate
from search.types import haversine_km


@dataclass(frozen=True)
class PlacedPosition:
    """A position and the locality it is told by ("Vi placerar er i Åsele (64.17, 17.33)")."""

    latitude: float
    longitude: float
    locality: object | None = None

    @property
    def place_name(self) -> str:
        return getattr(self.locality, "name", "")


def locality_centroid(locality) -> Position | None:
    return Position(locality.latitude, locality.longitude) if locality is not None else None


def locality_nearest(latitude: float, longitude: float, localities):
    """The locality whose centre is nearest to the position (None without localities)."""
    return min(localities, key=lambda loc: haversine_km((latitude, longitude), (loc.latitude, loc.longitude)),
               default=None)


def place_position(*, street_address: str, postal_code: str, postal_town: str, locality) -> PlacedPosition | None:
    """The address's position, or the locality's centre when the geocoder does not find the address;
    None with neither an address the geocoder knows nor a locality."""
    address = Address(street=street_address or "", postal_code=postal_code or "",
                      town=postal_town or getattr(locality, "name", ""))
    found = locate(address, fallback=locality_centroid(locality))
    if found is None:
        return None
    return PlacedPosition(round(found.latitude, 6), round(found.longitude, 6), locality)
