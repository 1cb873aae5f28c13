"""Uploaded images are sniffed, limited and re-encoded; anything else is refused in Swedish."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import clean_image_upload
from tests.support.images import gps_exif, image_bytes


class ImageUploadTests:
    def test_a_photo_is_reencoded_without_its_gps_position(self):
        upload = SimpleUploadedFile("bild.jpg", image_bytes(exif=gps_exif()), content_type="image/jpeg")
        clean = clean_image_upload(upload)
        with Image.open(io.BytesIO(clean.file.read())) as stored:
            assert stored.format == "JPEG"
            assert dict(stored.getexif()) == {}
        assert (clean.width, clean.height) == (64, 48)

    def test_a_file_named_like_an_image_but_not_one_is_refused(self):
        upload = SimpleUploadedFile("bild.jpg", b"<?php echo 'hej'; ?>", content_type="image/jpeg")
        with pytest.raises(ValidationError) as error:
            clean_image_upload(upload)
        assert "ingen bild vi kan ta emot" in error.value.messages[0]

    def test_a_gif_is_refused_even_though_it_is_an_image(self):
        upload = SimpleUploadedFile("bild.gif", image_bytes("GIF"), content_type="image/gif")
        with pytest.raises(ValidationError):
            clean_image_upload(upload)

    def test_a_too_large_file_is_refused_before_it_is_decoded(self):
        upload = SimpleUploadedFile("stor.png", image_bytes("PNG"), content_type="image/png")
        with pytest.raises(ValidationError) as error:
            clean_image_upload(upload, max_bytes=10)
        assert "för stor" in error.value.messages[0]

    def test_a_huge_photo_is_scaled_down(self):
        upload = SimpleUploadedFile("stor.png", image_bytes("PNG", size=(5000, 100)), content_type="image/png")
        clean = clean_image_upload(upload)
        assert clean.width == 2400
