"""Reads of municipalities: localities and the admin's list of municipalities stay within the user's own."""
import pytest

from municipalities.models import Role
from municipalities.selectors import locality_get, locality_list, municipality_list_for_staff
from tests.factories.accounts import make_superuser, make_user
from tests.factories.municipalities import make_staff
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


class MunicipalityListForStaffTests:
    def test_staff_see_only_the_municipalities_where_they_hold_a_staff_role(self, arvidsjaur, asele, overkalix):
        assert list(municipality_list_for_staff(make_staff(arvidsjaur, Role.EDITOR))) == [arvidsjaur]
        assert list(municipality_list_for_staff(make_staff(asele, Role.MODERATOR))) == [asele]

    def test_a_platform_administrator_sees_every_municipality_by_name(self, arvidsjaur, asele, overkalix):
        assert [m.name for m in municipality_list_for_staff(make_superuser())] == ["Arvidsjaur", "Åsele", "Överkalix"]

    def test_a_sot_host_or_resident_sees_none(self, arvidsjaur):
        assert not municipality_list_for_staff(make_staff(arvidsjaur, Role.SOT_HOST))
        assert not municipality_list_for_staff(make_user("invanare@example.org"))

    def test_the_roles_can_be_narrowed(self, arvidsjaur):
        moderator = make_staff(arvidsjaur, Role.MODERATOR)
        assert not municipality_list_for_staff(moderator, roles=[Role.EDITOR])
