"""Every image an editor uploads in the Wagtail admin is stored without EXIF (a phone photo's GPS position
must not be served under /media/original_images/ or in renditions), upright as the phone meant it."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from municipalities.models import Role
from tests.factories.municipalities import make_staff
from tests.support.images import gps_exif

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"
ROTATED_90 = 6  # EXIF Orientation: the camera was held on its side; the pixels must be turned 90°


def phone_photo(name: str = "IMG_0042.jpg") -> SimpleUploadedFile:
    """A 64x48 JPEG with a GPS position, a camera make and 'rotate 90°' in its EXIF."""
    exif = Image.Exif()
    exif.load(gps_exif())
    exif[0x0112] = ROTATED_90
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _stored(image) -> Image.Image:
    image.file.open("rb")
    try:
        stored = Image.open(io.BytesIO(image.file.read()))
        stored.load()
        return stored
    finally:
        image.file.close()


def _assert_clean_and_upright(image) -> None:
    stored = _stored(image)
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}, "no GPS, camera or any other EXIF in the stored original"
    assert stored.size == (48, 64), "turned upright as the EXIF said, before the EXIF was dropped"
    assert (image.width, image.height) == (48, 64)
    assert image.file_size == image.file.size


@pytest.fixture
def editor(client, arvidsjaur):
    user = make_staff(arvidsjaur, Role.EDITOR)
    client.force_login(user)
    return user


class WagtailImageUploadTests:
    def test_single_upload_stores_the_photo_without_exif(self, client, arvidsjaur, editor):
        response = client.post("/admin/images/add/", {"title": "Hamnen", "file": phone_photo(),
                                                      "collection": arvidsjaur.collection.pk}, HTTP_HOST=HOST)
        assert response.status_code == 302, response.content.decode()[:2000]
        _assert_clean_and_upright(get_image_model().objects.get(title="Hamnen"))

    def test_multiple_upload_stores_the_photo_without_exif(self, client, arvidsjaur, editor):
        response = client.post("/admin/images/multiple/add/", {"files[]": phone_photo(), "title": "Torget",
                                                               "collection": arvidsjaur.collection.pk},
                               HTTP_HOST=HOST)
        assert response.status_code == 200
        assert response.json()["success"], response.json()
        _assert_clean_and_upright(get_image_model().objects.get(pk=response.json()["image_id"]))

    def test_an_upload_completed_in_a_second_step_is_cleaned_too(self, client, arvidsjaur, editor):
        """When another field of the multiple upload fails (here a too long title), Wagtail keeps the file
        as it came and creates the image from it once the editor has fixed the form."""
        response = client.post("/admin/images/multiple/add/", {"files[]": phone_photo(), "title": "x" * 300,
                                                               "collection": arvidsjaur.collection.pk},
                               HTTP_HOST=HOST)
        upload_id = response.json()["uploaded_file_id"]
        response = client.post(f"/admin/images/multiple/create_from_uploaded_image/{upload_id}/",
                               {f"uploaded-image-{upload_id}-title": "Kyrkan",
                                f"uploaded-image-{upload_id}-collection": arvidsjaur.collection.pk,
                                f"uploaded-image-{upload_id}-tags": ""},
                               HTTP_HOST=HOST)
        assert response.status_code == 200
        assert response.json()["success"], response.json()
        _assert_clean_and_upright(get_image_model().objects.get(title="Kyrkan"))
        assert not UploadedFile.objects.filter(pk=upload_id).exists()

    def test_replacing_the_file_of_an_image_cleans_the_new_file(self, client, arvidsjaur, editor):
        client.post("/admin/images/add/", {"title": "Hamnen", "file": phone_photo(),
                                           "collection": arvidsjaur.collection.pk}, HTTP_HOST=HOST)
        image = get_image_model().objects.get(title="Hamnen")
        response = client.post(f"/admin/images/{image.pk}/", {"title": "Hamnen", "file": phone_photo("ny.jpg"),
                                                             "collection": arvidsjaur.collection.pk},
                               HTTP_HOST=HOST)
        assert response.status_code == 302
        image.refresh_from_db()
        _assert_clean_and_upright(image)

    def test_a_gif_is_refused_in_swedish_by_its_name(self, client, arvidsjaur, editor):
        response = self._upload_gif(client, arvidsjaur, "a.gif")
        assert response.status_code == 200
        assert "Bildformatet stöds inte. Format som stöds: JPG, JPEG, PNG, WEBP." in response.content.decode()
        assert not get_image_model().objects.filter(title="Gif").exists()

    def test_a_gif_named_like_a_jpeg_is_refused_in_swedish_by_its_content(self, client, arvidsjaur, editor):
        response = self._upload_gif(client, arvidsjaur, "a.jpg")
        assert response.status_code == 200
        assert "Denna filändelse matchar inte filformatet (gif)" in response.content.decode()
        assert not get_image_model().objects.filter(title="Gif").exists()

    @staticmethod
    def _upload_gif(client, municipality, name):
        gif = io.BytesIO()
        Image.new("RGB", (8, 8)).save(gif, "GIF")
        return client.post("/admin/images/add/", {"title": "Gif", "collection": municipality.collection.pk,
                                                  "file": SimpleUploadedFile(name, gif.getvalue())}, HTTP_HOST=HOST)
