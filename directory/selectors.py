"""Every read of the company directory. Selectors take the municipality, never the request."""
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from directory.models import Company, CompanyClaim, CompanyRevision
from municipalities.models import Municipality


def company_list_published(*, municipality_ids: list[int]) -> QuerySet[Company]:
    return Company.objects.filter(municipality_id__in=municipality_ids, status=Company.Status.PUBLISHED)


def company_get_published(*, municipality: Municipality, slug: str) -> Company | None:
    return (Company.objects.select_related("municipality").prefetch_related("localities")
            .filter(municipality=municipality, slug=slug, status=Company.Status.PUBLISHED).first())


def company_get(*, municipality: Municipality, slug: str) -> Company | None:
    """Any status: the caller checks can_view_company / can_edit_company."""
    return (Company.objects.select_related("municipality").prefetch_related("localities")
            .filter(municipality=municipality, slug=slug).first())


# A profile its company has not confirmed (or changed) for this long is flagged as stale.
STALE_AFTER = timedelta(days=365)


def company_list_stale(*, now=None) -> QuerySet[Company]:
    now = now or timezone.now()
    return (Company.objects.filter(status=Company.Status.PUBLISHED)
            .annotate(last_confirmed=Coalesce("confirmed_at", "published_at", "created_at"))
            .filter(last_confirmed__lt=now - STALE_AFTER))


def company_list_stale_for_staff(*, user) -> QuerySet[Company]:
    return company_list_stale().filter(pk__in=Company.objects.for_staff(user).values("pk")).order_by("last_confirmed")


def company_list_for_member(*, user) -> QuerySet[Company]:
    return Company.objects.filter(members__user=user).select_related("municipality").order_by("legal_name")


def company_list_in_moderation(*, user) -> QuerySet[Company]:
    """New registrations and pending changes in the municipalities the user moderates."""
    return (Company.objects.for_staff(user)
            .filter(Q(status=Company.Status.PENDING) | Q(pending_changes__isnull=False))
            .select_related("municipality").order_by("created_at"))


def claim_list_in_moderation(*, user) -> QuerySet[CompanyClaim]:
    return (CompanyClaim.objects.for_staff(user).filter(status=CompanyClaim.Status.PENDING)
            .select_related("company", "user").order_by("created_at"))


def company_revision_list(*, company: Company) -> QuerySet[CompanyRevision]:
    return company.revisions.select_related("author")


def company_pending_images(*, company: Company):
    """The logo and photos a member proposed that wait for review: (logo image or None, [(image, alt text)]).
    Only images in the company's municipality collection, where the directory stores them."""
    from wagtail.images import get_image_model

    from directory.services import PENDING_LOGO, PENDING_PHOTOS

    pending = company.pending_changes or {}
    photos = list(pending.get(PENDING_PHOTOS) or [])
    ids = [pending.get(PENDING_LOGO)] + [photo.get("image") for photo in photos]
    images = get_image_model().objects.filter(collection=company.municipality.collection).in_bulk(
        [pk for pk in ids if pk])
    return (images.get(pending.get(PENDING_LOGO)),
            [(images[photo["image"]], photo.get("alt_text", "")) for photo in photos if photo.get("image") in images])
