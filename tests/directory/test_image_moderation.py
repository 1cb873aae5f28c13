"""A member's new logo or photo for a published profile waits for the office like any other change,
and the office's review shows the whole profile: published beside proposed, images included."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from directory import selectors, services
from municipalities.models import Locality, MunicipalityMembership, Role
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.municipalities import make_staff
from tests.support.images import image_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ASELE = "asele.localhost"


def upload(name="logo.png"):
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


@pytest.fixture
def carpenter(asele):
    return make_company(asele, published=True, org_number=ORG_NUMBERS[0])


def _owner(company):
    return company.members.get().user


def _moderator(company):
    """The municipality's moderator (make_company(published=True) already made one)."""
    membership = MunicipalityMembership.objects.filter(municipality=company.municipality, role=Role.MODERATOR).first()
    return membership.user if membership else make_staff(company.municipality, Role.MODERATOR,
                                                         email="granskare@example.org")


def _publish_first_logo(company):
    services.company_set_logo(actor=_moderator(company), company=company, upload=upload("gammal.png"))
    company.refresh_from_db()
    return company.logo


class LogoModerationTests:
    def test_a_members_new_logo_waits_and_the_published_logo_stays(self, carpenter):
        old_logo = _publish_first_logo(carpenter)
        services.company_set_logo(actor=_owner(carpenter), company=carpenter, upload=upload())
        carpenter.refresh_from_db()
        assert carpenter.logo == old_logo
        new_logo, _photos = selectors.company_pending_images(company=carpenter)
        assert new_logo is not None
        assert new_logo != old_logo
        assert carpenter in selectors.company_list_in_moderation(user=_moderator(carpenter))

    def test_approval_publishes_the_new_logo_and_removes_the_old_image(self, carpenter):
        old_logo = _publish_first_logo(carpenter)
        services.company_set_logo(actor=_owner(carpenter), company=carpenter, upload=upload())
        new_logo, _photos = selectors.company_pending_images(company=carpenter)
        services.company_approve(actor=_moderator(carpenter), company=carpenter)
        carpenter.refresh_from_db()
        assert carpenter.logo == new_logo
        assert carpenter.pending_changes is None
        assert not get_image_model().objects.filter(pk=old_logo.pk).exists()

    def test_rejection_discards_the_new_logo_and_keeps_the_published_one(self, carpenter):
        old_logo = _publish_first_logo(carpenter)
        services.company_set_logo(actor=_owner(carpenter), company=carpenter, upload=upload())
        new_logo, _photos = selectors.company_pending_images(company=carpenter)
        services.company_reject(actor=_moderator(carpenter), company=carpenter, reason="Logotypen är en annan firmas.")
        carpenter.refresh_from_db()
        assert carpenter.logo == old_logo
        assert carpenter.pending_changes is None
        assert not get_image_model().objects.filter(pk=new_logo.pk).exists()

    def test_staff_set_a_logo_directly(self, carpenter):
        moderator = _moderator(carpenter)
        services.company_set_logo(actor=moderator, company=carpenter, upload=upload())
        carpenter.refresh_from_db()
        assert carpenter.logo is not None
        assert carpenter.pending_changes is None

    def test_a_new_registrations_logo_is_part_of_the_profile_under_review(self, asele):
        company = make_company(asele, org_number=ORG_NUMBERS[1], legal_name="Ny Firma AB")
        services.company_set_logo(actor=_owner(company), company=company, upload=upload())
        company.refresh_from_db()
        assert company.logo is not None
        assert company.pending_changes is None
        assert not company.is_published

    def test_a_profile_edit_keeps_the_logo_waiting_for_review(self, carpenter):
        services.company_set_logo(actor=_owner(carpenter), company=carpenter, upload=upload())
        services.company_update(actor=_owner(carpenter), company=carpenter, phone="070-174 06 99")
        services.company_approve(actor=_moderator(carpenter), company=carpenter)
        carpenter.refresh_from_db()
        assert carpenter.logo is not None
        assert carpenter.phone == "070-174 06 99"


