"""SOT points (service- och trygghetspunkter): the registry, live status, disruptions and readiness."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from municipalities.models import MunicipalityOwned, MunicipalityOwnedQuerySet


class Capability(models.TextChoices):
    """The controlled list of what a point can offer."""

    INFORMATION = "information", _("Informationstavla")
    RESERVE_POWER = "reserve_power", _("Reservkraft")
    CHARGING = "charging", _("Laddning av telefon och dator")
    RAKEL = "rakel", _("Rakel-radio för att nå 112")
    WATER = "water", _("Dricksvatten")
    WARM_ROOM = "warm_room", _("Värmestuga")
    FOOD_SALES = "food_sales", _("Livsmedelsförsäljning")
    WARM_FOOD = "warm_food", _("Varm mat")
    FUEL = "fuel", _("Drivmedel")
    FIRST_AID = "first_aid", _("Första hjälpen")
    DEFIBRILLATOR = "defibrillator", _("Hjärtstartare")
    TOILETS = "toilets", _("Toaletter")
    INTERNET = "internet", _("Wi-Fi/internet")
    CRISIS_SUPPORT = "crisis_support", _("Krisstöd")
    RELATIVES = "relatives", _("Hjälp att kontakta anhöriga")


class PointStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    LIMITED = "limited", _("Begränsad")
    CLOSED = "closed", _("Stängd")
    UNKNOWN = "unknown", _("Okänd")


class SotPoint(ClusterableModel, MunicipalityOwned):
    name = models.CharField(_("namn"), max_length=150, help_text=_("T.ex. Handlar'n i Lansjärv."))
    slug = models.SlugField(_("kortnamn i webbadressen"), max_length=120)
    host_name = models.CharField(_("värdorganisation"), max_length=200,
                                 help_text=_("Butiken, föreningen eller skolan som håller punkten."))
    host_company = models.ForeignKey("directory.Company", verbose_name=_("värdföretag i företagsregistret"),
                                     null=True, blank=True, on_delete=models.SET_NULL, related_name="sot_points")
    locality = models.ForeignKey("municipalities.Locality", verbose_name=_("ort"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="sot_points")
    street_address = models.CharField(_("gatuadress"), max_length=200)
    postal_code = models.CharField(_("postnummer"), max_length=6, blank=True)
    postal_town = models.CharField(_("postort"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitud"))
    longitude = models.FloatField(_("longitud"))
    phone = models.CharField(_("kontakttelefon"), max_length=30)
    accessibility_notes = models.TextField(_("tillgänglighet"), blank=True,
                                           help_text=_("T.ex. ramp vid entrén, tillgänglighetsanpassad toalett."))
    capabilities = models.JSONField(_("förmågor"), default=list, blank=True)
    generator_kva = models.PositiveIntegerField(_("reservkraftverkets effekt (kVA)"), null=True, blank=True)
    fuel_hours = models.PositiveIntegerField(_("drifttid på fulltankat reservkraftverk (timmar)"), null=True,
                                             blank=True)
    warm_room_places = models.PositiveIntegerField(_("platser i värmestugan"), null=True, blank=True)
    hosts = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("värdar"), blank=True,
                                   related_name="hosted_sot_points",
                                   help_text=_("Användare som får ändra punktens läge och bekräfta beredskap."))
    is_published = models.BooleanField(_("publicerad"), default=True)

    # The latest status, copied from the newest StatusUpdate so lists need no extra query.
    status = models.CharField(_("läge"), max_length=10, choices=PointStatus.choices, default=PointStatus.UNKNOWN,
                              editable=False)
    available_now = models.JSONField(_("tillgängligt just nu"), default=list, editable=False)
    places_free = models.PositiveIntegerField(_("lediga platser"), null=True, editable=False)
    status_message = models.CharField(_("meddelande"), max_length=280, blank=True, editable=False)
    status_changed_at = models.DateTimeField(_("läget ändrat"), null=True, editable=False)
    # Set when a disruption ends on a status set before its end: residents read "Ej bekräftat efter
    # störningen" until a host sets or confirms the status (services.point_status_update/confirm).
    confirmation_requested_at = models.DateTimeField(_("bekräftelse begärd efter störning"), null=True,
                                                     editable=False)
    # When the hosts were last e-mailed to confirm readiness; cleared when they confirm.
    readiness_reminded_at = models.DateTimeField(_("påmind om beredskapen"), null=True, editable=False)
    # When the point was last listed in the office's summary of overdue points; the newest of these
    # in a municipality is when its office last got one.
    readiness_office_reminded_at = models.DateTimeField(_("senast med i påminnelsen till kommunen"), null=True,
                                                        editable=False)

    objects = MunicipalityOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("SOT-punkt")
        verbose_name_plural = _("SOT-punkter")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="unique_sot_point_slug")]

    def __str__(self) -> str:
        return self.name

    @property
    def capability_labels(self) -> list[str]:
        return [Capability(c).label for c in self.capabilities if c in Capability.values]

    @property
    def available_labels(self) -> list[str]:
        return [Capability(c).label for c in self.available_now if c in Capability.values]

    @property
    def status_changed_iso(self) -> str:
        """How feeds and live pages name a status version ("" before the first status)."""
        return self.status_changed_at.isoformat() if self.status_changed_at else ""


class OpeningHours(models.Model):
    """One opening window on a weekday; several per day are allowed (e.g. 08–12 and 15–20)."""

    class Kind(models.TextChoices):
        NORMAL = "normal", _("Vanliga öppettider")
        DISRUPTION = "disruption", _("Vid störning")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("måndag")
        TUESDAY = 1, _("tisdag")
        WEDNESDAY = 2, _("onsdag")
        THURSDAY = 3, _("torsdag")
        FRIDAY = 4, _("fredag")
        SATURDAY = 5, _("lördag")
        SUNDAY = 6, _("söndag")

    point = ParentalKey(SotPoint, on_delete=models.CASCADE, related_name="opening_hours")
    kind = models.CharField(_("slag"), max_length=12, choices=Kind.choices, default=Kind.NORMAL)
    weekday = models.PositiveSmallIntegerField(_("veckodag"), choices=Weekday.choices)
    opens = models.TimeField(_("öppnar"))
    closes = models.TimeField(_("stänger"))

    class Meta:
        verbose_name = _("öppettid")
        verbose_name_plural = _("öppettider")
        ordering = ["kind", "weekday", "opens"]
        constraints = [models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")),
                                              name="opening_hours_closes_after_opens")]


class OpeningException(models.Model):
    """A date with other hours than usual (a holiday, a planned closure)."""

    point = ParentalKey(SotPoint, on_delete=models.CASCADE, related_name="opening_exceptions")
    date = models.DateField(_("datum"))
    closed = models.BooleanField(_("stängt hela dagen"), default=False)
    opens = models.TimeField(_("öppnar"), null=True, blank=True)
    closes = models.TimeField(_("stänger"), null=True, blank=True)
    note = models.CharField(_("anledning"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("avvikande öppettid")
        verbose_name_plural = _("avvikande öppettider")
        ordering = ["date", "opens"]


class StatusUpdate(MunicipalityOwned):
    """Every status a host set, kept as history."""

    point = models.ForeignKey(SotPoint, on_delete=models.CASCADE, related_name="status_updates")
    status = models.CharField(_("läge"), max_length=10, choices=PointStatus.choices)
    available_now = models.JSONField(_("tillgängligt just nu"), default=list)
    places_free = models.PositiveIntegerField(_("lediga platser"), null=True, blank=True)
    message = models.CharField(_("meddelande"), max_length=280, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ändrat av"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("lägesändring")
        verbose_name_plural = _("lägesändringar")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["point", "-created_at"], name="sot_status_point_recent")]


class Disruption(MunicipalityOwned):
    """A disruption the municipality declared; active from `started_at` until `ended_at`."""

    class Kind(models.TextChoices):
        STORM = "storm", _("Storm")
        POWER = "power", _("Strömavbrott")
        TELECOM = "telecom", _("Avbrott i telefoni och internet")
        SNOW = "snow", _("Snöoväder")
        FLOOD = "flood", _("Översvämning")
        FIRE = "fire", _("Brand")
        WATER = "water", _("Problem med dricksvatten")
        OTHER = "other", _("Annan störning")

    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=120)
    message = models.TextField(_("meddelande"), max_length=1000)
    localities = models.ManyToManyField("municipalities.Locality", verbose_name=_("berörda orter"), blank=True,
                                        help_text=_("Tomt betyder hela kommunen."))
    area_description = models.CharField(_("berört område"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("började"))
    ended_at = models.DateTimeField(_("slutade"), null=True, blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("utlyst av"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("störning")
        verbose_name_plural = _("störningar")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.title

    NO_LIVE_STAMP = "0"

    @property
    def live_stamp(self) -> str:
        """Changes whenever the disruption is declared, updated or ended (see sot_points.live_state)."""
        return f"{self.pk}-{int(self.updated_at.timestamp() * 1000)}"


class ReadinessCheck(MunicipalityOwned):
    """A host's monthly confirmation that the point is ready for the next disruption."""

    point = models.ForeignKey(SotPoint, on_delete=models.CASCADE, related_name="readiness_checks")
    generator_tested = models.BooleanField(_("reservkraftverket provkört"))
    fuel_percent = models.PositiveSmallIntegerField(_("bränslenivå (procent)"), null=True, blank=True)
    contacts_checked = models.BooleanField(_("kontaktuppgifter kontrollerade"))
    notes = models.CharField(_("anteckning"), max_length=280, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("bekräftat av"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("beredskapskontroll")
        verbose_name_plural = _("beredskapskontroller")
        ordering = ["-created_at", "-id"]


class SotHostInvitation(MunicipalityOwned):
    """The office's invitation of a host by e-mail; accepted when that address is verified (or used to log in)."""

    point = models.ForeignKey(SotPoint, on_delete=models.CASCADE, related_name="host_invitations")
    email = models.EmailField(_("e-post"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("inbjuden av"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbjudan som värd")
        verbose_name_plural = _("inbjudningar som värd")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["point", "email"], name="unique_sot_host_invitation")]

    def __str__(self) -> str:
        return f"{self.email} → {self.point}"


class DisruptionNotice(MunicipalityOwned):
    """One message sent to a host about a disruption: the record that makes it once per disruption."""

    class Kind(models.TextChoices):
        DECLARED = "declared", _("Störning utlyst")
        ENDED = "ended", _("Störning avslutad, bekräfta läget")

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-post")
        SMS = "sms", _("sms")

    disruption = models.ForeignKey(Disruption, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("slag"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("kanal"), max_length=5, choices=Channel.choices)
    recipient = models.CharField(_("mottagare"), max_length=254)

    class Meta:
        verbose_name = _("besked till värd")
        verbose_name_plural = _("besked till värdar")
        constraints = [models.UniqueConstraint(fields=["disruption", "kind", "channel", "recipient"],
                                               name="unique_sot_disruption_notice")]
