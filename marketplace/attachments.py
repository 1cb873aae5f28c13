"""Private PDF attachments of listings and answers: checked by their first bytes, stored in the database with
their parent's write (`AttachmentContent`), and served only by `attachment_views` after
`permissions.can_download_attachment`. Every upload of a request is read and checked before anything is
written, so a bid with one bad file is refused whole."""
import os
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from marketplace.models import AttachmentContent, ListingAttachment

MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


class CheckedPdf:
    """An upload read and found to be a PDF within the size limit."""

    def __init__(self, *, data: bytes, filename: str, title: str):
        self.data, self.filename, self.title = data, filename, title


def safe_filename(name: str) -> str:
    """The uploaded name reduced to letters, digits, dot, dash and underscore, always ending in .pdf — it is
    echoed in Content-Disposition, so nothing of it may reach a header unescaped."""
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:100]
    return f"{stem or 'bilaga'}.pdf"


def title_from_filename(name: str) -> str:
    stem = os.path.splitext(os.path.basename(name or ""))[0].replace("_", " ").strip()
    return (stem or _("Bilaga"))[:200]


def read_pdf(upload, *, field: str = "file", title: str = "") -> CheckedPdf:
    """Read an upload whole and refuse it unless it is a PDF of at most MAX_BYTES (the name and the declared
    type prove nothing; a PDF starts with its magic bytes)."""
    too_big = ValidationError({field: _("Filen %(name)s är för stor (högst %(mb)s MB).") % {
        "name": upload.name, "mb": MAX_BYTES // (1024 * 1024)}})
    if upload.size > MAX_BYTES:
        raise too_big
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise too_big
    if not data.startswith(PDF_MAGIC):
        raise ValidationError({field: _("Filen %(name)s är ingen PDF. Spara dokumentet som PDF och försök igen.")
                               % {"name": upload.name}})
    return CheckedPdf(data=data, filename=safe_filename(upload.name), title=title or title_from_filename(upload.name))


def store(pdf: CheckedPdf, *, listing=None, answer=None) -> ListingAttachment:
    """Write one checked PDF under its listing or answer (the caller holds the transaction)."""
    attachment = ListingAttachment.objects.create(listing=listing, answer=answer, title=pdf.title[:200],
                                                  filename=pdf.filename, size=len(pdf.data))
    AttachmentContent.objects.create(attachment=attachment, data=pdf.data)
    return attachment
