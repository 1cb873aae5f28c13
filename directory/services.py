"""Every write to the company directory: registration, claims, moderation, members, history."""
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.permissions import require
from directory import notifications, tasks
from directory.models import (
    Company,
    CompanyClaim,
    CompanyInvitation,
    CompanyMember,
    CompanyRevision,
    DirectorySettings,
    SizeClass,
    TurnoverBand,
)
from directory.permissions import (
    can_edit_company,
    can_manage_company_members,
    can_moderate_company,
    can_register_company,
)
from directory.validators import normalise_org_number
from municipalities.models import Locality, Municipality
from municipalities.permissions import can_edit_municipality, can_moderate_in_municipality

STALE_REMIND_EVERY = timedelta(days=30)

# The fields a company edits; a revision snapshots exactly these (localities as ids).
PROFILE_FIELDS = (
    "legal_name", "trading_name", "legal_form", "primary_sni", "secondary_sni", "employees", "turnover_band",
    "street_address", "postal_code", "postal_town", "latitude", "longitude", "phone", "email", "website",
    "social_links", "opening_hours", "description", "products_services", "languages", "woman_led",
    "founded_year", "crisis_resources", "crisis_visibility",
)

# Keys of pending_changes for images that wait for review: the new logo's image id, and the new photos as
# {"image": id, "alt_text": ...}. The images are stored but shown on the profile only once approved.
PENDING_LOGO = "logo"
PENDING_PHOTOS = "photos"
PENDING_IMAGE_KEYS = (PENDING_LOGO, PENDING_PHOTOS)

# EU recommendation 2003/361: (class, employees below, turnover band at most).
_SIZE_LIMITS = (
    (SizeClass.MICRO, 10, TurnoverBand.UP_TO_2M),
    (SizeClass.SMALL, 50, TurnoverBand.UP_TO_10M),
    (SizeClass.MEDIUM, 250, TurnoverBand.UP_TO_50M),
)
_BAND_ORDER = [TurnoverBand.UP_TO_2M, TurnoverBand.UP_TO_10M, TurnoverBand.UP_TO_50M, TurnoverBand.OVER_50M]


def size_class_for(employees: int | None, turnover_band: str) -> str:
    """The EU size class, or '' when the head count is unknown. A missing band counts as the smallest."""
    if employees is None:
        return ""
    band = _BAND_ORDER.index(turnover_band) if turnover_band else 0
    for size_class, employee_limit, band_limit in _SIZE_LIMITS:
        if employees < employee_limit and band <= _BAND_ORDER.index(band_limit):
            return size_class
    return SizeClass.LARGE


def directory_settings_for(municipality: Municipality) -> DirectorySettings:
    settings, _created = DirectorySettings.objects.get_or_create(municipality=municipality)
    return settings


@transaction.atomic
def directory_settings_update(*, actor, municipality: Municipality, moderate_changes: bool) -> DirectorySettings:
    require(can_edit_municipality(actor, municipality))
    settings = directory_settings_for(municipality)
    settings.moderate_changes = moderate_changes
    settings.save()
    return settings