class PhotoModerationTests:
    def test_a_members_photo_is_on_the_profile_only_after_approval(self, client, carpenter):
        photo = services.company_add_photo(actor=_owner(carpenter), company=carpenter, upload=upload("altan.png"),
                                           alt_text="Nybyggd altan i lärkträ")
        assert photo is None
        assert carpenter.photos.count() == 0
        assert "Nybyggd altan" not in client.get(f"/foretag/{carpenter.slug}/", HTTP_HOST=ASELE).content.decode()
        services.company_approve(actor=_moderator(carpenter), company=carpenter)
        assert carpenter.photos.get().alt_text == "Nybyggd altan i lärkträ"
        page = client.get(f"/foretag/{carpenter.slug}/", HTTP_HOST=ASELE).content.decode()
        assert 'alt="Nybyggd altan i lärkträ"' in page

    def test_a_rejected_photo_is_discarded(self, carpenter):
        services.company_add_photo(actor=_owner(carpenter), company=carpenter, upload=upload("altan.png"),
                                   alt_text="Altan")
        _logo, [(image, _alt)] = selectors.company_pending_images(company=carpenter)
        services.company_reject(actor=_moderator(carpenter), company=carpenter, reason="Fel bild.")
        assert carpenter.photos.count() == 0
        assert not get_image_model().objects.filter(pk=image.pk).exists()

    def test_photos_waiting_for_review_count_towards_the_limit(self, carpenter, monkeypatch):
        monkeypatch.setattr(services, "MAX_PHOTOS", 1)
        services.company_add_photo(actor=_owner(carpenter), company=carpenter, upload=upload(), alt_text="Första")
        with pytest.raises(services.ValidationError) as error:
            services.company_add_photo(actor=_owner(carpenter), company=carpenter, upload=upload(), alt_text="Andra")
        assert "Högst 1 foton" in str(error.value.message_dict["photo"])


class ReviewPageTests:
    def test_the_review_shows_the_new_logo_beside_the_published_one(self, client, carpenter):
        _publish_first_logo(carpenter)
        services.company_set_logo(actor=_owner(carpenter), company=carpenter, upload=upload())
        client.force_login(_moderator(carpenter))
        page = client.get(f"/admin/foretag/{carpenter.pk}/", HTTP_HOST=ASELE).content.decode()
        assert re.search(r'<img [^>]*alt="Publicerad logotyp för Snickeri i Åsele AB"', page)
        assert re.search(r'<img [^>]*alt="Ny logotyp för Snickeri i Åsele AB"', page)

    def test_changed_fields_are_marked_with_old_and_new_in_words(self, client, asele, carpenter):
        fredrika = Locality.objects.create(municipality=asele, name="Fredrika", latitude=64.083, longitude=18.4)
        services.company_update(actor=_owner(carpenter), company=carpenter, website="https://snickeri.example.org",
                                localities=[fredrika], primary_sni="43320")
        client.force_login(_moderator(carpenter))
        page = client.get(f"/admin/foretag/{carpenter.pk}/", HTTP_HOST=ASELE).content.decode()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
        assert "Webbplats Ändrat Tidigare: – → Nytt: https://snickeri.example.org" in text
        assert "Orter där företaget verkar Ändrat Tidigare: – → Nytt: Fredrika" in text
        assert "2 uppgifter är ändrade" in text
        # Unchanged fields show too, with their names rather than codes: the office sees the whole profile.
        assert "43320 Byggnadssnickeriarbeten" in text
        assert "070-174 06 50" in text

    def test_a_new_registration_shows_the_whole_proposed_profile(self, client, asele):
        company = make_company(asele, org_number=ORG_NUMBERS[1], legal_name="Ny Firma AB",
                               street_address="Storgatan 1", crisis_resources=["generator"])
        services.company_set_logo(actor=_owner(company), company=company, upload=upload())
        client.force_login(_moderator(company))
        page = client.get(f"/admin/foretag/{company.pk}/", HTTP_HOST=ASELE).content.decode()
        assert "Föreslagen profil" in page
        assert "Storgatan 1" in page
        assert "Reservkraft/elverk" in page
        assert re.search(r'<img [^>]*alt="Ny logotyp för Ny Firma AB"', page)
        assert "Tidigare:" not in page


