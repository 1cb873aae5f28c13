"""Admin forms, choosers, bulk actions and groups reach only the editor's own municipality.

Before: Wagtail's default groups held rights on the root page and Root collection; a theme
accepted another municipality's image; bulk-action confirm pages listed other municipalities'
titles; an unpublished company's edit URL answered 403 (telling that the slug exists).
"""
import pytest
from django.contrib.auth.models import Group
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from municipalities.models import ContentPage, Role
from tests.factories.accounts import make_user
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"


def _image(municipality, title):
    return get_image_model().objects.create(title=title, file=get_test_image_file(),
                                            collection=municipality.collection)


class GlobalGroupTests:
    def test_no_group_holds_a_permission_on_the_root_page_or_root_collection(self, arvidsjaur, asele):
        root_page, root_collection = Page.get_first_root_node(), Collection.get_first_root_node()
        on_root_page = GroupPagePermission.objects.filter(page=root_page).values_list("group__name", flat=True)
        on_root_collection = GroupCollectionPermission.objects.filter(
            collection=root_collection).values_list("group__name", flat=True)
        assert list(on_root_page) == []
        assert list(on_root_collection) == []

    def test_wagtails_default_groups_are_gone(self):
        assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()

    def test_an_editor_lists_only_the_own_municipalitys_images(self, client, arvidsjaur, asele):
        _image(asele, "Åseles hemliga bild")
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        body = client.get("/admin/images/", HTTP_HOST=HOST).content.decode()
        assert "Åseles hemliga bild" not in body


class ThemeImageTests:
    def test_a_theme_refuses_another_municipalitys_image_as_logo(self, client, arvidsjaur, asele):
        foreign = _image(asele, "Åseles logga")
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        theme = arvidsjaur.theme
        response = client.post(f"/admin/snippets/themes/theme/edit/{theme.pk}/", {
            "name": theme.name, "preset": theme.preset, "logo": foreign.pk}, HTTP_HOST=HOST)
        theme.refresh_from_db()
        assert theme.logo_id is None
        assert response.status_code == 200  # the form again, with the error at the field

    def test_a_theme_accepts_the_own_municipalitys_image(self, client, arvidsjaur):
        own = _image(arvidsjaur, "Arvidsjaurs logga")
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        theme = arvidsjaur.theme
        client.post(f"/admin/snippets/themes/theme/edit/{theme.pk}/", {
            "name": theme.name, "preset": theme.preset, "logo": own.pk}, HTTP_HOST=HOST)
        theme.refresh_from_db()
        assert theme.logo_id == own.pk

    def test_the_model_refuses_a_foreign_image_even_for_a_platform_admin(self, arvidsjaur, asele):
        from django.core.exceptions import ValidationError

        theme = arvidsjaur.theme
        theme.hero_image = _image(asele, "Åseles toppbild")
        with pytest.raises(ValidationError) as error:
            theme.full_clean()
        assert "Välj en bild ur kommunens egen bildsamling" in str(error.value)


class BulkActionScopeTests:
    @pytest.fixture
    def editor_client(self, client, arvidsjaur):
        client.force_login(make_staff(arvidsjaur, Role.EDITOR))
        return client

    def test_the_confirm_page_for_another_municipalitys_page_is_not_found(self, editor_client, asele):
        page = asele.site.root_page.add_child(instance=ContentPage(title="Åseles hemliga sida", slug="hemlig"))
        response = editor_client.get(f"/admin/bulk/wagtailcore/page/unpublish/?id={page.pk}", HTTP_HOST=HOST)
        assert response.status_code == 404
        assert "Åseles hemliga sida" not in response.content.decode()

    def test_the_confirm_page_for_another_municipalitys_image_is_not_found(self, editor_client, asele):
        image = _image(asele, "Åseles hemliga bild")
        response = editor_client.get(f"/admin/bulk/wagtailimages/image/delete/?id={image.pk}", HTTP_HOST=HOST)
        assert response.status_code == 404

    def test_the_confirm_page_for_another_municipalitys_document_is_not_found(self, editor_client, asele):
        from django.core.files.base import ContentFile

        document = get_document_model().objects.create(
            title="Åseles hemliga dokument", file=ContentFile(b"%PDF-1.4", name="h.pdf"), collection=asele.collection)
        response = editor_client.get(f"/admin/bulk/wagtaildocs/document/delete/?id={document.pk}", HTTP_HOST=HOST)
        assert response.status_code == 404

    def test_select_all_under_another_municipalitys_page_is_not_found(self, editor_client, asele):
        asele.site.root_page.add_child(instance=ContentPage(title="Åseles hemliga sida", slug="hemlig"))
        response = editor_client.get(
            f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={asele.site.root_page.pk}", HTTP_HOST=HOST)
        assert response.status_code == 404

    def test_the_own_municipalitys_page_still_has_its_confirm_page(self, editor_client, arvidsjaur):
        page = arvidsjaur.site.root_page.add_child(instance=ContentPage(title="Egen sida", slug="egen"))
        response = editor_client.get(f"/admin/bulk/wagtailcore/page/unpublish/?id={page.pk}", HTTP_HOST=HOST)
        assert response.status_code == 200
        assert "Egen sida" in response.content.decode()

    def test_a_malformed_id_is_not_found(self, editor_client):
        response = editor_client.get("/admin/bulk/wagtailcore/page/unpublish/?id=x%00", HTTP_HOST=HOST)
        assert response.status_code == 404


class UnpublishedCompanyTests:
    def test_the_edit_url_of_an_unpublished_company_is_not_found_for_others(self, client, arvidsjaur):
        company = make_company(arvidsjaur, published=False, legal_name="Dold Firma AB")
        client.force_login(make_user("nyfiken@example.org"))
        assert client.get(f"/foretag/{company.slug}/redigera/", HTTP_HOST=HOST).status_code == 404

    def test_anonymous_visitors_cannot_tell_an_unpublished_slug_from_a_missing_one(self, client, arvidsjaur):
        company = make_company(arvidsjaur, published=False, legal_name="Dold Firma AB")
        hidden = client.get(f"/foretag/{company.slug}/redigera/", HTTP_HOST=HOST)
        missing = client.get("/foretag/finns-inte/redigera/", HTTP_HOST=HOST)
        assert (hidden.status_code, hidden.get("Location", "").split("?")[0]) == (
            missing.status_code, missing.get("Location", "").split("?")[0])


class BulkActionMalformedIdTests:
    @pytest.mark.parametrize("query", ["id=%C2%B2", "id=99999999999999999999", "id=all&childOf=%C2%B2"])
    def test_a_platform_admin_gets_not_found_for_malformed_ids(self, client, arvidsjaur, query):
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        from tests.factories.accounts import make_superuser

        admin = make_superuser()
        TOTP.activate(admin, generate_totp_secret())
        client.force_login(admin)
        client.raise_request_exception = False
        response = client.get(f"/admin/bulk/wagtailcore/page/unpublish/?{query}", HTTP_HOST=HOST)
        assert response.status_code == 404
