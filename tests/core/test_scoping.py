"""An object named in an admin URL: found in the user's scope and allowed, or a 404 like a missing one."""
import pytest
from django.http import Http404

from core.scoping import get_scoped_or_404
from municipalities.models import Locality
from tests.factories.sot_points import make_locality

pytestmark = pytest.mark.django_db


class ScopedGetTests:
    def test_an_object_in_scope_and_allowed_is_returned(self, arvidsjaur):
        own = make_locality(arvidsjaur, "Moskosel", 65.87, 19.45)
        scoped = Locality.objects.filter(municipality=arvidsjaur)
        assert get_scoped_or_404(scoped, own.pk, lambda locality: True) == own

    def test_another_municipalitys_object_is_a_404(self, arvidsjaur, asele):
        other = make_locality(asele, "Fredrika", 64.08, 18.40)
        with pytest.raises(Http404):
            get_scoped_or_404(Locality.objects.filter(municipality=arvidsjaur), other.pk)

    def test_an_object_the_predicate_refuses_is_a_404_too(self, arvidsjaur):
        own = make_locality(arvidsjaur, "Moskosel", 65.87, 19.45)
        with pytest.raises(Http404):
            get_scoped_or_404(Locality.objects.all(), own.pk, lambda locality: False)
