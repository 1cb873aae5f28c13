"""The crisis desk updates and ends a disruption: residents see the new text at once, and once it is over the
banner is gone from every page and the home page is as it was before the storm."""
import re
import uuid

import pytest

from municipalities.models import Role
from sot_points import services
from tests.factories.municipalities import make_staff
from tests.factories.sot_points import make_locality, make_point

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"
BANNER = "disruption-banner"


@pytest.fixture
def editor(overkalix):
    return make_staff(overkalix, Role.EDITOR, email=f"redaktor.{uuid.uuid4().hex[:6]}@example.org")


@pytest.fixture
def point_in_lansjarv(overkalix):
    """A point in the locality Lansjärv with no host (not the shared `point`, tests/sot_points/conftest.py)."""
    return make_point(overkalix, locality=make_locality(overkalix, "Lansjärv", 66.65, 22.19))


@pytest.fixture
def storm(overkalix, editor, point_in_lansjarv):
    return services.disruption_declare(actor=editor, municipality=overkalix, kind="storm", title="Storm över Överkalix",
                                       message="Strömmen är borta i stora delar av kommunen.")


def page(client, path: str) -> str:
    return client.get(path, HTTP_HOST=HOST).content.decode()


def main_content(html: str) -> str:
    return re.search(r"<main\b.*?</main>", html, re.S).group(0)


def update_form(overkalix, **fields) -> dict:
    data = {"kind": "storm", "title": "Storm över Överkalix", "message": "Strömmen är borta.", **fields}
    return {f"m{overkalix.pk}-{name}": value for name, value in data.items()}


class UpdateTests:
    def test_residents_see_the_new_text_instead_of_the_old(self, client, overkalix, editor, storm, point_in_lansjarv):
        client.force_login(editor)
        response = client.post(f"/admin/sot/storning/{storm.pk}/", update_form(
            overkalix, title="Strömmen tillbaka i Lansjärv",
            message="Strömmen är tillbaka i Lansjärv. Svartbyn är fortfarande utan ström."), HTTP_HOST=HOST, follow=True)
        assert "Störningen är uppdaterad." in response.content.decode()
        client.logout()
        for path in ("/", "/sot/", f"/sot/{point_in_lansjarv.slug}/", "/sot/lite/"):
            html = page(client, path)
            assert "Strömmen tillbaka i Lansjärv" in html, path
            assert "Svartbyn är fortfarande utan ström." in html, path
            assert "Strömmen är borta i stora delar av kommunen." not in html, path

    def test_an_empty_title_is_refused_next_to_the_field_and_residents_keep_the_old_text(
            self, client, overkalix, editor, storm):
        client.force_login(editor)
        response = client.post(f"/admin/sot/storning/{storm.pk}/", update_form(overkalix, title=""), HTTP_HOST=HOST)
        assert response.status_code == 200
        assert (f'id="id_m{overkalix.pk}-title_error"><li>Det här fältet är obligatoriskt</li>'
                in response.content.decode())
        client.logout()
        assert "Strömmen är borta i stora delar av kommunen." in page(client, "/")

    def test_an_ended_disruption_can_no_longer_be_updated(self, client, overkalix, editor, storm):
        services.disruption_end(actor=editor, disruption=storm)
        client.force_login(editor)
        response = client.post(f"/admin/sot/storning/{storm.pk}/", update_form(overkalix, title="Ny storm"),
                               HTTP_HOST=HOST)
        assert "Störningen är redan avslutad." in response.content.decode()
        client.logout()
        assert "Ny storm" not in page(client, "/")
        assert BANNER not in page(client, "/")

    def test_the_office_of_another_municipality_cannot_change_the_text(self, client, overkalix, asele, storm):
        client.force_login(make_staff(asele, Role.EDITOR))
        response = client.post(f"/admin/sot/storning/{storm.pk}/", update_form(overkalix, title="Falskt larm"),
                               HTTP_HOST=HOST)
        assert response.status_code == 404
        client.logout()
        html = page(client, "/")
        assert "Storm över Överkalix" in html
        assert "Falskt larm" not in html


class EndTests:
    def test_the_banner_is_gone_everywhere_and_the_home_page_is_as_before(
            self, client, overkalix, editor, point_in_lansjarv):
        home_before = page(client, "/")
        storm = services.disruption_declare(actor=editor, municipality=overkalix, kind="storm",
                                            title="Storm över Överkalix", message="Strömmen är borta.")
        during = page(client, "/")
        assert BANNER in during, "the storm changed the home page"
        assert "sot-section" in during, "the storm changed the home page"

        client.force_login(editor)
        response = client.post(f"/admin/sot/storning/{storm.pk}/avsluta/", HTTP_HOST=HOST, follow=True)
        assert "Störningen är avslutad. Bannern är borttagen." in response.content.decode()
        client.logout()

        for path in ("/", "/sot/", f"/sot/{point_in_lansjarv.slug}/", "/foretag/", "/sot/lite/"):
            html = page(client, path)
            assert BANNER not in html, path
            assert "Strömmen är borta." not in html, path
        home_after = page(client, "/")
        assert "sot-section" not in home_after
        assert main_content(home_after) == main_content(home_before)

    def test_the_point_page_shows_todays_normal_hours_again(self, client, overkalix, editor, point_in_lansjarv):
        # The point keeps 09–18 normally and 07–22 during a disruption (tests/factories/sot_points.py).
        assert "I dag: 09:00–18:00" in page(client, f"/sot/{point_in_lansjarv.slug}/")
        storm = services.disruption_declare(actor=editor, municipality=overkalix, kind="storm", title="Storm",
                                            message="Strömmen är borta.")
        assert "I dag: 07:00–22:00" in page(client, f"/sot/{point_in_lansjarv.slug}/")
        services.disruption_end(actor=editor, disruption=storm)
        html = page(client, f"/sot/{point_in_lansjarv.slug}/")
        assert "I dag: 09:00–18:00" in html
        assert "I dag: 07:00–22:00" not in html

    def test_the_office_of_another_municipality_cannot_end_it(self, client, asele, storm):
        client.force_login(make_staff(asele, Role.EDITOR))
        assert client.post(f"/admin/sot/storning/{storm.pk}/avsluta/", HTTP_HOST=HOST).status_code == 404
        client.logout()
        assert "Strömmen är borta i stora delar av kommunen." in page(client, "/")

    def test_a_new_disruption_can_be_declared_once_the_last_one_is_over(self, client, overkalix, editor, storm):
        services.disruption_end(actor=editor, disruption=storm)
        services.disruption_declare(actor=editor, municipality=overkalix, kind="storm", title="Ny storm",
                                    message="Åter strömavbrott i Svartbyn.")
        html = page(client, "/")
        assert "Åter strömavbrott i Svartbyn." in html
        assert "Strömmen är borta i stora delar av kommunen." not in html
