"""Companies of a municipality, their members, claims, change history and the office's settings."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from directory.validators import (
    is_personal_number,
    parse_org_number,
    validate_org_number,
    validate_sni_code,
    validate_sni_codes,
)
from municipalities.models import Locality, MunicipalityOwned


class LegalForm(models.TextChoices):
    AB = "ab", _("Aktiebolag")
    EF = "ef", _("Enskild firma")
    HB = "hb", _("Handelsbolag")
    KB = "kb", _("Kommanditbolag")
    EK = "ek", _("Ekonomisk förening")
    IF = "if", _("Ideell förening")
    OTHER = "other", _("Annan")


class TurnoverBand(models.TextChoices):
    """Bands at the EU size-class limits (2, 10 and 50 million euro)."""

    UP_TO_2M = "le2m", _("Högst 2 miljoner euro (cirka 22 miljoner kronor)")
    UP_TO_10M = "le10m", _("Högst 10 miljoner euro")
    UP_TO_50M = "le50m", _("Högst 50 miljoner euro")
    OVER_50M = "gt50m", _("Mer än 50 miljoner euro")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Mikroföretag")
    SMALL = "small", _("Litet företag")
    MEDIUM = "medium", _("Medelstort företag")
    LARGE = "large", _("Stort företag")


class CrisisResource(models.TextChoices):
    GENERATOR = "generator", _("Reservkraft/elverk")
    SNOW_CLEARING = "snow_clearing", _("Snöröjning")
    FUEL = "fuel", _("Drivmedel")
    TRANSPORT = "transport", _("Transporter")
    ACCOMMODATION = "accommodation", _("Logi")
    FOOD = "food", _("Mat")


SPOKEN_LANGUAGES = [
    ("sv", _("Svenska")), ("en", _("Engelska")), ("se", _("Samiska")), ("fi", _("Finska")),
    ("fit", _("Meänkieli")), ("de", _("Tyska")), ("no", _("Norska")), ("ar", _("Arabiska")),
]


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Alla")
    MUNICIPALITY = "municipality", _("Endast kommunen")


class Company(MunicipalityOwned):
    """A company's profile. `municipality` is where it is registered and moderated."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar på granskning")
        PUBLISHED = "published", _("Publicerad")
        CHANGES_REQUESTED = "changes_requested", _("Komplettering begärd")
        REJECTED = "rejected", _("Avslagen")

    legal_name = models.CharField(_("företagsnamn"), max_length=200,
                                  help_text=_("Det registrerade namnet, t.ex. Snickeri i Åsele AB."))
    trading_name = models.CharField(_("varumärke/kortnamn"), max_length=200, blank=True)
    slug = models.SlugField(_("kortnamn i webbadressen"), max_length=120)
    org_number = models.CharField(_("organisationsnummer"), max_length=11, unique=True,
                                  validators=[validate_org_number], help_text=_("Tio siffror, t.ex. 556016-0680."))
    legal_form = models.CharField(_("företagsform"), max_length=10, choices=LegalForm.choices, default=LegalForm.AB)
    primary_sni = models.CharField(_("huvudsaklig bransch (SNI 2007)"), max_length=5, validators=[validate_sni_code])
    secondary_sni = models.JSONField(_("övriga branscher (SNI 2007)"), default=list, blank=True,
                                     validators=[validate_sni_codes])
    employees = models.PositiveIntegerField(_("antal anställda"), null=True, blank=True)
    turnover_band = models.CharField(_("omsättning"), max_length=10, choices=TurnoverBand.choices, blank=True)
    size_class = models.CharField(_("storleksklass"), max_length=10, choices=SizeClass.choices, blank=True,
                                  editable=False)
    localities = models.ManyToManyField(Locality, verbose_name=_("orter där företaget verkar"), blank=True,
                                        related_name="companies")
    street_address = models.CharField(_("gatuadress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=6, blank=True)
    postal_town = models.CharField(_("postort"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)
    phone = models.CharField(_("telefon"), max_length=30)
    email = models.EmailField(_("e-post"), blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    social_links = models.JSONField(_("sociala medier"), default=list, blank=True)
    opening_hours = models.TextField(_("öppettider"), blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    products_services = models.TextField(_("produkter och tjänster"), blank=True)
    languages = models.JSONField(_("språk"), default=list, blank=True)
    logo = models.ForeignKey("wagtailimages.Image", verbose_name=_("logotyp"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+", editable=False)
    woman_led = models.BooleanField(_("leds av en kvinna"), null=True, blank=True,
                                    help_text=_("Frivilligt. Används bara i sammanställningar, visas aldrig."))
    founded_year = models.PositiveSmallIntegerField(_("startår"), null=True, blank=True)
    crisis_resources = models.JSONField(_("resurser vid kris"), default=list, blank=True)
    crisis_visibility = models.CharField(_("vem ser krisresurserna"), max_length=15, choices=Visibility.choices,
                                         default=Visibility.MUNICIPALITY)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    moderation_note = models.TextField(_("meddelande från näringslivskontoret"), blank=True)
    # Changes a member made to a published profile that wait for the office's approval
    # (DirectorySettings.moderate_changes); the published values stay visible meanwhile.
    pending_changes = models.JSONField(_("ändringar som väntar på granskning"), null=True, blank=True, editable=False)
    verified_at = models.DateTimeField(_("verifierad"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("senast bekräftad av företaget"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    stale_reminded_at = models.DateTimeField(_("påminnelse om inaktuell profil skickad"), null=True, blank=True,
                                             editable=False)

    class Meta:
        verbose_name = _("företag")
        verbose_name_plural = _("företag")
        ordering = ["legal_name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="unique_company_slug")]
        indexes = [models.Index(fields=["municipality", "status"], name="company_municipality_status")]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        """The legal form must fit the number: only an enskild firma is identified by a personnummer."""
        try:
            parsed = parse_org_number(self.org_number)
        except ValidationError:
            return  # the field's own validator reports the number
        if parsed.personal and self.legal_form != LegalForm.EF:
            raise ValidationError({"legal_form": ValidationError(
                _("Företagsformen %(form)s kräver ett organisationsnummer från Bolagsverket, men %(number)s är "
                  "ett personnummer. Bara en enskild firma har ägarens personnummer som organisationsnummer: "
                  "välj Enskild firma eller ange företagets organisationsnummer."),
                params={"form": self.get_legal_form_display(), "number": parsed.number},
                code="legal_form_needs_org_number")})

    @property
    def display_name(self) -> str:
        return self.trading_name or self.legal_name

    @property
    def public_org_number(self) -> str:
        """The number as it may be published, or '' for a sole trader: an enskild firma's number is the
        owner's personnummer, which is stored for the office but never shown, exported or indexed.
        Every public output (profile, JSON-LD, CSV/GeoJSON, API, HSDS) reads this, never org_number."""
        if self.legal_form == LegalForm.EF or is_personal_number(self.org_number):
            return ""
        return self.org_number

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def sni_titles(self) -> list[str]:
        from directory.reference import sni_codes

        codes = sni_codes()
        # In English two detail groups of one class share its title: name it once.
        titles = dict.fromkeys(codes[c].title for c in [self.primary_sni, *self.secondary_sni] if c in codes)
        return list(titles)

    @property
    def crisis_resource_labels(self) -> list[str]:
        labels = dict(CrisisResource.choices)
        return [labels[r] for r in self.crisis_resources if r in labels]

    @property
    def language_labels(self) -> list[str]:
        labels = dict(SPOKEN_LANGUAGES)
        return [labels[code] for code in self.languages if code in labels]


class CompanyPhoto(TimeStampedModel):
    """A photo on a company's profile. The image lives in the municipality's media collection."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(_("beskrivning av bilden"), max_length=200,
                                help_text=_("Vad bilden visar, för den som inte ser den."))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foton")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class CompanyMember(TimeStampedModel):
    """A user who may edit a company's profile. Scoped through the company's municipality."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Ägare")
        MEMBER = "member", _("Medarbetare")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_memberships")
    role = models.CharField(_("roll"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("företagsmedlem")
        verbose_name_plural = _("företagsmedlemmar")
        constraints = [models.UniqueConstraint(fields=["company", "user"], name="unique_company_member")]

    def __str__(self) -> str:
        return f"{self.user} – {self.company}"


class CompanyClaim(MunicipalityOwned):
    """A user's request to take over an existing company profile, decided by the office."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        APPROVED = "approved", _("Godkänd")
        REJECTED = "rejected", _("Avslagen")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_claims")
    message = models.TextField(_("meddelande"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("anspråk på företag")
        verbose_name_plural = _("anspråk på företag")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.company}"


class CompanyRevision(MunicipalityOwned):
    """A snapshot of a profile after each change, kept so the office can see and roll back."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="revisions")
    data = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    note = models.CharField(_("händelse"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("version av företagsprofil")
        verbose_name_plural = _("versioner av företagsprofiler")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.company} {self.created_at:%Y-%m-%d %H:%M}"


class CompanyInvitation(TimeStampedModel):
    """An owner's invitation of a colleague by e-mail; accepted when that address is verified."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-post"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inbjudan till företag")
        verbose_name_plural = _("inbjudningar till företag")
        constraints = [models.UniqueConstraint(fields=["company", "email"], name="unique_company_invitation")]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"


class DirectorySettings(MunicipalityOwned):
    """How a municipality's office runs its directory."""

    moderate_changes = models.BooleanField(
        _("granska ändringar i publicerade profiler"), default=True,
        help_text=_("Av: företagens ändringar publiceras direkt (och syns i historiken)."),
    )

    panels = ["moderate_changes"]

    class Meta:
        verbose_name = _("inställningar för företagsregistret")
        verbose_name_plural = _("inställningar för företagsregistret")
        constraints = [models.UniqueConstraint(fields=["municipality"], name="unique_directory_settings")]

    def __str__(self) -> str:
        return str(self.municipality)


class CompanyImport(MunicipalityOwned):
    """An uploaded company list, kept between preview and import, with the import's progress."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Förhandsgranskad")
        RUNNING = "running", _("Importeras")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    file_name = models.CharField(_("fil"), max_length=200)
    content = models.BinaryField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("import av företagslista")
        verbose_name_plural = _("importer av företagslistor")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 100
