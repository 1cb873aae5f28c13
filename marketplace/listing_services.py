"""Every write to listings from their owners' and moderators' side: create, update, submit, withdraw and renew
a listing; a call's items and status; photos and PDF attachments; approval, rejection and withdrawal by the
municipality's moderators; reports from visitors and how moderators handle them; expiry reminders.

Who may own a listing in a municipality: a published company of that municipality (its members act), a hub
that spans the municipality (its managers act), or the municipality itself (its editors act). E-mails go
out on commit (marketplace.notifications)."""
import logging
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import require
from marketplace import attachments, notifications
from marketplace.models import (
    CALL_TRANSITIONS,
    CallItem,
    CallStatus,
    Listing,
    ListingAttachment,
    ListingKind,
    ListingPhoto,
    ListingReport,
    ListingStatus,
    MarketplaceSettings,
)
from marketplace.permissions import (
    can_create_listing_for_company,
    can_create_listing_for_hub,
    can_create_municipality_listing,
    can_edit_listing,
    can_handle_report,
    can_moderate_listing,
    can_report_listing,
)

logger = logging.getLogger(__name__)

# What an owner may set on a listing (kind, owner, status and moderation fields are never among them).
EDITABLE_FIELDS = (
    "title", "description", "category", "sni_codes", "audience", "expires_on", "price_amount", "price_unit",
    "price_on_request", "locality", "latitude", "longitude", "contact_name", "contact_email", "contact_phone",
    "answer_deadline", "delivery_place", "starts_at", "ends_at", "venue",
)
ITEM_FIELDS = ("description", "sni_code", "cpv_code", "quantity", "unit", "delivery_place")
PRICED_KINDS = (ListingKind.OFFER, ListingKind.RESOURCE, ListingKind.REUSE)
MAX_PHOTOS = 6
MAX_ITEMS = 50
MAX_ATTACHMENTS = 10
# Status changes an owner makes; awarding (closed -> awarded) belongs to the conversations part.
OWNER_CALL_STATUSES = {CallStatus.OPEN, CallStatus.CLOSED}


class ItemsValidationError(ValidationError):
    """A call item was invalid: `item_errors` maps the item's index to {field: [messages]} so a form set can
    show each message at its item; the error itself carries them under "items" for everything else."""

    def __init__(self, item_errors: dict[int, dict[str, list[str]]]):
        self.item_errors = item_errors
        messages = [
            _("Del %(number)s: %(message)s") % {"number": index + 1, "message": message}
            for index, fields in sorted(item_errors.items()) for field_messages in fields.values()
            for message in field_messages
        ]
        super().__init__({"items": messages})


# --- settings -----------------------------------------------------------------------------------------
def marketplace_settings_for(municipality) -> MarketplaceSettings:
    """The office's settings, or the defaults (not saved) when it has not changed them."""
    return (MarketplaceSettings.objects.filter(municipality=municipality).first()
            or MarketplaceSettings(municipality=municipality))


def latest_expiry(municipality, *, today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=marketplace_settings_for(municipality).max_expiry_days)


def _check_expiry(municipality, expires_on) -> None:
    if expires_on is None:
        raise ValidationError({"expires_on": _("Ange till och med vilket datum annonsen gäller.")})
    today = timezone.localdate()
    if expires_on < today:
        raise ValidationError({"expires_on": _("Datumet har redan passerat. Välj ett datum från och med i dag.")})
    latest = latest_expiry(municipality, today=today)
    if expires_on > latest:
        days = marketplace_settings_for(municipality).max_expiry_days
        raise ValidationError({"expires_on": _(
            "En annons kan gälla högst %(days)s dagar framåt, alltså till och med %(date)s.")
            % {"days": days, "date": latest.isoformat()}})


# --- ownership ----------------------------------------------------------------------------------------
def _require_owner(*, actor, municipality, company, hub) -> None:
    if company is not None and hub is not None:
        raise ValidationError(_("En annons ägs av ett företag, en hubb eller kommunen, inte av flera."))
    if company is not None:
        require(company.municipality_id == municipality.pk and can_create_listing_for_company(actor, company))
    elif hub is not None:
        require(can_create_listing_for_hub(actor, hub, municipality))
    else:
        require(can_create_municipality_listing(actor, municipality))


