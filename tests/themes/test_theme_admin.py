"""Editors change their municipality's theme in the Wagtail admin; bad contrast is refused there."""
import pytest

from municipalities.models import Role
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db


def _theme_form(theme, **colours):
    data = {"name": theme.name, "preset": theme.preset, "logo": "", "hero_image": ""}
    for token in ("primary", "on_primary", "background", "text", "link", "accent"):
        data[f"color_{token}"] = colours.get(token, "")
    return data


class ThemeAdminTests:
    def test_low_contrast_theme_is_refused_with_the_failing_pair_named(self, client, asele):
        editor = make_staff(asele, Role.EDITOR)
        client.force_login(editor)
        url = f"/admin/snippets/themes/theme/edit/{asele.theme.pk}/"
        response = client.post(url, _theme_form(asele.theme, text="#aaaaaa"), HTTP_HOST="asele.localhost")
        assert response.status_code == 200
        page = response.content.decode()
        assert "Brödtext mot bakgrund har kontrasten" in page
        assert "4.5:1" in page
        asele.theme.refresh_from_db()
        assert asele.theme.color_text == ""

    def test_valid_theme_changes_the_colours_residents_see(self, client, asele):
        editor = make_staff(asele, Role.EDITOR)
        client.force_login(editor)
        url = f"/admin/snippets/themes/theme/edit/{asele.theme.pk}/"
        response = client.post(url, _theme_form(asele.theme, primary="#5a1e1e"), HTTP_HOST="asele.localhost")
        assert response.status_code == 302
        client.logout()
        home = client.get("/", HTTP_HOST="asele.localhost").content.decode()
        assert "--color-primary:#5a1e1e;" in home

    def test_editor_cannot_open_another_municipalitys_theme(self, client, asele, arvidsjaur):
        editor = make_staff(asele, Role.EDITOR)
        client.force_login(editor)
        response = client.get(f"/admin/snippets/themes/theme/edit/{arvidsjaur.theme.pk}/", HTTP_HOST="asele.localhost")
        assert response.status_code == 404

    def test_theme_listing_shows_only_the_own_municipality(self, client, asele, arvidsjaur):
        editor = make_staff(asele, Role.EDITOR)
        client.force_login(editor)
        page = client.get("/admin/snippets/themes/theme/", HTTP_HOST="asele.localhost").content.decode()
        assert asele.theme.name in page
        assert arvidsjaur.theme.name not in page
