"""Education and support providers (learning centre, Komvux, YH, university, Almi, IUC) and the offers they
publish. A provider is an organisation with its own members, at home in one municipality (whose business
office curates it) and serving the municipalities it names."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from competence.models.needs import Embedded, LearningForm, validate_skills, validate_ssyk_codes
from municipalities.models import MunicipalityOwned


class Provider(MunicipalityOwned):
    class Kind(models.TextChoices):
        LEARNING_CENTRE = "learning_centre", _("Lärcentrum")
        KOMVUX = "komvux", _("Komvux")
        YH = "yh", _("Yrkeshögskola")
        UNIVERSITY = "university", _("Universitet eller högskola")
        BUSINESS_SUPPORT = "business_support", _("Företagsfrämjare (t.ex. Almi, IUC)")
        OTHER = "other", _("Annan utbildningsaktör")

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("beskrivning"), max_length=4000, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    serves_municipalities = models.ManyToManyField(
        "municipalities.Municipality", verbose_name=_("kommuner som erbjudandena riktar sig till"), blank=True,
        related_name="competence_providers")
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("utbildningsaktör")
        verbose_name_plural = _("utbildningsaktörer")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unique_provider_name")]

    def __str__(self) -> str:
        return self.name


class ProviderMember(MunicipalityOwned):
    """A person who publishes the provider's offers; the owner also manages the members."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Ansvarig")
        EDITOR = "editor", _("Redaktör")

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_memberships")
    role = models.CharField(_("roll"), max_length=10, choices=Role.choices, default=Role.EDITOR)

    class Meta:
        verbose_name = _("medlem hos utbildningsaktör")
        verbose_name_plural = _("medlemmar hos utbildningsaktörer")
        constraints = [models.UniqueConstraint(fields=["provider", "user"], name="unique_provider_member")]

    def __str__(self) -> str:
        return f"{self.user} – {self.provider}"


class Delivery(models.TextChoices):
    ON_SITE = "on_site", _("På plats")
    DISTANCE = "distance", _("På distans")
    MIXED = "mixed", _("Delvis på distans")


def validate_start_dates(value) -> None:
    """A list of ISO dates (YYYY-MM-DD), at most 24."""
    from datetime import date

    if not isinstance(value, list) or len(value) > 24:
        raise ValidationError(_("Ange högst 24 startdatum."), code="invalid_start_dates")
    for item in value:
        try:
            date.fromisoformat(item)
        except (TypeError, ValueError):
            raise ValidationError(_("%(value)s är inget datum (ÅÅÅÅ-MM-DD)."), params={"value": item},
                                  code="invalid_start_date") from None


class LearningOffer(Embedded, MunicipalityOwned):
    """A course, programme, network meeting or support a provider offers companies."""

    provider = models.ForeignKey(Provider, verbose_name=_("utbildningsaktör"), on_delete=models.CASCADE,
                                 related_name="offers")
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=4000)
    form = models.CharField(_("form"), max_length=12, choices=LearningForm.choices)
    length = models.CharField(_("längd"), max_length=100, blank=True, help_text=_("T.ex. 3 kvällar à 2 timmar."))
    delivery = models.CharField(_("genomförande"), max_length=10, choices=Delivery.choices)
    place = models.CharField(_("ort"), max_length=100, blank=True)
    start_dates = models.JSONField(_("startdatum"), default=list, blank=True, validators=[validate_start_dates])
    cost_sek = models.PositiveIntegerField(_("kostnad (kr)"), null=True, blank=True,
                                           help_text=_("Lämna tomt om kostnaden är okänd; 0 betyder avgiftsfri."))
    url = models.URLField(_("mer information"), blank=True)
    ssyk_codes = models.JSONField(_("yrken (SSYK 2012)"), default=list, blank=True, validators=[validate_ssyk_codes])
    skills = models.JSONField(_("kompetenser"), default=list, blank=True, validators=[validate_skills])
    effort_areas = models.ManyToManyField("competence.EffortArea", verbose_name=_("insatsområden"), blank=True,
                                          related_name="offers")
    projects = models.ManyToManyField("competence.FollowupProject", verbose_name=_("projekt"), blank=True,
                                      related_name="offers")
    active = models.BooleanField(_("aktivt"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("utbildningserbjudande")
        verbose_name_plural = _("utbildningserbjudanden")
        ordering = ["-active", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.provider_id and self.municipality_id and self.provider.municipality_id != self.municipality_id:
            raise ValidationError(_("Erbjudandet måste höra till utbildningsaktörens kommun."))
        if self.delivery != Delivery.DISTANCE and not self.place:
            raise ValidationError({"place": _("Ange orten där erbjudandet ges, eller välj distans.")})

    def embedding_text(self) -> str:
        skills = ", ".join(s["label"] for s in self.skills)
        return " ".join(part for part in (self.title, self.description, skills) if part)