# --- fields and items ---------------------------------------------------------------------------------
def _apply_fields(listing: Listing, fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable on a listing: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if isinstance(value, str) and name not in ("description",):
            value = value.strip()
        setattr(listing, name, value)


def _check_kind_fields(listing: Listing) -> None:
    """What the model cannot know: locality in the municipality, prices only where prices belong."""
    errors: dict[str, list] = {}
    if listing.locality_id and listing.locality.municipality_id != listing.municipality_id:
        errors["locality"] = [_("Välj en ort i %(name)s.") % {"name": listing.municipality.name}]
    if listing.kind not in PRICED_KINDS and (listing.price_amount is not None or listing.price_on_request):
        errors["price_amount"] = [_("Den här typen av annons har inget pris.")]
    if listing.kind != ListingKind.EVENT and (listing.starts_at or listing.ends_at):
        errors["starts_at"] = [_("Bara evenemang har start- och sluttid.")]
    # A listing that disappears before its own deadline or event helps nobody.
    last_needed = listing.answer_deadline if listing.kind == ListingKind.CALL else (
        listing.ends_at or listing.starts_at if listing.kind == ListingKind.EVENT else None)
    if last_needed and listing.expires_on and listing.expires_on < timezone.localtime(last_needed).date():
        errors.setdefault("expires_on", []).append(
            _("Annonsen måste gälla minst till och med %(date)s, då sista dag för svar eller evenemanget är.")
            % {"date": timezone.localtime(last_needed).date().isoformat()})
    if errors:
        raise ValidationError(errors)


def _check_answer_deadline(listing: Listing, previous=None) -> None:
    """A new or changed deadline of a call not yet closed must lie ahead (an old one may stay as it is)."""
    if listing.kind != ListingKind.CALL or listing.answer_deadline is None or listing.answer_deadline == previous:
        return
    if listing.call_status in (CallStatus.PLANNED, CallStatus.OPEN) and listing.answer_deadline <= timezone.now():
        raise ValidationError({"answer_deadline": _("Sista dag för svar måste ligga framåt i tiden.")})


def _clean_items(listing: Listing, items) -> list[CallItem] | None:
    """Validated, unsaved items (None: leave the listing's items as they are)."""
    if items is None:
        return None
    items = list(items)
    if items and listing.kind != ListingKind.CALL:
        raise ValidationError({"items": [_("Bara upphandlingar har delar.")]})
    if len(items) > MAX_ITEMS:
        raise ValidationError({"items": [_("Högst %(max)s delar per upphandling.") % {"max": MAX_ITEMS}]})
    cleaned, item_errors = [], {}
    for index, data in enumerate(items):
        unknown = set(data) - set(ITEM_FIELDS)
        if unknown:
            raise TypeError(f"Not a call item field: {', '.join(sorted(unknown))}")
        item = CallItem(**{name: (value.strip() if isinstance(value, str) else value) for name, value in data.items()},
                        sort_order=index)
        try:
            item.full_clean(exclude=["listing"])
        except ValidationError as error:
            item_errors[index] = error.message_dict
        cleaned.append(item)
    if item_errors:
        raise ItemsValidationError(item_errors)
    return cleaned


def _save_listing(listing: Listing, items: list[CallItem] | None) -> Listing:
    listing.full_clean()
    listing.save()
    if items is not None:
        listing.items.all().delete()
        for item in items:
            item.listing = listing
        CallItem.objects.bulk_create(items)
    return listing


# --- owners -------------------------------------------------------------------------------------------
@transaction.atomic
def listing_create(*, actor, municipality, kind: str, company=None, hub=None, items=(), **fields) -> Listing:
    """A draft listing (listing_submit publishes it or sends it for review)."""
    _require_owner(actor=actor, municipality=municipality, company=company, hub=hub)
    if kind not in ListingKind.values:
        raise ValidationError({"kind": _("Välj vilken sorts annons det är.")})
    listing = Listing(municipality=municipality, kind=kind, company=company, hub=hub, created_by=actor,
                      status=ListingStatus.DRAFT)
    call_status = fields.pop("call_status", None)
    if kind == ListingKind.CALL:
        if call_status not in (None, "", CallStatus.PLANNED, CallStatus.OPEN):
            raise ValidationError({"call_status": _("En ny upphandling är planerad eller öppen för svar.")})
        listing.call_status = call_status or CallStatus.PLANNED
    _apply_fields(listing, fields)
    _check_expiry(municipality, listing.expires_on)
    _check_kind_fields(listing)
    _check_answer_deadline(listing)
    return _save_listing(listing, _clean_items(listing, items))


@transaction.atomic
def listing_update(*, actor, listing: Listing, items=None, **fields) -> Listing:
    """Change an owner's fields; `items` (a call's, as dicts) replace the old ones, None keeps them."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    require(can_edit_listing(actor, listing))
    _require_not_taken_down(listing)
    previous_expiry, previous_deadline = listing.expires_on, listing.answer_deadline
    before = _content(listing)
    _apply_fields(listing, fields)
    if listing.expires_on != previous_expiry:
        _check_expiry(listing.municipality, listing.expires_on)
    _check_kind_fields(listing)
    _check_answer_deadline(listing, previous_deadline)
    cleaned_items = _clean_items(listing, items)
    if items is not None and listing.kind == ListingKind.CALL:
        changed = before != _content(listing) or before["items"] != [_item_content(i) for i in cleaned_items]
    else:
        changed = {**before, "items": None} != {**_content(listing), "items": None}
    review_again = (changed and listing.status == ListingStatus.PUBLISHED
                    and marketplace_settings_for(listing.municipality).moderation
                    == MarketplaceSettings.Moderation.BEFORE)
    if review_again:
        # Where the office reviews before publishing, a changed text is reviewed too: otherwise an approved
        # listing could be rewritten into anything.
        listing.status = ListingStatus.PENDING
        transaction.on_commit(lambda: notifications.moderators_listing_pending(listing))
    return _save_listing(listing, cleaned_items)


def _item_content(item: CallItem) -> tuple:
    def plain(value) -> str:
        return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value or "")

    return tuple(plain(getattr(item, name)) for name in ITEM_FIELDS)


def _content(listing: Listing) -> dict:
    """What a reader sees (everything an owner edits except the last day); items as tuples."""
    values = {name: getattr(listing, name) for name in EDITABLE_FIELDS if name != "expires_on"}
    values["locality"] = listing.locality_id
    values["items"] = [_item_content(item) for item in listing.items.all()] if listing.pk else []
    return values


def _require_not_taken_down(listing: Listing) -> None:
    if listing.status == ListingStatus.WITHDRAWN and listing.moderation_note:
        raise ValidationError(_("Moderatorn har tagit bort annonsen. Kontakta näringslivskontoret."))


def _decided_by_moderator(listing: Listing) -> bool:
    return listing.status == ListingStatus.REJECTED or (
        listing.status == ListingStatus.WITHDRAWN and bool(listing.moderation_note))


@transaction.atomic
def listing_submit(*, actor, listing: Listing) -> Listing:
    """Publish at once where the office reviews afterwards; else wait for review. A listing a moderator
    rejected or took down always waits for review again."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    require(can_edit_listing(actor, listing))
    if listing.status in (ListingStatus.PUBLISHED, ListingStatus.PENDING):
        raise ValidationError(_("Annonsen är redan inskickad."))
    if listing.expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("Annonsen har gått ut. Välj ett nytt slutdatum först.")})
    moderation = marketplace_settings_for(listing.municipality).moderation
    if moderation == MarketplaceSettings.Moderation.AFTER and not _decided_by_moderator(listing):
        listing.status = ListingStatus.PUBLISHED
        listing.published_at = timezone.now()
    else:
        listing.status = ListingStatus.PENDING
        transaction.on_commit(lambda: notifications.moderators_listing_pending(listing))
    listing.save(update_fields=["status", "published_at", "updated_at"])
    return listing


