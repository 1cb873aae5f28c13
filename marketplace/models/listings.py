"""Listings: what local actors offer, ask for, call for tenders, share, pass on for reuse or invite to.

A listing belongs to the municipality where it is located (whose office moderates it); it is owned by
a company, a hub or, with neither, the municipality itself. Procurement calls follow the Open Contracting
`tender` (items with a classification, delivery place, answer deadline, status planned → open → closed →
awarded)."""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.validators import validate_sni_code
from municipalities.models import MunicipalityOwned


class ListingKind(models.TextChoices):
    OFFER = "offer", _("Erbjudande")
    REQUEST = "request", _("Efterfrågan")
    CALL = "call", _("Upphandling")
    RESOURCE = "resource", _("Resurs att dela eller boka")
    REUSE = "reuse", _("Återbruk")
    EVENT = "event", _("Evenemang")


class Category(models.TextChoices):
    CONSTRUCTION = "construction", _("Bygg och anläggning")
    TRANSPORT = "transport", _("Transport och maskintjänster")
    PROPERTY = "property", _("Fastighetsskötsel och snöröjning")
    ENERGY = "energy", _("Energi och miljö")
    FOOD = "food", _("Mat, dryck och catering")
    TOURISM = "tourism", _("Turism, boende och upplevelser")
    DIGITAL = "digital", _("IT och digitala tjänster")
    BUSINESS = "business", _("Ekonomi, juridik och konsulttjänster")
    EQUIPMENT = "equipment", _("Maskiner och utrustning")
    PREMISES = "premises", _("Lokaler")
    MATERIALS = "materials", _("Material och varor")
    SKILLS = "skills", _("Kompetens och utbildning")
    OTHER = "other", _("Övrigt")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PENDING = "pending", _("Väntar på granskning")
    PUBLISHED = "published", _("Publicerad")
    REJECTED = "rejected", _("Avslagen")
    WITHDRAWN = "withdrawn", _("Återtagen")


class CallStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    OPEN = "open", _("Öppen för svar")
    CLOSED = "closed", _("Stängd")
    AWARDED = "awarded", _("Tilldelad")


CALL_TRANSITIONS = {
    CallStatus.PLANNED: {CallStatus.OPEN},
    CallStatus.OPEN: {CallStatus.CLOSED},
    CallStatus.CLOSED: {CallStatus.AWARDED, CallStatus.OPEN},
    CallStatus.AWARDED: set(),
}


class Audience(models.TextChoices):
    PUBLIC = "public", _("Alla")
    MEMBERS = "members", _("Hubbens medlemmar")


# CPV 2008 codes are eight digits, a hyphen and a check digit ("45233141-9", road maintenance).
_CPV_RE = re.compile(r"^\d{8}-\d$")


def validate_cpv_code(value: str) -> None:
    if not _CPV_RE.match(value or ""):
        raise ValidationError(_("%(value)s är ingen CPV-kod. Skriv den som 45233141-9."), params={"value": value},
                              code="cpv_format")


