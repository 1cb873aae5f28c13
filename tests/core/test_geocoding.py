"""Positions from addresses: the Nominatim adapter against a tiny local server answering like Nominatim's
/search (never the internet), and the fallback to the locality's centre when it cannot help."""
import json

import pytest

from core.geocoding import Address, LocalityCentroidGeocoder, NominatimGeocoder, Position, locate
from tests.support.nominatim import STORGATAN, fake_nominatim


@pytest.fixture
def nominatim():
    with fake_nominatim() as server:
        yield server


class NominatimGeocoderTests:
    def test_a_known_address_gives_nominatims_position_asked_as_a_structured_swedish_query(self, nominatim):
        handler, url = nominatim
        handler.answer = json.dumps(STORGATAN).encode()
        found = NominatimGeocoder(url=url, timeout=2).geocode(Address("Storgatan 1", "933 32", "Arvidsjaur"))
        assert found == Position(65.5912, 19.1801)
        assert handler.queries == [{"path": "/search", "street": "Storgatan 1", "postalcode": "93332",
                                    "city": "Arvidsjaur", "countrycodes": "se", "format": "jsonv2", "limit": "1"}]

    def test_an_unknown_address_gives_nothing(self, nominatim):
        handler, url = nominatim
        handler.answer = b"[]"
        assert NominatimGeocoder(url=url, timeout=2).geocode(Address("Ingenstans 9", "", "Arvidsjaur")) is None

    def test_a_broken_answer_gives_nothing_instead_of_an_error(self, nominatim):
        handler, url = nominatim
        handler.answer = b"<html>502 Bad Gateway</html>"
        assert NominatimGeocoder(url=url, timeout=2).geocode(Address("Storgatan 1", "", "Arvidsjaur")) is None

    def test_a_server_that_does_not_answer_in_time_falls_back_to_the_locality(self, nominatim, settings):
        handler, url = nominatim
        handler.answer = json.dumps(STORGATAN).encode()
        handler.stall.set()
        settings.GEOCODER_BACKEND = "core.geocoding.NominatimGeocoder"
        settings.NOMINATIM_URL = url
        settings.GEOCODER_TIMEOUT_SECONDS = 0.2
        centre = Position(65.59, 19.17)
        assert locate(Address("Storgatan 1", "", "Arvidsjaur"), fallback=centre) == centre

    def test_no_server_at_all_falls_back_to_the_locality(self, settings):
        settings.GEOCODER_BACKEND = "core.geocoding.NominatimGeocoder"
        settings.NOMINATIM_URL = "http://127.0.0.1:9"  # discard port: nothing listens
        centre = Position(65.59, 19.17)
        assert locate(Address("Storgatan 1", "", "Arvidsjaur"), fallback=centre) == centre


class LocalityCentroidGeocoderTests:
    def test_the_embedded_stack_places_everything_at_its_locality(self, settings):
        settings.GEOCODER_BACKEND = "core.geocoding.LocalityCentroidGeocoder"
        assert LocalityCentroidGeocoder().geocode(Address("Storgatan 1", "", "Arvidsjaur")) is None
        assert locate(Address("Storgatan 1", "", "Arvidsjaur"), fallback=Position(65.59, 19.17)) == Position(65.59, 19.17)

    def test_without_address_or_locality_there_is_no_position(self):
        assert locate(Address(), fallback=None) is None
