"""What platform owners follow up: their own areas of effort (insatsområden) and projects, the companies'
dated consent to share with them, the needs conversations their advisors hold, and the matches made."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from municipalities.models import MunicipalityOwned


class EffortArea(TimeStampedModel):
    """An area of effort an owner reports on, e.g. an insatsområde of a regional action plan."""

    owner = models.ForeignKey("municipalities.PlatformOwner", verbose_name=_("plattformsägare"),
                              on_delete=models.CASCADE, related_name="effort_areas")
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("insatsområde")
        verbose_name_plural = _("insatsområden")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="unique_effort_area_name")]

    def __str__(self) -> str:
        return self.name


class FollowupProject(TimeStampedModel):
    """A funded project an owner reports per (name, funder, period, budget)."""

    owner = models.ForeignKey("municipalities.PlatformOwner", verbose_name=_("plattformsägare"),
                              on_delete=models.CASCADE, related_name="followup_projects")
    name = models.CharField(_("namn"), max_length=200)
    funder = models.CharField(_("finansiär"), max_length=200, blank=True)
    starts_on = models.DateField(_("startar"))
    ends_on = models.DateField(_("slutar"))
    budget_sek = models.PositiveBigIntegerField(_("budget (kr)"), null=True, blank=True)
    effort_area = models.ForeignKey(EffortArea, verbose_name=_("insatsområde"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="projects")

    class Meta:
        verbose_name = _("projekt")
        verbose_name_plural = _("projekt")
        ordering = ["-starts_on", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="unique_followup_project_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Projektet kan inte sluta innan det startar.")})
        if self.effort_area_id and self.owner_id and self.effort_area.owner_id != self.owner_id:
            raise ValidationError({"effort_area": _("Insatsområdet hör till en annan plattformsägare.")})


class SharingConsent(MunicipalityOwned):
    """A company's consent to let one platform owner see its individual needs. Given and withdrawn by the
    company, each dated; a withdrawn row stays as history and a new consent is a new row."""

    company = models.ForeignKey("directory.Company", on_delete=models.CASCADE, related_name="sharing_consents")
    owner = models.ForeignKey("municipalities.PlatformOwner", verbose_name=_("plattformsägare"),
                              on_delete=models.CASCADE, related_name="sharing_consents")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    withdrawn_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = _("samtycke att dela behov")
        verbose_name_plural = _("samtycken att dela behov")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["company", "owner"], condition=Q(withdrawn_at__isnull=True),
                                               name="one_active_sharing_consent")]

    def __str__(self) -> str:
        return f"{self.company} → {self.owner}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class NeedsConversation(MunicipalityOwned):
    """A needs conversation (behovsanalys) an advisor held with a company; the needs found are registered
    on the company and point back here."""

    company = models.ForeignKey("directory.Company", verbose_name=_("företag"), on_delete=models.CASCADE,
                                related_name="needs_conversations")
    owner = models.ForeignKey("municipalities.PlatformOwner", verbose_name=_("organisation"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="needs_conversations",
                              help_text=_("Tomt när kommunens näringslivskontor höll samtalet."))
    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rådgivare"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    held_on = models.DateField(_("datum"))
    participants = models.TextField(_("deltagare"), max_length=1000)
    summary = models.TextField(_("sammanfattning"), max_length=4000, blank=True)
    next_step = models.TextField(_("överenskommet nästa steg"), max_length=2000, blank=True)
    follow_up_on = models.DateField(_("uppföljning"), null=True, blank=True)
    effort_area = models.ForeignKey(EffortArea, verbose_name=_("insatsområde"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="conversations")
    project = models.ForeignKey(FollowupProject, verbose_name=_("projekt"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="conversations")

    class Meta:
        verbose_name = _("behovsanalyssamtal")
        verbose_name_plural = _("behovsanalyssamtal")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "held_on"], name="conversation_municipality_held")]

    def __str__(self) -> str:
        return f"{self.company} {self.held_on}"

    def clean(self) -> None:
        _check_same_municipality(self, _("Samtalet"))
        if self.follow_up_on and self.held_on and self.follow_up_on < self.held_on:
            raise ValidationError({"follow_up_on": _("Uppföljningen kan inte ligga före samtalet.")})
        _check_tags_belong_to_owner(self)


class NeedMatch(MunicipalityOwned):
    """A need matched to a provider's offer or another company's peer offer, with the one-line reason."""

    need = models.ForeignKey("competence.CompetenceNeed", on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey("competence.LearningOffer", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="matches")
    peer_offer = models.ForeignKey("competence.CompanyPeerOffer", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="matches")
    reason = models.CharField(_("motivering"), max_length=300)
    score = models.FloatField(_("poäng"), default=0, validators=[MinValueValidator(0), MaxValueValidator(1)])
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    owner = models.ForeignKey("municipalities.PlatformOwner", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="need_matches", help_text=_("Organisationen vars rådgivare matchade."))
    effort_area = models.ForeignKey(EffortArea, verbose_name=_("insatsområde"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="matches")
    project = models.ForeignKey(FollowupProject, verbose_name=_("projekt"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="matches")

    class Meta:
        verbose_name = _("matchning")
        verbose_name_plural = _("matchningar")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(offer__isnull=False, peer_offer__isnull=True)
                           | Q(offer__isnull=True, peer_offer__isnull=False)),
                name="need_match_one_target"),
            models.UniqueConstraint(fields=["need", "offer"], condition=Q(offer__isnull=False),
                                    name="unique_need_match_offer"),
            models.UniqueConstraint(fields=["need", "peer_offer"], condition=Q(peer_offer__isnull=False),
                                    name="unique_need_match_peer_offer"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id} → {self.offer or self.peer_offer}"

    def clean(self) -> None:
        if self.need_id and self.municipality_id and self.need.municipality_id != self.municipality_id:
            raise ValidationError(_("Matchningen måste höra till behovets kommun."))
        if bool(self.offer_id) == bool(self.peer_offer_id):
            raise ValidationError(_("En matchning gäller antingen ett utbildningserbjudande eller ett företags erbjudande."))
        if self.peer_offer_id and self.need_id and self.peer_offer.company_id == self.need.company_id:
            raise ValidationError(_("Ett företag kan inte matchas med sitt eget erbjudande."))
        _check_tags_belong_to_owner(self)


def _check_same_municipality(obj, label) -> None:
    if obj.company_id and obj.municipality_id and obj.company.municipality_id != obj.municipality_id:
        raise ValidationError(_("%(what)s måste höra till företagets kommun.") % {"what": label})


def _check_tags_belong_to_owner(obj) -> None:
    """An owner tags its own records with its own areas and projects only."""
    for field in ("effort_area", "project"):
        tag = getattr(obj, field)
        if tag is not None and tag.owner_id != obj.owner_id:
            raise ValidationError({field: _("Välj bland organisationens egna insatsområden och projekt.")})
