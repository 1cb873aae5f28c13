"""Hand-made POST values on companies' own pages and in the office's moderation pages are refused
like unknown ones, never with a server error (a NUL byte is refused by PostgreSQL)."""
import pytest

from directory.models import Company
from municipalities.models import Role
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
ASELE = "asele.localhost"
ODD_IDS = ("abc", "²", "\x00", "99999999999999999999999", "")


@pytest.fixture
def company(asele):
    return make_company(asele, published=True, org_number=ORG_NUMBERS[0])


class CompanyPagePostTests:
    @pytest.mark.parametrize("value", ODD_IDS)
    def test_removing_a_member_by_a_malformed_id_is_not_found(self, client, company, value):
        client.force_login(company.members.get().user)
        response = client.post(f"/foretag/{company.slug}/medlemmar/", {"remove": value or "x"}, HTTP_HOST=ASELE)
        assert response.status_code == 404

    @pytest.mark.parametrize("value", ODD_IDS)
    def test_removing_a_photo_by_a_malformed_id_is_not_found(self, client, company, value):
        client.force_login(company.members.get().user)
        response = client.post(f"/foretag/{company.slug}/bilder/", {"action": "remove-photo", "photo": value},
                               HTTP_HOST=ASELE)
        assert response.status_code == 404


class ModerationPostTests:
    @pytest.mark.parametrize("value", ["\x00", "556036-0793\x00", "x" * 10_000])
    def test_merging_with_a_malformed_number_says_none_was_found(self, client, asele, company, value):
        client.force_login(make_staff(asele, Role.MODERATOR))
        response = client.post(f"/admin/foretag/{company.pk}/sla-ihop/", {"duplicate_org_number": value},
                               HTTP_HOST=ASELE, follow=True)
        assert response.status_code == 200
        assert "Hittade inget företag" in response.content.decode()

    def test_a_nul_byte_in_a_reason_is_dropped(self, client, asele):
        pending = make_company(asele, org_number=ORG_NUMBERS[1], legal_name="Väntande AB")
        client.force_login(make_staff(asele, Role.MODERATOR))
        response = client.post(f"/admin/foretag/{pending.pk}/reject/", {"reason": "Saknar\x00 telefon."},
                               HTTP_HOST=ASELE)
        assert response.status_code == 302
        assert Company.objects.get(pk=pending.pk).moderation_note == "Saknar telefon."
