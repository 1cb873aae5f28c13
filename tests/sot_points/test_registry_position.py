"""Nobody has to type a SOT point's coordinates: left empty in the registry form, they come from its
address, or the centre of its locality."""
import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from municipalities.models import Locality, Role
from sot_points.models import SotPoint
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"
ADD_URL = "/admin/snippets/sot_points/sotpoint/add/"


def _form(**overrides):
    return nested_form_data({
        "name": "Byahuset", "slug": "byahuset", "host_name": "Byahusföreningen", "host_company": "",
        "is_published": "on", "street_address": "Storgatan 1", "postal_code": "", "postal_town": "", "locality": "",
        "latitude": "", "longitude": "", "phone": "0960-100 00", "accessibility_notes": "",
        "generator_kva": "", "fuel_hours": "", "warm_room_places": "",
        "opening_hours": inline_formset([]), "opening_exceptions": inline_formset([]), **overrides,
    })


@pytest.fixture
def editor(client, arvidsjaur):
    client.force_login(make_staff(arvidsjaur, Role.EDITOR))


class RegistryPositionTests:
    def test_a_point_without_coordinates_is_placed_at_its_locality(self, client, arvidsjaur, editor):
        glommers = Locality.objects.create(municipality=arvidsjaur, name="Glommersträsk", latitude=65.26,
                                           longitude=19.63)
        response = client.post(ADD_URL, _form(locality=str(glommers.pk)), HTTP_HOST=HOST)
        assert response.status_code == 302
        point = SotPoint.objects.get(slug="byahuset")
        assert (point.latitude, point.longitude) == (65.26, 19.63)

    def test_typed_coordinates_are_kept(self, client, arvidsjaur, editor):
        client.post(ADD_URL, _form(latitude="65.5912", longitude="19.1801"), HTTP_HOST=HOST)
        point = SotPoint.objects.get(slug="byahuset")
        assert (point.latitude, point.longitude) == (65.5912, 19.1801)

    def test_without_coordinates_or_locality_the_form_asks_for_a_locality(self, client, arvidsjaur, editor):
        response = client.post(ADD_URL, _form(), HTTP_HOST=HOST)
        assert response.status_code == 200
        assert "Välj en ort, så placerar vi punkten där" in response.content.decode()
        assert not SotPoint.objects.exists()

    def test_only_one_coordinate_is_refused(self, client, arvidsjaur, editor):
        response = client.post(ADD_URL, _form(latitude="65.59"), HTTP_HOST=HOST)
        assert "Ange både latitud och longitud, eller lämna båda tomma." in response.content.decode()
        assert not SotPoint.objects.exists()