class ReviewQueuePanelTests:
    def test_a_waiting_logo_counts_in_the_directory_queue(self, client, carpenter):
        services.company_set_logo(actor=_owner(carpenter), company=carpenter, upload=upload())
        client.force_login(_moderator(carpenter))
        html = client.get("/admin/", HTTP_HOST=ASELE).content.decode()
        row = re.search(r'Företag att granska \(nya och ändrade\)</a></td>\s*<td>(?:<strong>)?([^<]+)', html)
        assert row
        assert row.group(1).strip() == "1"

    def test_the_queue_says_what_waits_new_logo_and_photos_included(self, client, carpenter, asele):
        owner = _owner(carpenter)
        services.company_set_logo(actor=owner, company=carpenter, upload=upload())
        for name in ("altan.png", "trappa.png"):
            services.company_add_photo(actor=owner, company=carpenter, upload=upload(name), alt_text="Vårt arbete")
        make_company(asele, org_number=ORG_NUMBERS[1], legal_name="Ny Firma AB")  # registered, never published
        client.force_login(_moderator(carpenter))
        html = client.get(reverse("directory_admin:queue"), HTTP_HOST=ASELE).content.decode()
        rows = dict(re.findall(r'>([^<]+)</a> \([^)]*\)</td>\s*<td>[^<]*</td>\s*<td>([^<]+)</td>', html))
        assert rows == {"Snickeri i Åsele AB": "Ny logotyp, 2 nya foton", "Ny Firma AB": "Ny registrering"}


class WithdrawPendingImageTests:
    def test_a_member_takes_back_a_waiting_photo_and_the_rest_still_waits(self, client, carpenter):
        owner = _owner(carpenter)
        services.company_set_logo(actor=owner, company=carpenter, upload=upload())
        services.company_add_photo(actor=owner, company=carpenter, upload=upload("altan.png"), alt_text="Altanen")
        _logo, photos = selectors.company_pending_images(company=carpenter)
        photo_image = photos[0][0]
        client.force_login(owner)
        page = client.get(f"/foretag/{carpenter.slug}/bilder/", HTTP_HOST=ASELE).content.decode()
        assert "Ta tillbaka den nya logotypen" in page
        assert 'Ta tillbaka fotot "Altanen"' in page
        response = client.post(f"/foretag/{carpenter.slug}/bilder/", {"action": "withdraw-image", "image": photo_image.pk},
                               HTTP_HOST=ASELE, follow=True)
        assert "Bilden är tagen tillbaka" in response.content.decode()
        assert not get_image_model().objects.filter(pk=photo_image.pk).exists()
        new_logo, photos = selectors.company_pending_images(company=carpenter)
        assert photos == []
        assert new_logo is not None
        assert selectors.company_list_in_moderation(user=_moderator(carpenter)).filter(pk=carpenter.pk).exists()

    def test_taking_back_the_only_waiting_change_leaves_nothing_to_review(self, client, carpenter):
        owner = _owner(carpenter)
        services.company_set_logo(actor=owner, company=carpenter, upload=upload())
        new_logo, _photos = selectors.company_pending_images(company=carpenter)
        assert services.company_withdraw_pending_image(actor=owner, company=carpenter, image_id=new_logo.pk) is True
        carpenter.refresh_from_db()
        assert carpenter.pending_changes is None
        assert not get_image_model().objects.filter(pk=new_logo.pk).exists()
        assert not selectors.company_list_in_moderation(user=_moderator(carpenter)).filter(pk=carpenter.pk).exists()

    def test_an_image_that_is_not_waiting_on_this_profile_cannot_be_taken_back(self, client, carpenter, asele):
        other = make_company(asele, published=True, org_number=ORG_NUMBERS[1], legal_name="Annan Firma AB")
        services.company_set_logo(actor=_owner(other), company=other, upload=upload())
        others_logo, _photos = selectors.company_pending_images(company=other)
        client.force_login(_owner(carpenter))
        response = client.post(f"/foretag/{carpenter.slug}/bilder/", {"action": "withdraw-image", "image": others_logo.pk},
                               HTTP_HOST=ASELE)
        assert response.status_code == 404
        assert get_image_model().objects.filter(pk=others_logo.pk).exists()
        other.refresh_from_db()
        assert other.pending_changes["logo"] == others_logo.pk