class Listing(MunicipalityOwned):
    kind = models.CharField(_("typ"), max_length=10, choices=ListingKind.choices)
    title = models.CharField(_("rubrik"), max_length=160)
    description = models.TextField(_("beskrivning"), max_length=8000)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices, default=Category.OTHER)
    sni_codes = models.JSONField(_("branscher (SNI 2007)"), default=list, blank=True,
                                 help_text=_("Vilka branscher som kan svara; används för att föreslå leverantörer."))
    company = models.ForeignKey("directory.Company", verbose_name=_("företag"), on_delete=models.CASCADE,
                                null=True, blank=True, related_name="marketplace_listings")
    hub = models.ForeignKey("marketplace.Hub", verbose_name=_("hubb"), on_delete=models.CASCADE, null=True,
                            blank=True, related_name="listings")
    audience = models.CharField(_("vem ser annonsen"), max_length=10, choices=Audience.choices,
                                default=Audience.PUBLIC)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.DRAFT)
    moderation_note = models.TextField(_("meddelande från moderatorn"), blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    expires_on = models.DateField(_("gäller till och med"))
    expiry_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Price: an amount (with what it is per) or "på förfrågan"; neither for calls, requests and events.
    price_amount = models.DecimalField(_("pris (kr)"), max_digits=12, decimal_places=2, null=True, blank=True)
    price_unit = models.CharField(_("pris per"), max_length=40, blank=True, help_text=_("t.ex. timme, dygn, st"))
    price_on_request = models.BooleanField(_("pris på förfrågan"), default=False)
    locality = models.ForeignKey("municipalities.Locality", verbose_name=_("ort"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    # Procurement calls (kind=call).
    call_status = models.CharField(_("upphandlingens status"), max_length=10, choices=CallStatus.choices, blank=True)
    answer_deadline = models.DateTimeField(_("sista dag för svar"), null=True, blank=True)
    delivery_place = models.CharField(_("leveransplats"), max_length=200, blank=True)
    awarded_company = models.ForeignKey("directory.Company", verbose_name=_("tilldelad leverantör"),
                                        on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    awarded_value = models.DecimalField(_("tilldelat värde (kr)"), max_digits=14, decimal_places=2, null=True,
                                        blank=True)
    # Events (kind=event), in Europe/Stockholm as stored aware datetimes.
    starts_at = models.DateTimeField(_("börjar"), null=True, blank=True)
    ends_at = models.DateTimeField(_("slutar"), null=True, blank=True)
    venue = models.CharField(_("plats"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("annons")
        verbose_name_plural = _("annonser")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["municipality", "status", "expires_on"], name="listing_visible_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                                   name="listing_event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        if self.company_id:
            return str(self.company)
        if self.hub_id:
            return str(self.hub)
        return str(self.municipality)

    @property
    def is_call(self) -> bool:
        return self.kind == ListingKind.CALL

    def clean(self) -> None:
        errors: dict[str, list] = {}
        for code in self.sni_codes if isinstance(self.sni_codes, list) else [None]:
            try:
                validate_sni_code(code)
            except ValidationError as error:
                errors.setdefault("sni_codes", []).extend(error.messages)
        if self.price_amount is not None and self.price_on_request:
            errors.setdefault("price_amount", []).append(
                _("Ange antingen ett pris eller att priset lämnas på förfrågan, inte båda."))
        if self.price_amount is not None and self.price_amount < 0:
            errors.setdefault("price_amount", []).append(_("Priset kan inte vara negativt."))
        if self.audience == Audience.MEMBERS and not self.hub_id:
            errors.setdefault("audience", []).append(_("Bara en hubbs annonser kan visas för enbart medlemmar."))
        if (self.latitude is None) != (self.longitude is None):
            errors.setdefault("latitude", []).append(_("Ange både latitud och longitud, eller ingen av dem."))
        self._clean_kind(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_kind(self, errors: dict) -> None:
        if self.kind == ListingKind.CALL:
            if not self.call_status:
                errors.setdefault("call_status", []).append(_("Ange upphandlingens status."))
            if not self.answer_deadline:
                errors.setdefault("answer_deadline", []).append(_("Ange sista dag för svar."))
        elif self.call_status:
            errors.setdefault("call_status", []).append(_("Bara upphandlingar har upphandlingsstatus."))
        if self.kind == ListingKind.EVENT:
            if not self.starts_at:
                errors.setdefault("starts_at", []).append(_("Ange när evenemanget börjar."))
            elif self.ends_at and self.ends_at < self.starts_at:
                errors.setdefault("ends_at", []).append(_("Evenemanget kan inte sluta innan det börjar."))


class CallItem(models.Model):
    """One thing a procurement call buys (OCDS `tender.items`)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="items")
    description = models.CharField(_("vad som köps"), max_length=300)
    sni_code = models.CharField(_("bransch (SNI 2007)"), max_length=5, blank=True, validators=[validate_sni_code])
    cpv_code = models.CharField(_("CPV-kod"), max_length=10, blank=True, validators=[validate_cpv_code],
                                help_text=_("Om köparen anger den, t.ex. 90620000-9 för snöröjning."))
    quantity = models.DecimalField(_("mängd"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    delivery_place = models.CharField(_("leveransplats"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("del av upphandling")
        verbose_name_plural = _("delar av upphandling")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.description


class ListingPhoto(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(_("beskrivning av bilden"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]


class ListingAttachment(models.Model):
    """A PDF attached to a listing or to an answer. Not a Wagtail document: those are listed to editors and
    served to anyone by id, while a members-only listing's papers and every bid are private. The bytes live
    in `AttachmentContent` and leave only through `attachment_views`, after `permissions.can_download_attachment`."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="attachments", null=True, blank=True)
    answer = models.ForeignKey("marketplace.Answer", on_delete=models.CASCADE, related_name="attachments", null=True,
                               blank=True)
    title = models.CharField(_("titel"), max_length=200)
    filename = models.CharField(_("filnamn"), max_length=120, default="bilaga.pdf")
    size = models.PositiveIntegerField(_("storlek (byte)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(
            condition=models.Q(listing__isnull=False, answer__isnull=True)
            | models.Q(listing__isnull=True, answer__isnull=False), name="attachment_has_one_parent")]

    def __str__(self):
        return self.title


class AttachmentContent(models.Model):
    """An attachment's bytes, in a table of their own so that no listing or answer query ever loads them.
    In the database rather than on disk: a bid is saved with its papers in one transaction or not at all, it
    is in every backup, and nginx can never serve it by path."""

    attachment = models.OneToOneField(ListingAttachment, on_delete=models.CASCADE, primary_key=True,
                                      related_name="content")
    data = models.BinaryField()


class ListingReport(MunicipalityOwned):
    """A report of abuse, for the moderators of the listing's municipality."""

    class Reason(models.TextChoices):
        FRAUD = "fraud", _("Bedrägeri eller falsk annons")
        OFFENSIVE = "offensive", _("Kränkande eller olagligt innehåll")
        SPAM = "spam", _("Skräpreklam")
        WRONG = "wrong", _("Felaktiga uppgifter")
        OTHER = "other", _("Annat")

    class Status(models.TextChoices):
        OPEN = "open", _("Ny")
        DISMISSED = "dismissed", _("Avfärdad")
        ACTIONED = "actioned", _("Åtgärdad")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    reason = models.CharField(_("anledning"), max_length=10, choices=Reason.choices)
    message = models.TextField(_("beskriv vad som är fel"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("anmälan av annons")
        verbose_name_plural = _("anmälningar av annonser")
        ordering = ["-created_at"]


class MarketplaceSettings(MunicipalityOwned):
    """How a municipality's office moderates its marketplace."""

    class Moderation(models.TextChoices):
        BEFORE = "before", _("Granska annonser innan de publiceras")
        AFTER = "after", _("Publicera direkt och granska i efterhand")

    moderation = models.CharField(_("granskning"), max_length=10, choices=Moderation.choices,
                                  default=Moderation.AFTER)
    max_expiry_days = models.PositiveSmallIntegerField(_("längsta giltighetstid (dagar)"), default=180)
    expiry_reminder_days = models.PositiveSmallIntegerField(_("påminn så många dagar före utgång"), default=7)

    panels = ["moderation", "max_expiry_days", "expiry_reminder_days"]

    class Meta:
        verbose_name = _("inställningar för marknadsplatsen")
        verbose_name_plural = _("inställningar för marknadsplatsen")
        constraints = [models.UniqueConstraint(fields=["municipality"], name="unique_marketplace_settings")]

    def __str__(self) -> str:
        return str(self.municipality)
