"""Official public warnings (CAP 1.2) and the log of messages the import refused.

Both are platform-wide: one warning may cover many municipalities (a county, or a list of
municipality codes), so an alert is matched to a municipality by its SCB codes, never owned by one.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class OfficialAlert(TimeStampedModel):
    class Status(models.TextChoices):
        ACTUAL = "Actual", _("Skarpt")
        EXERCISE = "Exercise", _("Övning")
        SYSTEM = "System", _("Systemmeddelande")
        TEST = "Test", _("Test")
        DRAFT = "Draft", _("Utkast")

    class MsgType(models.TextChoices):
        ALERT = "Alert", _("Varning")
        UPDATE = "Update", _("Uppdatering")
        CANCEL = "Cancel", _("Återkallelse")

    class Scope(models.TextChoices):
        PUBLIC = "Public", _("Allmänheten")

    class Severity(models.TextChoices):
        # In the order the banner lists them (most severe first); see severity_rank.
        EXTREME = "Extreme", _("Extrem fara")
        SEVERE = "Severe", _("Allvarlig fara")
        MODERATE = "Moderate", _("Måttlig fara")
        MINOR = "Minor", _("Mindre fara")
        UNKNOWN = "Unknown", _("Okänd allvarlighetsgrad")

    class Withdrawn(models.TextChoices):
        NO = "", _("Gäller")
        SUPERSEDED = "superseded", _("Ersatt av en uppdatering")
        CANCELLED = "cancelled", _("Återkallad")

    # Identity: CAP says sender + identifier name one message.
    identifier = models.CharField(_("identifierare"), max_length=255)
    sender = models.CharField(_("avsändare"), max_length=255)
    sent = models.DateTimeField(_("utfärdad"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    msg_type = models.CharField(_("meddelandetyp"), max_length=10, choices=MsgType.choices)
    scope = models.CharField(_("mottagare"), max_length=10, choices=Scope.choices, default=Scope.PUBLIC)
    references = models.JSONField(_("hänvisningar"), default=list, blank=True,
                                  help_text=_("Tidigare meddelanden som detta uppdaterar eller återkallar."))
    # The text as written, so a later message can find the ones that refer to it with one LIKE.
    references_raw = models.TextField(blank=True, editable=False)

    # From the chosen info block (Swedish when there are several).
    language = models.CharField(_("språk"), max_length=35, blank=True)
    categories = models.JSONField(_("kategorier"), default=list, blank=True)
    event = models.CharField(_("händelse"), max_length=255, blank=True)
    urgency = models.CharField(_("brådska"), max_length=10, blank=True)
    severity = models.CharField(_("allvarlighetsgrad"), max_length=10, choices=Severity.choices, blank=True)
    severity_rank = models.PositiveSmallIntegerField(default=len(Severity.choices), editable=False)
    certainty = models.CharField(_("sannolikhet"), max_length=10, blank=True)
    headline = models.CharField(_("rubrik"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    instruction = models.TextField(_("råd"), blank=True)
    sender_name = models.CharField(_("avsändarens namn"), max_length=255, blank=True)
    web = models.URLField(_("mer information"), max_length=1000, blank=True)
    effective = models.DateTimeField(_("gäller från"), null=True, blank=True)
    onset = models.DateTimeField(_("börjar"), null=True, blank=True)
    expires = models.DateTimeField(_("gäller till"), null=True, blank=True)
    # When the banner shows it: [visible_from, visible_until). visible_from is <effective> (CAP
    # defaults it to <sent>); visible_until is <expires>, or DEFAULT_LIFETIME later when missing.
    visible_from = models.DateTimeField(_("visas från"))
    visible_until = models.DateTimeField(_("visas till"))

    area_description = models.TextField(_("område"), blank=True)
    areas = models.JSONField(_("områden"), default=list, blank=True)
    municipality_codes = models.JSONField(_("kommunkoder"), default=list, blank=True)
    county_codes = models.JSONField(_("länskoder"), default=list, blank=True)

    withdrawn = models.CharField(_("tillbakadragen"), max_length=10, choices=Withdrawn.choices, blank=True,
                                 default=Withdrawn.NO)
    withdrawn_by = models.ForeignKey("self", verbose_name=_("ersatt eller återkallad av"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(_("tillbakadragen den"), null=True, blank=True)

    source = models.CharField(_("källa"), max_length=1000)
    raw_xml = models.TextField(_("meddelandet (XML)"))
    received_at = models.DateTimeField(_("mottagen"))

    class Meta:
        verbose_name = _("officiell varning")
        verbose_name_plural = _("officiella varningar")
        ordering = ["-sent"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "identifier"], name="alerts_unique_sender_identifier"),
        ]
        indexes = [
            # The banner's query: warnings still running, newest expiry bound first.
            models.Index(fields=["visible_until", "withdrawn"], name="alerts_visible_until_idx"),
            models.Index(fields=["-received_at"], name="alerts_received_idx"),
        ]

    def __str__(self) -> str:
        return self.headline or self.event or self.identifier

    def covers(self, *, municipality_code: str, county_code: str) -> bool:
        return municipality_code in self.municipality_codes or county_code in self.county_codes


class RejectedAlert(models.Model):
    """A message the import refused, with the reason; the same payload from the same source is kept once."""

    PAYLOAD_LIMIT = 4000

    source = models.CharField(_("källa"), max_length=1000)
    code = models.CharField(_("orsakskod"), max_length=30)
    reason = models.TextField(_("orsak"))
    identifier = models.CharField(_("identifierare"), max_length=255, blank=True)
    sender = models.CharField(_("avsändare"), max_length=255, blank=True)
    payload = models.TextField(_("meddelandets början"), blank=True)
    payload_size = models.PositiveIntegerField(_("storlek (byte)"), default=0)
    digest = models.CharField(max_length=64, db_index=True, editable=False)
    received_at = models.DateTimeField(_("mottagen"))

    class Meta:
        verbose_name = _("avvisat varningsmeddelande")
        verbose_name_plural = _("avvisade varningsmeddelanden")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
