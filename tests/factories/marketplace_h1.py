"""Owners of listings for the owner-side and moderation tests: a published company with its member, a
platform owner's hub with its manager, and small file uploads (an image, a PDF, a fake)."""
import io

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from municipalities.models import PlatformOwner
from tests.factories.accounts import make_user
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.marketplace import make_hub

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_member_company(municipality, *, email: str | None = None, number: int = 0, **profile):
    """A published company and the user who is its member."""
    member = make_user(email or f"medlem{number}.{municipality.slug}@example.org")
    company = make_company(municipality, owner=member, published=True, org_number=ORG_NUMBERS[number], **profile)
    return company, member


def make_managed_hub(municipality, *, email: str | None = None, spans=(), **fields):
    """A platform owner's hub and a member of the platform owner (who manages the hub)."""
    manager = make_user(email or f"hubb.{municipality.slug}@example.org")
    owner = PlatformOwner.objects.create(name=fields.pop("owner_name", "Vindkraft Nord AB"),
                                         kind=PlatformOwner.Kind.COMPANY)
    owner.members.add(manager)
    TOTP.activate(manager, generate_totp_secret())  # a platform owner's members need a second factor
    return make_hub(municipality, owner_platform=owner, spans=spans, **fields), manager


def image_upload(name: str = "bild.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf_upload(name: str = "underlag.pdf", data: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")
