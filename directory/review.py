"""What the business office sees when it reviews a profile: everything the public will see, as readable
text, with the published version beside the proposed one (a never-published profile is all proposal)."""
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory import selectors
from directory.models import SPOKEN_LANGUAGES, Company, CrisisResource
from directory.reference import sni_codes
from directory.services import (
    PENDING_IMAGE_KEYS,
    PENDING_LOGO,
    PENDING_PHOTOS,
    PROFILE_FIELDS,
    profile_snapshot,
    size_class_for,
)
from municipalities.models import Locality

# The order the office reads a profile in: who, what, how to reach them, where, facts, crisis resources.
REVIEW_FIELDS = (
    "legal_name", "trading_name", "legal_form", "primary_sni", "secondary_sni", "description", "products_services",
    "phone", "email", "website", "social_links", "opening_hours", "street_address", "postal_code", "postal_town",
    "latitude", "longitude", "localities", "languages", "employees", "turnover_band", "size_class", "founded_year",
    "woman_led", "crisis_resources", "crisis_visibility",
)
_CRISIS_FIELDS = ("crisis_resources", "crisis_visibility")


@dataclass(frozen=True)
class FieldRow:
    label: str
    old: str  # as published ('' when never published or empty)
    new: str  # as it will be published on approval
    changed: bool


@dataclass
class ProfileReview:
    is_new: bool  # never published: the whole profile is the proposal
    compare: bool  # published, with changes waiting: published and proposed side by side
    rows: list[FieldRow]
    old_logo: object = None
    new_logo: object = None
    photos: list = field(default_factory=list)  # [(image, alt text)] as published
    new_photos: list = field(default_factory=list)  # [(image, alt text)] proposed

    @property
    def changed_rows(self) -> list[FieldRow]:
        return [row for row in self.rows if row.changed]

    @property
    def logo_changed(self) -> bool:
        return self.new_logo is not None and not self.is_new


def profile_review(company: Company) -> ProfileReview:
    published = profile_snapshot(company)
    is_new = company.published_at is None
    pending = company.pending_changes or {}
    proposed = {**published, **{k: v for k, v in pending.items() if k in (*PROFILE_FIELDS, "localities")}}
    old = {} if is_new else published
    rows = _rows(company, old, proposed)
    photos = [(photo.image, photo.alt_text) for photo in company.photos.select_related("image")]
    new_logo, new_photos = selectors.company_pending_images(company=company)
    if is_new:  # what a new registration has is all proposal
        new_logo, new_photos, photos = new_logo or company.logo, photos + new_photos, []
    return ProfileReview(is_new=is_new, compare=not is_new and bool(pending), rows=rows,
                         old_logo=None if is_new else company.logo, new_logo=new_logo,
                         photos=photos, new_photos=new_photos)


def pending_summary(company: Company) -> str:
    """What waits, in a few words for the queue: a new registration, or which parts of a published
    profile change ("Ny logotyp, 2 nya foton, ändrade uppgifter")."""
    if company.published_at is None:
        return _("Ny registrering")
    pending = company.pending_changes or {}
    parts = []
    if pending.get(PENDING_LOGO):
        parts.append(_("Ny logotyp"))
    if photos := len(pending.get(PENDING_PHOTOS) or []):
        parts.append(ngettext("%(count)d nytt foto", "%(count)d nya foton", photos) % {"count": photos})
    if any(key not in PENDING_IMAGE_KEYS for key in pending):
        parts.append(_("ändrade uppgifter"))
    summary = ", ".join(parts) or _("Ändringar i publicerad profil")
    return summary[:1].upper() + summary[1:]


def _rows(company: Company, old: dict, new: dict) -> list[FieldRow]:
    for values in (old, new):
        if values:
            values["size_class"] = size_class_for(values.get("employees"), values.get("turnover_band") or "")
    has_crisis = bool(old.get("crisis_resources") or new.get("crisis_resources"))
    locality_ids = {*(old.get("localities") or []), *(new.get("localities") or [])}
    names = dict(Locality.objects.filter(municipality=company.municipality, pk__in=locality_ids)
                 .values_list("pk", "name"))
    rows = []
    for name in REVIEW_FIELDS:
        if name in _CRISIS_FIELDS and not has_crisis:
            continue
        before, after = _display(name, old.get(name), names), _display(name, new.get(name), names)
        rows.append(FieldRow(str(Company._meta.get_field(name).verbose_name), before, after,
                             changed=bool(old) and before != after))
    return rows


def _display(name: str, value, locality_names: dict) -> str:
    """A value as a reader understands it: names for codes and choices, '' for nothing."""
    if value in (None, "", []):
        return ""
    if name in ("primary_sni", "secondary_sni"):
        codes = sni_codes()
        return ", ".join(f"{code} {codes[code].title}" if code in codes else code
                         for code in ([value] if isinstance(value, str) else value))
    if name == "localities":
        return ", ".join(sorted(locality_names.get(pk, str(pk)) for pk in value))
    if name == "languages":
        return ", ".join(str(dict(SPOKEN_LANGUAGES).get(code, code)) for code in value)
    if name == "crisis_resources":
        return ", ".join(str(dict(CrisisResource.choices).get(code, code)) for code in value)
    if name == "woman_led":
        return _("Ja") if value else _("Nej")
    choices = dict(Company._meta.get_field(name).flatchoices)
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