@transaction.atomic
def listing_withdraw(*, actor, listing: Listing) -> Listing:
    """The owner takes the listing down (it stays in "Mina annonser" and can be sent in again)."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    require(can_edit_listing(actor, listing))
    if listing.status == ListingStatus.WITHDRAWN:
        return listing
    listing.status = ListingStatus.WITHDRAWN
    listing.save(update_fields=["status", "updated_at"])
    return listing


@transaction.atomic
def listing_renew(*, actor, listing: Listing, expires_on: date | None = None) -> Listing:
    """A new last day (the latest the office allows when none is given); the reminder may come again."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    require(can_edit_listing(actor, listing))
    if listing.status != ListingStatus.PUBLISHED:
        raise ValidationError(_("Bara publicerade annonser kan förlängas."))
    expires_on = expires_on or latest_expiry(listing.municipality)
    _check_expiry(listing.municipality, expires_on)
    listing.expires_on = expires_on
    listing.expiry_reminded_at = None
    listing.save(update_fields=["expires_on", "expiry_reminded_at", "updated_at"])
    return listing


@transaction.atomic
def call_set_status(*, actor, listing: Listing, status: str) -> Listing:
    """planned -> open -> closed, and closed -> open again. Awarding is done with the answers."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    require(can_edit_listing(actor, listing))
    if listing.kind != ListingKind.CALL:
        raise ValidationError({"call_status": _("Bara upphandlingar har upphandlingsstatus.")})
    if status not in OWNER_CALL_STATUSES or status not in CALL_TRANSITIONS.get(listing.call_status, set()):
        raise ValidationError({"call_status": _("En upphandling som är %(current)s kan inte bli %(new)s.") % {
            "current": CallStatus(listing.call_status).label.lower(),
            "new": CallStatus(status).label.lower() if status in CallStatus.values else status}})
    if status == CallStatus.OPEN and listing.answer_deadline and listing.answer_deadline <= timezone.now():
        raise ValidationError({"answer_deadline": _(
            "Sista dag för svar har passerat. Ändra den innan upphandlingen öppnas igen.")})
    listing.call_status = status
    listing.save(update_fields=["call_status", "updated_at"])
    return listing


# --- photos and attachments ---------------------------------------------------------------------------
@transaction.atomic
def listing_add_photo(*, actor, listing: Listing, upload, alt_text: str) -> ListingPhoto:
    from wagtail.images import get_image_model

    from core.uploads import clean_image_upload

    # Locked: two uploads at once must not both pass the count, and the status read must be current.
    listing = Listing.objects.select_for_update().select_related("municipality").get(pk=listing.pk)
    require(can_edit_listing(actor, listing))
    _require_not_taken_down(listing)
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise ValidationError({"alt_text": _("Beskriv kort vad bilden visar.")})
    count = listing.photos.count()
    if count >= MAX_PHOTOS:
        raise ValidationError({"photo": _("Högst %(max)s bilder per annons. Ta bort en först.") % {"max": MAX_PHOTOS}})
    try:
        clean = clean_image_upload(upload)
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from None
    image = get_image_model()(title=alt_text[:255], file=clean.file, width=clean.width, height=clean.height,
                              collection=listing.municipality.collection)
    image.save()
    return ListingPhoto.objects.create(listing=listing, image=image, alt_text=alt_text[:200], sort_order=count)


@transaction.atomic
def listing_remove_photo(*, actor, photo: ListingPhoto) -> None:
    require(can_edit_listing(actor, photo.listing))
    image = photo.image
    photo.delete()
    image.delete()


@transaction.atomic
def listing_add_attachment(*, actor, listing: Listing, upload, title: str) -> ListingAttachment:
    """A PDF kept privately with the listing (marketplace.attachments): whoever may see the listing may read it."""
    listing = Listing.objects.select_for_update().select_related("municipality").get(pk=listing.pk)
    require(can_edit_listing(actor, listing))
    _require_not_taken_down(listing)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Ge dokumentet en titel, t.ex. Förfrågningsunderlag.")})
    if listing.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": _("Högst %(max)s dokument per annons.") % {"max": MAX_ATTACHMENTS}})
    return attachments.store(attachments.read_pdf(upload, title=title), listing=listing)


@transaction.atomic
def listing_remove_attachment(*, actor, attachment: ListingAttachment) -> None:
    require(attachment.listing_id is not None and can_edit_listing(actor, attachment.listing))
    attachment.delete()


# --- moderators ---------------------------------------------------------------------------------------
def _locked_for_moderation(actor, listing: Listing) -> Listing:
    listing = Listing.objects.select_for_update().select_related("municipality").get(pk=listing.pk)
    require(can_moderate_listing(actor, listing))
    return listing


@transaction.atomic
def listing_approve(*, actor, listing: Listing) -> Listing:
    listing = _locked_for_moderation(actor, listing)
    if listing.status != ListingStatus.PENDING:
        raise ValidationError(_("Annonsen väntar inte på granskning."))
    listing.status = ListingStatus.PUBLISHED
    listing.published_at = timezone.now()
    listing.moderation_note = ""
    listing.save(update_fields=["status", "published_at", "moderation_note", "updated_at"])
    transaction.on_commit(lambda: notifications.owner_listing_approved(listing))
    return listing


def _reason(text: str, field: str = "reason") -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({field: _("Skriv en motivering. Den skickas till den som lade in annonsen.")})
    if len(text) > 2000:
        raise ValidationError({field: _("Motiveringen får vara högst 2000 tecken.")})
    return text


@transaction.atomic
def listing_reject(*, actor, listing: Listing, reason: str) -> Listing:
    listing = _locked_for_moderation(actor, listing)
    reason = _reason(reason)
    if listing.status != ListingStatus.PENDING:
        raise ValidationError(_("Annonsen väntar inte på granskning."))
    listing.status = ListingStatus.REJECTED
    listing.moderation_note = reason
    listing.save(update_fields=["status", "moderation_note", "updated_at"])
    transaction.on_commit(lambda: notifications.owner_listing_rejected(listing))
    return listing


@transaction.atomic
def listing_moderator_withdraw(*, actor, listing: Listing, note: str) -> Listing:
    """Take down a published (or pending) listing; the note goes to the owner and stays on the listing."""
    listing = _locked_for_moderation(actor, listing)
    note = _reason(note)
    if listing.status == ListingStatus.WITHDRAWN and listing.moderation_note:
        raise ValidationError(_("Annonsen är redan borttagen."))
    listing.status = ListingStatus.WITHDRAWN
    listing.moderation_note = note
    listing.save(update_fields=["status", "moderation_note", "updated_at"])
    transaction.on_commit(lambda: notifications.owner_listing_withdrawn(listing))
    return listing


# --- reports ------------------------------------------------------------------------------------------
@transaction.atomic
def listing_report(*, actor_or_none, listing: Listing, reason: str, message: str = "") -> ListingReport:
    """Anyone who sees a live listing may report it; a signed-in user once per listing."""
    user = actor_or_none if actor_or_none is not None else AnonymousUser()
    # Locked so that one user's two quick submissions cannot both pass the "once" check.
    listing = Listing.objects.select_for_update().select_related("municipality").get(pk=listing.pk)
    require(can_report_listing(user, listing))
    reporter = user if user.is_authenticated else None
    if reporter is not None and ListingReport.objects.filter(listing=listing, reporter=reporter).exists():
        raise ValidationError(_("Du har redan anmält den här annonsen. Moderatorerna tittar på den."))
    report = ListingReport(municipality=listing.municipality, listing=listing, reporter=reporter, reason=reason,
                           message=(message or "").replace("\x00", "").strip())
    report.full_clean()
    report.save()
    transaction.on_commit(lambda: notifications.moderators_listing_reported(report))
    return report


def _open_report(actor, report: ListingReport) -> ListingReport:
    report = ListingReport.objects.select_for_update().select_related("listing", "municipality").get(pk=report.pk)
    require(can_handle_report(actor, report))
    if report.status != ListingReport.Status.OPEN:
        raise ValidationError(_("Anmälan är redan hanterad."))
    return report


@transaction.atomic
def report_dismiss(*, actor, report: ListingReport) -> ListingReport:
    """Nothing wrong with the listing: the report is closed, the owner is not bothered."""
    report = _open_report(actor, report)
    report.status = ListingReport.Status.DISMISSED
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "handled_by", "handled_at", "updated_at"])
    return report


@transaction.atomic
def report_action(*, actor, report: ListingReport, note: str) -> ListingReport:
    """The report was right: the listing is taken down with the moderator's note (e-mailed to the owner), and
    every open report of the same listing is closed with it."""
    report = _open_report(actor, report)
    note = _reason(note, "note")
    listing = report.listing
    if not (listing.status == ListingStatus.WITHDRAWN and listing.moderation_note):
        listing_moderator_withdraw(actor=actor, listing=listing, note=note)
    ListingReport.objects.filter(listing=listing, status=ListingReport.Status.OPEN).update(
        status=ListingReport.Status.ACTIONED, handled_by=actor, handled_at=timezone.now(), updated_at=timezone.now())
    report.refresh_from_db()
    return report


# --- expiry reminders ---------------------------------------------------------------------------------
def listings_remind_expiring(*, today: date | None = None) -> int:
    """E-mail the owners of each published listing that expires within its municipality's reminder window,
    once per expiry (listing_renew allows the next). Safe to run again: a reminded listing is skipped."""
    today = today or timezone.localdate()
    reminded = 0
    reminder_days = dict(MarketplaceSettings.objects.values_list("municipality_id", "expiry_reminder_days"))
    default_days = MarketplaceSettings._meta.get_field("expiry_reminder_days").default
    longest = max([default_days, *reminder_days.values()])
    candidates = (Listing.objects.filter(status=ListingStatus.PUBLISHED, expiry_reminded_at__isnull=True,
                                         expires_on__gte=today, expires_on__lte=today + timedelta(days=longest))
                  .select_related("municipality", "company", "hub", "created_by"))
    for listing in candidates:
        if listing.expires_on > today + timedelta(days=reminder_days.get(listing.municipality_id, default_days)):
            continue
        # The conditional update claims the listing, so two runs at once never send twice.
        claimed = Listing.objects.filter(pk=listing.pk, expiry_reminded_at__isnull=True).update(
            expiry_reminded_at=timezone.now())
        if not claimed:
            continue
        try:
            notifications.owner_listing_expiring(listing)
        except Exception:
            # The mail server refused: release the claim so the next run tries again, and go on with the rest.
            logger.exception("expiry reminder for listing %s failed", listing.pk)
            Listing.objects.filter(pk=listing.pk).update(expiry_reminded_at=None)
            continue
        reminded += 1
    return reminded

