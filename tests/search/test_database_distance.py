"""Distance-sorted searches in the database backend: pages read from a bounding box around the
point must be exactly the pages of sorting the whole scope (ties by id, documents without a
position last), whatever the box's radius turns out to be."""
import math
import random

import pytest

from search.backends import database
from search.backends.database import DatabaseSearchBackend, bounding_box
from search.types import EARTH_RADIUS_KM, SearchDocument, SearchQuery, haversine_km

from .conftest import ARVIDSJAUR, COMPANIES, OVERKALIX

FACETS = ("sni_section", "locality")
KM_NORTH = 1 / 111.19508  # degrees of latitude per km (EARTH_RADIUS_KM)


def km_east(lat: float) -> float:
    return KM_NORTH / math.cos(math.radians(lat))


def doc(doc_id, position, municipalities=(ARVIDSJAUR,), sni="F", locality="Arvidsjaur"):
    return SearchDocument(id=doc_id, municipality_ids=list(municipalities), fields={
        "name": f"Företag {doc_id}", "sni_section": [sni], "locality": [locality], "position": position})


@pytest.fixture
def backend(db):
    return DatabaseSearchBackend()


@pytest.fixture
def box_calls(monkeypatch):
    """How many pages the bounding boxes answered (None: the whole scope was sorted instead)."""
    answered = []
    original = DatabaseSearchBackend._near_page_in_boxes

    def spy(self, *args, **kwargs):
        rows = original(self, *args, **kwargs)
        answered.append(rows is not None)
        return rows

    monkeypatch.setattr(DatabaseSearchBackend, "_near_page_in_boxes", spy)
    return answered


def near(backend, point, **kwargs):
    kwargs.setdefault("municipality_ids", [ARVIDSJAUR])
    return backend.search(COMPANIES, SearchQuery(text="", near=point, facets=FACETS, **kwargs))


def whole_scope(backend, point, monkeypatch, **kwargs):
    """The same search with the bounding boxes switched off."""
    with monkeypatch.context() as patched:
        patched.setattr(database, "NEAR_MAX_RADIUS_KM", 0.0)
        return near(backend, point, **kwargs)


def by_distance(docs, point, municipality_ids, filters=None):
    """The expected order, computed in Python: distance, then id; no position last."""
    filters = filters or {}
    hits = [d for d in docs if set(d.municipality_ids) & set(municipality_ids)
            and all(set(d.fields[name]) & set(values) for name, values in filters.items())]
    return [d.id for d in sorted(hits, key=lambda d: (
        d.fields["position"] is None,
        haversine_km(point, d.fields["position"]) if d.fields["position"] else 0.0, d.id))]


