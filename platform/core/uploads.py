"""Validation of files users upload. Nothing is trusted: not the name, not the declared type.

Images are sniffed by decoding them with Pillow (not by extension or Content-Type), limited in
bytes and pixels (a decompression bomb is refused before it is decoded), and re-encoded, which
drops EXIF and any other metadata (a phone photo's GPS position must not end up on the web)
and anything appended to the image data. Company images (directory) and every image uploaded in the
Wagtail admin (core.image_forms) come through here.
"""
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # e.g. 8000 x 5000
MAX_STORED_SIDE = 2400  # larger photos are scaled down before they are stored
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class CleanImage:
    file: ContentFile
    width: int
    height: int


def clean_image_upload(upload, *, max_bytes: int = MAX_IMAGE_BYTES) -> CleanImage:
    """A re-encoded copy of an uploaded JPEG, PNG or WebP image, or a Swedish ValidationError."""
    if upload.size > max_bytes:
        raise ValidationError(_("Bilden är för stor (högst %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)},
                              code="image_too_large")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("Bilden har för många pixlar. Förminska den och försök igen."),
                                      code="image_too_many_pixels")
            probe.verify()
        if kind not in ALLOWED_FORMATS:
            raise UnidentifiedImageError(kind)
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # keep the orientation the phone meant, then drop EXIF
            image.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE))
            return _encode(image, kind)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("Filen är ingen bild vi kan ta emot. Ladda upp en JPEG-, PNG- eller WebP-bild."),
                              code="image_invalid")


def _encode(image: Image.Image, kind: str) -> CleanImage:
    out = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "PNG", optimize=True)
    extension = ALLOWED_FORMATS[kind]
    return CleanImage(ContentFile(out.getvalue(), name=f"bild.{extension}"), image.width, image.height)
