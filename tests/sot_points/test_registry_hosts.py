"""Hosts chosen in the registry form are added and removed through the host services.

Before: the form wrote the `hosts` relation itself, so a host picked there held no SOT host role
and one unticked there kept it.
"""
import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from municipalities.models import MunicipalityMembership, Role
from sot_points.models import SotPoint
from tests.factories.accounts import make_user
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"


def _form(point, hosts):
    data = nested_form_data({
        "name": point.name, "slug": point.slug, "host_name": "Byahusföreningen", "host_company": "",
        "is_published": "on", "street_address": "Storgatan 1", "postal_code": "", "postal_town": "", "locality": "",
        "latitude": "65.59", "longitude": "19.17", "phone": "0960-100 00", "accessibility_notes": "",
        "generator_kva": "", "fuel_hours": "", "warm_room_places": "",
        "opening_hours": inline_formset([]), "opening_exceptions": inline_formset([]),
    })
    data["host_accounts"] = [str(user.pk) for user in hosts]
    return data


class RegistryHostsTests:
    def test_a_host_ticked_in_the_registry_form_becomes_host_with_a_role_and_loses_both_when_unticked(
        self, client, arvidsjaur,
    ):
        point = SotPoint.objects.create(municipality=arvidsjaur, name="Byahuset", slug="byahuset",
                                        latitude=65.59, longitude=19.17)
        shopkeeper = make_user("handlare@example.org")
        make_company(arvidsjaur, owner=shopkeeper, legal_name="Byhandeln AB")
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        url = f"/admin/snippets/sot_points/sotpoint/edit/{point.pk}/"

        response = client.post(url, _form(point, [shopkeeper]), HTTP_HOST=HOST)
        assert response.status_code == 302
        assert list(point.hosts.all()) == [shopkeeper]
        assert MunicipalityMembership.objects.filter(user=shopkeeper, role=Role.SOT_HOST).exists()

        client.post(url, _form(point, []), HTTP_HOST=HOST)
        assert not point.hosts.exists()
        assert not MunicipalityMembership.objects.filter(user=shopkeeper).exists()

    def test_a_stranger_cannot_be_made_host_from_the_form(self, client, arvidsjaur):
        point = SotPoint.objects.create(municipality=arvidsjaur, name="Byahuset", slug="byahuset",
                                        latitude=65.59, longitude=19.17)
        stranger = make_user("okand@example.org")
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        client.post(f"/admin/snippets/sot_points/sotpoint/edit/{point.pk}/", _form(point, [stranger]),
                    HTTP_HOST=HOST)
        assert not point.hosts.exists()
