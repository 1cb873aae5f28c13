"""Positions from postal addresses behind a small geocoder protocol, chosen by settings.GEOCODER_BACKEND.

- `LocalityCentroidGeocoder` (the default, embedded stack): looks nothing up; the caller's fallback, the
  centre of the locality the user chose, is the answer.
- `NominatimGeocoder` (production adapter): a self-hosted Nominatim's `/search` with a structured query
  (https://nominatim.org/release-docs/latest/api/Search/), at `NOMINATIM_URL`, answering within
  `GEOCODER_TIMEOUT_SECONDS` or not at all.

Callers use `locate(address, fallback=...)`: it never raises and never waits longer than the timeout, so a
slow or absent geocoder costs a form submit at most a couple of seconds and a less precise position.
"""
import json
import logging
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Address:
    street: str = ""
    postal_code: str = ""
    town: str = ""
    country_code: str = "se"

    @property
    def is_empty(self) -> bool:
        return not (self.street.strip() or self.postal_code.strip() or self.town.strip())


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float


class Geocoder(Protocol):
    def geocode(self, address: Address) -> Position | None: ...


class LocalityCentroidGeocoder:
    """Knows no addresses: every company and point is placed at its locality's centre."""

    def geocode(self, address: Address) -> Position | None:
        return None


class NominatimGeocoder:
    """A self-hosted Nominatim. Only the address leaves the platform, and only to our own server."""

    def __init__(self, url: str | None = None, timeout: float | None = None):
        self.url = (url if url is not None else settings.NOMINATIM_URL).rstrip("/")
        self.timeout = timeout if timeout is not None else settings.GEOCODER_TIMEOUT_SECONDS

    def geocode(self, address: Address) -> Position | None:
        if not self.url or address.is_empty:
            return None
        query = {"street": address.street.strip(), "postalcode": address.postal_code.replace(" ", ""),
                 "city": address.town.strip(), "countrycodes": address.country_code, "format": "jsonv2", "limit": 1}
        url = f"{self.url}/search?" + urllib.parse.urlencode({k: v for k, v in query.items() if v})
        request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                       "User-Agent": "naringslivsplattformen"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                results = json.loads(response.read(65536))
            first = results[0] if results else None
            return Position(float(first["lat"]), float(first["lon"])) if first else None
        except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
            # Timeouts and refused connections are OSErrors; a broken answer is a ValueError or KeyError.
            logger.warning("geocoding failed, using the fallback: %s", error)
            return None


def get_geocoder() -> Geocoder:
    return import_string(settings.GEOCODER_BACKEND)()


def locate(address: Address, *, fallback: Position | None = None) -> Position | None:
    """The address's position, or `fallback` when the geocoder does not know it (or does not answer)."""
    found = None if address.is_empty else get_geocoder().geocode(address)
    return found or fallback
