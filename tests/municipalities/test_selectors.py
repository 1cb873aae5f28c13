"""Reads of municipalities: each municipality sees only its own localities."""
import pytest

from municipalities.selectors import locality_get, locality_list
from tests.factories.sot_points import make_locality

pytestmark = pytest.mark.django_db


class LocalitySelectorTests:
    def test_a_municipality_lists_only_its_own_localities_by_name(self, arvidsjaur, asele):
        make_locality(arvidsjaur, "Moskosel", 65.87, 19.45)
        make_locality(arvidsjaur, "Glommersträsk", 65.26, 19.63)
        make_locality(asele, "Fredrika", 64.08, 18.40)
        assert [loc.name for loc in locality_list(municipality=arvidsjaur)] == ["Glommersträsk", "Moskosel"]

    def test_another_municipalitys_locality_is_not_found(self, arvidsjaur, asele):
        own = make_locality(arvidsjaur, "Moskosel", 65.87, 19.45)
        other = make_locality(asele, "Fredrika", 64.08, 18.40)
        assert locality_get(municipality=arvidsjaur, pk=own.pk) == own
        assert locality_get(municipality=arvidsjaur, pk=other.pk) is None