def _unique_slug(municipality: Municipality, name: str, exclude_pk=None) -> str:
    base = slugify(name)[:100] or "foretag"
    slug, n = base, 2
    while Company.objects.filter(municipality=municipality, slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def profile_snapshot(company: Company) -> dict:
    data = {name: getattr(company, name) for name in PROFILE_FIELDS}
    data["localities"] = sorted(company.localities.values_list("pk", flat=True)) if company.pk else []
    return data


def _apply_profile(company: Company, data: dict) -> None:
    """Set profile fields from data, validate everything, save, then set localities."""
    localities = data.get("localities")
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(company, name, data[name])
    company.org_number = normalise_org_number(company.org_number)
    company.size_class = size_class_for(company.employees, company.turnover_band)
    company.full_clean(exclude=["slug"] if not company.slug else None)
    company.save()
    if localities is not None:
        company.localities.set(Locality.objects.filter(pk__in=[getattr(x, "pk", x) for x in localities]))


def _record_revision(company: Company, actor, note: str) -> CompanyRevision:
    return CompanyRevision.objects.create(
        municipality=company.municipality, company=company, data=_jsonable(profile_snapshot(company)),
        author=actor if actor and actor.is_authenticated else None, note=note,
    )


def _jsonable(data: dict) -> dict:
    return {k: (str(v) if hasattr(v, "pk") else v) for k, v in data.items()}


@transaction.atomic
def company_register(*, actor, municipality: Municipality, org_number: str, **profile) -> Company:
    """A logged-in user registers a new company; it waits in the office's moderation queue."""
    require(can_register_company(actor))
    company = Company(municipality=municipality, org_number=normalise_org_number(org_number),
                      status=Company.Status.PENDING)
    company.slug = _unique_slug(municipality, profile.get("trading_name") or profile.get("legal_name", ""))
    _apply_profile(company, profile)
    CompanyMember.objects.create(company=company, user=actor, role=CompanyMember.Role.OWNER)
    _record_revision(company, actor, _("Registrerad"))
    transaction.on_commit(lambda: notifications.office_new_registration(company))
    return company


def changes_wait_for_review(*, actor, company: Company) -> bool:
    """Whether the actor's change to this profile (fields, logo, photos) waits for the office's approval:
    a published profile, a municipality that reviews changes, and an actor who is not its moderator."""
    return bool(company.is_published and directory_settings_for(company.municipality).moderate_changes
                and not can_moderate_company(actor, company))


def _pending_images(company: Company) -> dict:
    return {key: value for key, value in (company.pending_changes or {}).items() if key in PENDING_IMAGE_KEYS}


@transaction.atomic
def company_update(*, actor, company: Company, **profile) -> Company:
    """A member edits the profile. Published profiles may need the office's approval first."""
    require(can_edit_company(actor, company))
    if changes_wait_for_review(actor=actor, company=company):
        candidate = Company.objects.get(pk=company.pk)
        for name in PROFILE_FIELDS:  # validate the proposal without saving it
            if name in profile:
                setattr(candidate, name, profile[name])
        candidate.full_clean()
        # A new proposal replaces the earlier one's fields; images waiting for review stay in the queue.
        company.refresh_from_db(fields=["pending_changes"])
        company.pending_changes = {**_pending_images(company),
                                   **_jsonable({**profile_snapshot(company), **_proposal(profile)})}
        company.save(update_fields=["pending_changes", "updated_at"])
        transaction.on_commit(lambda: notifications.office_changes_pending(company))
        return company
    _apply_profile(company, profile)
    if company.status == Company.Status.CHANGES_REQUESTED:
        company.status = Company.Status.PENDING
        company.save(update_fields=["status", "updated_at"])
    _record_revision(company, actor, _("Ändrad"))
    return company


def _proposal(profile: dict) -> dict:
    data = {k: v for k, v in profile.items() if k in PROFILE_FIELDS}
    if "localities" in profile:
        data["localities"] = sorted(getattr(x, "pk", x) for x in profile["localities"])
    return data


@transaction.atomic
def company_approve(*, actor, company: Company) -> Company:
    """Publish a new registration, or apply a published profile's pending changes."""
    require(can_moderate_company(actor, company))
    replaced_logo = None
    if company.pending_changes:
        pending = company.pending_changes
        _apply_profile(company, pending)
        replaced_logo = _publish_pending_images(company, pending)
        company.pending_changes = None
        note = _("Ändringar godkända")
    else:
        note = _("Godkänd och publicerad")
    company.status = Company.Status.PUBLISHED
    company.published_at = company.published_at or timezone.now()
    company.confirmed_at = company.confirmed_at or timezone.now()
    company.moderation_note = ""
    company.save()
    if replaced_logo is not None:
        replaced_logo.delete()
    _record_revision(company, actor, note)
    transaction.on_commit(lambda: notifications.members_approved(company))
    return company


@transaction.atomic
def company_reject(*, actor, company: Company, reason: str) -> Company:
    """Refuse a registration (or a published profile's pending changes); the reason is e-mailed."""
    require(can_moderate_company(actor, company))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv en motivering. Den skickas till företaget.")})
    if company.pending_changes:
        _discard_pending_images(company, company.pending_changes)  # the published logo and photos stay
        company.pending_changes = None
    else:
        company.status = Company.Status.REJECTED
    company.moderation_note = reason
    company.save()
    _record_revision(company, actor, _("Avslagen: %(reason)s") % {"reason": reason[:150]})
    transaction.on_commit(lambda: notifications.members_rejected(company, reason))
    return company


@transaction.atomic
def company_request_changes(*, actor, company: Company, message: str) -> Company:
    require(can_moderate_company(actor, company))
    if not message.strip():
        raise ValidationError({"message": _("Skriv vad företaget behöver komplettera.")})
    if not company.is_published:
        company.status = Company.Status.CHANGES_REQUESTED
    company.moderation_note = message
    company.save()
    transaction.on_commit(lambda: notifications.members_changes_requested(company, message))
    return company


@transaction.atomic
def company_mark_verified(*, actor, company: Company, verified: bool = True) -> Company:
    require(can_moderate_company(actor, company))
    company.verified_at = timezone.now() if verified else None
    company.save(update_fields=["verified_at", "updated_at"])
    return company


@transaction.atomic
def company_confirm(*, actor, company: Company) -> Company:
    """The company confirms its profile is still correct (resets the 12-month staleness clock)."""
    require(can_edit_company(actor, company))
    company.confirmed_at = timezone.now()
    company.stale_reminded_at = None
    company.save(update_fields=["confirmed_at", "stale_reminded_at", "updated_at"])
    return company


def companies_remind_stale(*, now=None) -> int:
    """E-mail the members of each stale profile, at most once a month (flag_stale_companies, hourly 09–17)."""
    from directory.selectors import company_list_stale

    now = now or timezone.now()
    reminded = 0
    due = company_list_stale(now=now).filter(
        models.Q(stale_reminded_at__isnull=True) | models.Q(stale_reminded_at__lt=now - STALE_REMIND_EVERY))
    for company in due.select_related("municipality"):
        notifications.members_stale_reminder(company)
        Company.objects.filter(pk=company.pk).update(stale_reminded_at=now)
        reminded += 1
    return reminded


@transaction.atomic
def company_rollback(*, actor, revision: CompanyRevision) -> Company:
    company = revision.company
    require(can_moderate_company(actor, company))
    _apply_profile(company, dict(revision.data))
    _record_revision(company, actor, _("Återställd till versionen från %(when)s") % {
        "when": timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")})
    return company


@transaction.atomic
def company_claim(*, actor, org_number: str, message: str = "") -> CompanyClaim:
    """Ask to take over an existing profile; the company's office decides."""
    require(can_register_company(actor))
    company = Company.objects.filter(org_number=normalise_org_number(org_number)).first()
    if company is None:
        raise ValidationError({"org_number": _("Inget företag med det organisationsnumret finns i registret. "
                                               "Registrera det i stället.")})
    claim, _created = CompanyClaim.objects.get_or_create(
        company=company, user=actor, status=CompanyClaim.Status.PENDING,
        defaults={"municipality": company.municipality, "message": message},
    )
    transaction.on_commit(lambda: notifications.office_new_claim(claim))
    return claim


@transaction.atomic
def claim_approve(*, actor, claim: CompanyClaim) -> CompanyClaim:
    require(can_moderate_company(actor, claim.company))
    claim.status, claim.decided_by = CompanyClaim.Status.APPROVED, actor
    claim.save()
    CompanyMember.objects.update_or_create(company=claim.company, user=claim.user,
                                           defaults={"role": CompanyMember.Role.OWNER})
    _record_revision(claim.company, actor, _("Anspråk godkänt för %(user)s") % {"user": claim.user.email})
    transaction.on_commit(lambda: notifications.claimant_decided(claim))
    return claim


@transaction.atomic
def claim_reject(*, actor, claim: CompanyClaim, reason: str) -> CompanyClaim:
    require(can_moderate_company(actor, claim.company))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv en motivering. Den skickas till den som gjort anspråket.")})
    claim.status, claim.decided_by, claim.reason = CompanyClaim.Status.REJECTED, actor, reason
    claim.save()
    transaction.on_commit(lambda: notifications.claimant_decided(claim))
    return claim


@transaction.atomic
def member_invite(*, actor, company: Company, email: str) -> CompanyInvitation:
    """Invite a colleague; they become a member once they log in with that verified address."""
    require(can_manage_company_members(actor, company))
    invitation, _created = CompanyInvitation.objects.get_or_create(
        company=company, email=email.strip().lower(), defaults={"invited_by": actor})
    invitation.full_clean()
    transaction.on_commit(lambda: notifications.invitation_sent(invitation))
    return invitation


@transaction.atomic
def invitations_accept_for(*, user, email: str) -> list[CompanyMember]:
    """Called when a user verifies an e-mail address: open invitations to it become memberships."""
    members = []
    for invitation in CompanyInvitation.objects.filter(email=email.lower(), accepted_at__isnull=True):
        member, _created = CompanyMember.objects.get_or_create(company=invitation.company, user=user)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
        members.append(member)
    return members


@transaction.atomic
def member_remove(*, actor, member: CompanyMember) -> None:
    require(can_manage_company_members(actor, member.company))
    owners = member.company.members.filter(role=CompanyMember.Role.OWNER)
    if member.role == CompanyMember.Role.OWNER and owners.count() == 1:
        raise ValidationError(_("Företaget måste ha minst en ägare. Utse en ny ägare först."))
    member.delete()


def localities_ensure(*, municipality: Municipality) -> list[Locality]:
    """The municipality's towns and villages from the shipped reference list (idempotent)."""
    from directory.reference import localities_by_municipality

    result = []
    for name, lat, lon in localities_by_municipality().get(municipality.code, []):
        locality, _created = Locality.objects.get_or_create(
            municipality=municipality, name=name, defaults={"latitude": lat, "longitude": lon})
        result.append(locality)
    return result


def _import_one(*, actor, municipality: Municipality, data: dict) -> str:
    """'created', 'updated' or 'unchanged'. Imported profiles are the office's own: published at once."""
    from directory.importing import IMPORTED_FIELDS, OPTIONAL_IMPORTED_FIELDS

    wanted = {name: data.get(name, "") if name != "employees" else data.get(name) for name in IMPORTED_FIELDS}
    wanted.update({name: data[name] for name in OPTIONAL_IMPORTED_FIELDS if data.get(name)})
    wanted_localities = sorted(loc.pk for loc in data.get("localities", []))
    company = Company.objects.filter(municipality=municipality, org_number=data["org_number"]).first()
    if company is None:
        company = Company(municipality=municipality, org_number=data["org_number"], status=Company.Status.PUBLISHED,
                          published_at=timezone.now())
        company.slug = _unique_slug(municipality, data.get("trading_name") or data["legal_name"])
        _apply_profile(company, {**wanted, "localities": wanted_localities})
        _record_revision(company, actor, _("Importerad"))
        return "created"
    current = profile_snapshot(company)
    changed = {k: v for k, v in wanted.items() if current.get(k) != v}
    if wanted_localities and wanted_localities != current["localities"]:
        changed["localities"] = wanted_localities
    if not changed:
        return "unchanged"
    _apply_profile(company, changed)
    _record_revision(company, actor, _("Uppdaterad vid import"))
    return "updated"


def company_import(*, actor, municipality: Municipality, rows: list[tuple[int, dict]], progress=None):
    """Write previewed rows, each in its own transaction: a row that fails never undoes the others.

    `progress(done, total)` is called every 50 rows (the admin shows a progress bar)."""
    from directory.importing import ImportResult, RowError

    require(can_moderate_in_municipality(actor, municipality))
    result = ImportResult()
    for done, (number, data) in enumerate(rows, start=1):
        try:
            with transaction.atomic():
                outcome = _import_one(actor=actor, municipality=municipality, data=data)
            setattr(result, outcome, getattr(result, outcome) + 1)
        except ValidationError as error:
            result.failed.append(RowError(number, data.get("org_number", ""), error.messages))
        if progress and (done % 50 == 0 or done == len(rows)):
            progress(done, len(rows))
    return result


@transaction.atomic
def company_import_upload(*, actor, municipality: Municipality, content: bytes, file_name: str):
    """Keep an uploaded list and return (the stored upload, its preview). Nothing else is written."""
    from directory.importing import import_preview
    from directory.models import CompanyImport

    require(can_moderate_in_municipality(actor, municipality))
    preview = import_preview(content=content, filename=file_name, municipality=municipality)
    upload = CompanyImport.objects.create(
        municipality=municipality, file_name=file_name[:200], content=content, created_by=actor,
        total_rows=len(preview.rows), errors=[vars(e) for e in preview.errors],
        status=CompanyImport.Status.PREVIEWED if preview.ok else CompanyImport.Status.FAILED,
    )
    return upload, preview


def company_import_run(*, actor, upload) -> None:
    """Import a previewed upload's good rows, recording progress on the upload as it goes."""
    from directory.importing import import_preview
    from directory.models import CompanyImport

    require(can_moderate_in_municipality(actor, upload.municipality))
    preview = import_preview(content=bytes(upload.content), filename=upload.file_name, municipality=upload.municipality)
    CompanyImport.objects.filter(pk=upload.pk).update(status=CompanyImport.Status.RUNNING, total_rows=len(preview.rows),
                                                      processed_rows=0)

    def progress(done, total):
        CompanyImport.objects.filter(pk=upload.pk).update(processed_rows=done)

    try:
        result = company_import(actor=actor, municipality=upload.municipality, rows=preview.rows, progress=progress)
    except Exception:
        CompanyImport.objects.filter(pk=upload.pk).update(status=CompanyImport.Status.FAILED)
        raise
    CompanyImport.objects.filter(pk=upload.pk).update(
        status=CompanyImport.Status.DONE, processed_rows=len(preview.rows), created_count=result.created,
        updated_count=result.updated, unchanged_count=result.unchanged,
        errors=[vars(e) for e in preview.errors + result.failed],
    )


def company_import_start(*, actor, upload) -> bool:
    """Start importing a previewed upload; False when it is not waiting to start (running, done or failed).

    The status changes first, in one conditional update, so a second click cannot start it twice. The work
    is queued for the background worker while the admin page polls (inline when DIRECTORY_IMPORTS_INLINE).
    """
    from directory.models import CompanyImport

    require(can_moderate_in_municipality(actor, upload.municipality))
    waiting = CompanyImport.objects.filter(pk=upload.pk, status=CompanyImport.Status.PREVIEWED)
    if not waiting.update(status=CompanyImport.Status.RUNNING):
        return False
    upload.status = CompanyImport.Status.RUNNING
    if settings.DIRECTORY_IMPORTS_INLINE:
        company_import_run(actor=actor, upload=upload)
    else:
        tasks.company_import_run.enqueue(upload.pk, actor.pk)
    return True


@transaction.atomic
def company_merge(*, actor, keep: Company, duplicate: Company) -> Company:
    """Fold a duplicate profile into `keep`: members, claims and history move over, empty fields of
    `keep` are filled from the duplicate, and the duplicate is deleted. Both must be in the same municipality."""
    require(can_moderate_company(actor, keep) and can_moderate_company(actor, duplicate))
    if keep.pk == duplicate.pk or keep.municipality_id != duplicate.municipality_id:
        raise ValidationError(_("Välj ett annat företag i samma kommun att slå ihop med."))
    for member in duplicate.members.all():
        CompanyMember.objects.get_or_create(company=keep, user=member.user, defaults={"role": member.role})
    duplicate.claims.update(company=keep)
    duplicate.revisions.update(company=keep)
    missing = {name: getattr(duplicate, name) for name in PROFILE_FIELDS
               if getattr(keep, name) in ("", None, []) and getattr(duplicate, name) not in ("", None, [])}
    localities = set(keep.localities.values_list("pk", flat=True)) | set(
        duplicate.localities.values_list("pk", flat=True))
    note = _("Sammanslagen med %(name)s (%(org)s)") % {"name": duplicate.legal_name, "org": duplicate.org_number}
    _discard_pending_images(duplicate, duplicate.pending_changes or {})
    duplicate.delete()
    _apply_profile(keep, {**missing, "localities": sorted(localities)})
    _record_revision(keep, actor, note)
    return keep


MAX_PHOTOS = 8


def _store_image(*, company: Company, upload, title: str):
    """Validate, re-encode and store an upload in the company's municipality collection."""
    from wagtail.images import get_image_model

    from core.uploads import clean_image_upload

    clean = clean_image_upload(upload)
    image = get_image_model()(title=title[:255], file=clean.file, width=clean.width, height=clean.height,
                              collection=company.municipality.collection)
    image.save()
    return image


def _pending_photos(pending: dict) -> list[dict]:
    return list(pending.get(PENDING_PHOTOS) or [])


def _discard_pending_images(company: Company, pending: dict) -> None:
    """Delete the stored images of a proposal that will never be published."""
    _delete_images(company, [pending.get(PENDING_LOGO)] + [photo.get("image") for photo in _pending_photos(pending)])


def _delete_images(company: Company, ids) -> None:
    """Delete stored images by id: only the directory's own, in the company's municipality collection."""
    from wagtail.images import get_image_model

    get_image_model().objects.filter(collection=company.municipality.collection,
                                     pk__in=[pk for pk in ids if pk]).delete()


def _publish_pending_images(company: Company, pending: dict):
    """Put an approved logo and photos on the profile; returns the replaced logo, deleted after saving."""
    from wagtail.images import get_image_model

    from directory.models import CompanyPhoto

    images = get_image_model().objects.filter(collection=company.municipality.collection)
    replaced = None
    logo = images.filter(pk=pending.get(PENDING_LOGO) or 0).first()
    if logo is not None:
        replaced, company.logo = company.logo, logo
    for photo in _pending_photos(pending):
        image = images.filter(pk=photo.get("image") or 0).first()
        if image is not None:  # an image removed from the media library meanwhile is skipped
            CompanyPhoto.objects.create(company=company, image=image, alt_text=photo.get("alt_text", ""),
                                        sort_order=company.photos.count())
    return replaced


def _propose_images(company: Company, *, logo_id: int | None = None, photo: dict | None = None) -> None:
    """Add a logo or a photo to the proposal waiting for review, keeping the proposal's other changes."""
    company.refresh_from_db(fields=["pending_changes"])
    pending = dict(company.pending_changes or {})
    if logo_id is not None:
        _discard_pending_images(company, {PENDING_LOGO: pending.get(PENDING_LOGO)})  # only the latest proposed logo counts
        pending[PENDING_LOGO] = logo_id
    if photo is not None:
        pending[PENDING_PHOTOS] = [*_pending_photos(pending), photo]
    company.pending_changes = pending
    company.save(update_fields=["pending_changes", "updated_at"])
    transaction.on_commit(lambda: notifications.office_changes_pending(company))


@transaction.atomic
def company_set_logo(*, actor, company: Company, upload) -> Company:
    """A new logo. A member's logo for a published profile waits for review; the published one stays meanwhile."""
    require(can_edit_company(actor, company))
    image = _store_image(company=company, upload=upload, title=_("Logotyp för %(name)s") % {
        "name": company.display_name})
    if changes_wait_for_review(actor=actor, company=company):
        _propose_images(company, logo_id=image.pk)
        return company
    old = company.logo
    company.logo = image
    company.save(update_fields=["logo", "updated_at"])
    if old is not None:
        old.delete()
    return company


@transaction.atomic
def company_add_photo(*, actor, company: Company, upload, alt_text: str):
    """Add a photo; returns it, or None when it waits for review (a member's photo for a published profile)."""
    from directory.models import CompanyPhoto

    require(can_edit_company(actor, company))
    if not alt_text.strip():
        raise ValidationError({"alt_text": _("Beskriv kort vad bilden visar.")})
    company.refresh_from_db(fields=["pending_changes"])
    if company.photos.count() + len(_pending_photos(company.pending_changes or {})) >= MAX_PHOTOS:
        raise ValidationError({"photo": _("Högst %(max)s foton per företag. Ta bort ett först.") % {"max": MAX_PHOTOS}})
    image = _store_image(company=company, upload=upload, title=alt_text)
    if changes_wait_for_review(actor=actor, company=company):
        _propose_images(company, photo={"image": image.pk, "alt_text": alt_text.strip()})
        return None
    return CompanyPhoto.objects.create(company=company, image=image, alt_text=alt_text.strip(),
                                       sort_order=company.photos.count())


@transaction.atomic
def company_withdraw_pending_image(*, actor, company: Company, image_id: int) -> bool:
    """Take back a logo or photo still waiting for review: it is deleted, and the rest of the proposal still
    waits (nothing, if it was all). False when no waiting image of this company has that id."""
    require(can_edit_company(actor, company))
    company.refresh_from_db(fields=["pending_changes"])
    pending = dict(company.pending_changes or {})
    photos = _pending_photos(pending)
    remaining = [photo for photo in photos if photo.get("image") != image_id]
    if image_id and pending.get(PENDING_LOGO) == image_id:
        pending.pop(PENDING_LOGO)
    elif image_id and len(remaining) < len(photos):
        pending[PENDING_PHOTOS] = remaining
        if not remaining:
            pending.pop(PENDING_PHOTOS)
    else:
        return False
    _delete_images(company, [image_id])
    company.pending_changes = pending or None
    company.save(update_fields=["pending_changes", "updated_at"])
    return True


@transaction.atomic
def company_remove_photo(*, actor, photo) -> None:
    require(can_edit_company(actor, photo.company))
    image = photo.image
    photo.delete()
    image.delete()