class BoundingBoxPageTests:
    def test_a_page_ends_where_the_distance_order_ends_not_where_the_first_box_does(
            self, backend, box_calls, monkeypatch):
        """The first box (1 km) holds five documents within 1 km and one in its corner, 1.13 km
        away; the sixth nearest, 1.05 km due north, lies outside that box."""
        lat, lon = 65.0, 20.0
        inside = [doc(f"a{i}", (lat + 0.18 * i * KM_NORTH, lon)) for i in range(1, 6)]
        corner = doc("corner", (lat + 0.8 * KM_NORTH, lon + 0.8 * km_east(lat)))
        north = doc("north", (lat + 1.05 * KM_NORTH, lon))
        backend.index_documents(COMPANIES, [*inside, corner, north])
        monkeypatch.setattr(database, "NEAR_FIRST_RADIUS_KM", 1.0)

        assert near(backend, (lat, lon), page_size=5).ids == ["a1", "a2", "a3", "a4", "a5"]
        assert near(backend, (lat, lon), page_size=6).ids == ["a1", "a2", "a3", "a4", "a5", "north"]
        second = near(backend, (lat, lon), page=2, page_size=3)
        assert second.ids == ["a4", "a5", "north"]
        assert second.distances_km["north"] == pytest.approx(1.05, abs=0.001)
        assert near(backend, (lat, lon), page_size=7).ids[-1] == "corner"
        assert box_calls == [True, True, True, True]

    def test_documents_at_the_same_place_are_ordered_by_id_on_every_page(self, backend, box_calls):
        place = (65.8667, 19.4167)
        same_place = [doc(f"t{n}", place) for n in (3, 12, 1, 25, 7, 30, 2, 19, 8, 11, 4, 20, 9, 5)]
        backend.index_documents(COMPANIES, [*same_place, doc("elsewhere", (65.87, 19.42))])
        expected = sorted(d.id for d in same_place)  # by code point: "t1", "t11", "t12", ..., "t9"

        pages = [near(backend, place, page=page, page_size=4).ids for page in (1, 2, 3, 4)]
        assert [doc_id for page in pages for doc_id in page] == [*expected, "elsewhere"]
        assert box_calls[:3] == [True, True, True]

    def test_a_total_and_facets_are_those_of_the_whole_scope_not_of_the_box(self, backend):
        backend.index_documents(COMPANIES, [
            doc("here", (65.0, 20.0)), doc("far", (67.0, 21.0), sni="G"), doc("nowhere", None, sni="G")])
        result = near(backend, (65.0, 20.0), page_size=1)
        assert result.ids == ["here"]
        assert result.total == 3
        assert result.facets["sni_section"] == [("G", 2), ("F", 1)]

    def test_documents_on_both_sides_of_the_antimeridian_are_found(self, backend, box_calls):
        backend.index_documents(COMPANIES, [
            doc("east", (10.0, 179.99)), doc("west", (10.0, -179.99)), doc("farther", (10.0, 179.9))])
        result = near(backend, (10.0, 179.995), page_size=2)
        assert result.ids == ["east", "west"]
        assert box_calls == [True]

    def test_near_a_pole_the_whole_scope_is_sorted(self, backend, box_calls):
        backend.index_documents(COMPANIES, [doc("a", (89.99, 10.0)), doc("b", (89.98, -170.0))])
        assert near(backend, (89.995, 0.0), page_size=1).ids == ["a"]
        assert box_calls == [False]


class BoundingBoxAgreesWithTheWholeScopeTests:
    """Hundreds of documents in villages (many at exactly the village's position, as companies
    without an address of their own are), searched from many points with many page sizes."""

    VILLAGES = [(65.8667, 19.4167), (65.5903, 19.1668), (65.45, 19.3833), (65.2667, 19.6333)]

    @pytest.fixture
    def docs(self, backend):
        rng = random.Random(7)
        docs = []
        for n in range(400):
            lat, lon = rng.choice(self.VILLAGES)
            roll = rng.random()
            if roll < 0.3:
                position = (lat, lon)
            elif roll < 0.9:
                position = (round(lat + rng.uniform(-0.03, 0.03), 5), round(lon + rng.uniform(-0.06, 0.06), 5))
            else:
                position = None
            municipalities = rng.choice([(ARVIDSJAUR,), (ARVIDSJAUR,), (ARVIDSJAUR, OVERKALIX), (OVERKALIX,)])
            docs.append(doc(str(rng.randrange(10**6)) + f"-{n}", position, municipalities,
                            sni=rng.choice("AFFG"), locality=rng.choice(["Moskosel", "Arvidsjaur"])))
        backend.index_documents(COMPANIES, docs)
        return docs

    @pytest.mark.parametrize("filters", [{}, {"sni_section": ["F"]}, {"sni_section": ["A", "G"], "locality": ["Moskosel"]}])
    @pytest.mark.parametrize("municipality_ids", [[ARVIDSJAUR], [ARVIDSJAUR, OVERKALIX]])
    def test_every_page_is_the_page_of_the_whole_scope(self, backend, docs, box_calls, monkeypatch, filters,
                                                       municipality_ids):
        points = [*self.VILLAGES, (65.7, 19.3), (65.8667, 19.43), (59.33, 18.07)]
        for point in points:
            for page, page_size in [(1, 1), (1, 7), (1, 20), (3, 20), (2, 50), (1, 100), (9, 50)]:
                kwargs = dict(page=page, page_size=page_size, municipality_ids=municipality_ids, filters=filters)
                boxed, whole = near(backend, point, **kwargs), whole_scope(backend, point, monkeypatch, **kwargs)
                assert (boxed.ids, boxed.distances_km, boxed.total, boxed.facets) == (
                    whole.ids, whole.distances_km, whole.total, whole.facets), (point, page, page_size)
                expected = by_distance(docs, point, municipality_ids, filters)
                assert boxed.ids == expected[(page - 1) * page_size:page * page_size], (point, page, page_size)
                positions = {d.id: d.fields["position"] for d in docs}
                assert boxed.distances_km == pytest.approx(
                    {i: haversine_km(point, positions[i]) for i in boxed.ids if positions[i]}, rel=1e-12)
        assert sum(box_calls) >= len(points) * 3  # most pages came from a box, not the whole scope

    def test_a_search_with_text_near_a_point_is_unchanged(self, backend, docs, box_calls):
        result = backend.search(COMPANIES, SearchQuery(text="företag", near=self.VILLAGES[0],
                                                       municipality_ids=[ARVIDSJAUR], page_size=10))
        assert result.ids == by_distance(docs, self.VILLAGES[0], [ARVIDSJAUR])[:10]
        assert box_calls == []  # text: the matching entries are sorted, no box needed


