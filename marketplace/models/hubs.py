"""Hubs: a platform owner's or a company's own marketplace (the wind-park developer's supplier platform,
"Kvinnliga företagare i Lappland") with members, listings and calls. A hub is at home in one municipality
(whose office sees it in the admin) and may span several."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import MunicipalityOwned


class Hub(MunicipalityOwned):
    name = models.CharField(_("namn"), max_length=150)
    slug = models.SlugField(_("kortnamn i webbadressen"), max_length=80, unique=True)
    purpose = models.CharField(_("syfte"), max_length=300,
                               help_text=_("En mening om vad hubben är till för, visas i listor."))
    description = models.TextField(_("beskrivning"), max_length=6000, blank=True)
    owner_platform = models.ForeignKey("municipalities.PlatformOwner", verbose_name=_("ägs av plattformsägare"),
                                       on_delete=models.PROTECT, null=True, blank=True, related_name="hubs")
    owner_company = models.ForeignKey("directory.Company", verbose_name=_("ägs av företag"),
                                      on_delete=models.PROTECT, null=True, blank=True, related_name="owned_hubs")
    municipalities = models.ManyToManyField("municipalities.Municipality", verbose_name=_("kommuner hubben spänner över"),
                                            related_name="marketplace_hubs", blank=True)
    logo = models.ForeignKey("wagtailimages.Image", verbose_name=_("logotyp"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    open_to_applications = models.BooleanField(_("företag kan ansöka om medlemskap"), default=True)
    public_member_list = models.BooleanField(_("medlemslistan är offentlig"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("hubb")
        verbose_name_plural = _("hubbar")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(owner_platform__isnull=False, owner_company__isnull=True)
                           | models.Q(owner_platform__isnull=True, owner_company__isnull=False)),
                name="hub_has_one_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if bool(self.owner_platform_id) == bool(self.owner_company_id):
            raise ValidationError(_("En hubb ägs av antingen en plattformsägare eller ett företag."),
                                  code="hub_owner")

    @property
    def owner_name(self) -> str:
        return str(self.owner_platform or self.owner_company)


class HubMembership(MunicipalityOwned):
    """A company's place in a hub. The municipality is the company's, so its office sees who joined."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Har ansökt")
        INVITED = "invited", _("Inbjuden")
        MEMBER = "member", _("Medlem")
        DECLINED = "declined", _("Avböjd")
        LEFT = "left", _("Har lämnat")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="memberships")
    company = models.ForeignKey("directory.Company", on_delete=models.CASCADE, related_name="hub_memberships")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    message = models.TextField(_("meddelande"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hubbmedlemskap")
        verbose_name_plural = _("hubbmedlemskap")
        constraints = [models.UniqueConstraint(fields=["hub", "company"], name="unique_hub_membership")]

    def __str__(self) -> str:
        return f"{self.company} – {self.hub} ({self.get_status_display()})"
