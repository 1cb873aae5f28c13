"""The base form of every Wagtail image form (settings.WAGTAILIMAGES_IMAGE_FORM_BASE).

Wagtail builds its add, edit, chooser-upload, multiple-upload and API image forms from this base, so
every image an editor uploads goes through `core.uploads.clean_image_upload`, like company images:
sniffed, limited, turned upright and re-encoded without EXIF. Wagtail stores the original as uploaded
and serves it publicly under /media/original_images/, and renditions are made from it, so a phone
photo's GPS position would otherwise be published.
"""
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from wagtail.images.forms import BaseImageForm

from core.uploads import CleanImage, clean_image_upload

_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _cleaned_upload(original_name: str, clean: CleanImage) -> SimpleUploadedFile:
    """The cleaned bytes under the uploaded name (the extension of the format actually stored)."""
    extension = PurePath(clean.file.name).suffix.lstrip(".")
    name = f"{PurePath(original_name).stem or 'bild'}.{extension}"
    return SimpleUploadedFile(name, clean.file.read(), content_type=_CONTENT_TYPES[extension])


def _max_bytes() -> int:
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None) or 10 * 1024 * 1024


class CleanImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):  # no new file (editing title or tags only)
            return upload
        return _cleaned_upload(upload.name, clean_image_upload(upload, max_bytes=_max_bytes()))

    def save(self, commit=True):
        if "file" not in self.fields and self.instance._state.adding and self.instance.file:
            self._clean_file_stored_outside_the_form()
        return super().save(commit=commit)

    def _clean_file_stored_outside_the_form(self):
        """The multiple uploader's second step: when a field other than the file was invalid, Wagtail kept
        the upload as it came (wagtail.models.UploadedFile) and, once the editor has fixed the form,
        copies it into the new image before saving this form (which then has no file field)."""
        stored = self.instance.file
        with stored.open("rb"):
            clean = clean_image_upload(stored, max_bytes=_max_bytes())
        raw_name = stored.name
        cleaned = _cleaned_upload(raw_name, clean)
        stored.save(cleaned.name, cleaned, save=False)
        stored.storage.delete(raw_name)
        self.instance._set_image_file_metadata()