def destination(point, bearing_deg, km):
    """The position `km` from `point` in the direction `bearing_deg` (great circle)."""
    lat1, lon1, bearing = math.radians(point[0]), math.radians(point[1]), math.radians(bearing_deg)
    angle = km / EARTH_RADIUS_KM
    lat2 = math.asin(math.sin(lat1) * math.cos(angle) + math.cos(lat1) * math.sin(angle) * math.cos(bearing))
    lon2 = lon1 + math.atan2(math.sin(bearing) * math.sin(angle) * math.cos(lat1),
                             math.cos(angle) - math.sin(lat1) * math.sin(lat2))
    return math.degrees(lat2), (math.degrees(lon2) + 540) % 360 - 180


class BoundingBoxGeometryTests:
    def test_every_position_within_the_radius_lies_in_the_box(self):
        rng = random.Random(11)
        for _ in range(2000):
            point = (rng.uniform(-85, 85), rng.uniform(-180, 180))
            radius = rng.choice([0.05, 1.0, 8.0, 64.0, 700.0, 2500.0])
            box = bounding_box(point, radius)
            if box is None:  # a pole within the radius
                assert abs(point[0]) + math.degrees(radius / EARTH_RADIUS_KM) >= 89.999
                continue
            (lat_min, lat_max), lon_range = box
            for _ in range(5):
                # Extreme bearings and the full radius are where a box is tight.
                bearing = rng.choice([0, 90, 180, 270, rng.uniform(0, 360)])
                lat, lon = destination(point, bearing, radius * rng.choice([1.0, rng.random()]))
                assert haversine_km(point, (lat, lon)) <= radius * (1 + 1e-9) + 1e-9
                assert lat_min <= lat <= lat_max, (point, radius, bearing)
                if lon_range is not None:
                    assert lon_range[0] <= lon <= lon_range[1], (point, radius, bearing)

    def test_the_box_is_not_much_larger_than_the_circle(self):
        (lat_min, lat_max), (lon_min, lon_max) = bounding_box((65.0, 20.0), 10.0)
        assert (lat_max - lat_min) / KM_NORTH == pytest.approx(20.0, rel=1e-3)
        assert (lon_max - lon_min) / km_east(65.0) == pytest.approx(20.0, rel=1e-2)

    def test_a_box_across_the_antimeridian_keeps_only_its_latitude_band(self):
        lats, lon_range = bounding_box((10.0, 179.995), 2.0)
        assert lon_range is None
        assert lats[0] < 10.0 < lats[1]

    def test_no_box_holds_a_pole_within_the_radius(self):
        assert bounding_box((89.9, 0.0), 20.0) is None
        assert bounding_box((-89.9, 0.0), 20.0) is None
        assert bounding_box((65.0, 0.0), 20.0) is not None
