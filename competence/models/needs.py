"""Companies' competence needs in their own words, the dated history of each need's status, and what
companies offer each other (the peer side of 70:20:10)."""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import MunicipalityOwned

SSYK_CODE = re.compile(r"^\d{4}$")


class NeedKind(models.TextChoices):
    RECRUIT = "recruit", _("Rekrytera")
    UPSKILL = "upskill", _("Kompetensutveckla personalen")


class Horizon(models.TextChoices):
    NOW = "now", _("Nu")
    SIX_MONTHS = "6m", _("Inom 6 månader")
    TWO_YEARS = "2y", _("Inom 2 år")


class LearningForm(models.TextChoices):
    """The 70:20:10 forms, from informal (a peer's phone call) to formal (a programme)."""

    PEER = "peer", _("Hjälp från ett annat företag")
    NETWORK = "network", _("Nätverk eller workshop")
    SHORT_COURSE = "short_course", _("Kort kurs eller webbinarium")
    VOCATIONAL = "vocational", _("Yrkesutbildning (YH eller Komvux)")
    UNIVERSITY = "university", _("Högskolekurs eller mikromeritet")
    INTERNSHIP = "internship", _("Praktikant eller VFU-student")


class Constraint(models.TextChoices):
    SHORT_SESSIONS = "short_sessions", _("Korta pass")
    DISTANCE = "distance", _("På distans")
    PLACE = "place", _("På vår ort")


class NeedStatus(models.TextChoices):
    REGISTERED = "registered", _("Registrerat")
    MATCHED = "matched", _("Matchat")
    IN_PROGRESS = "in_progress", _("Pågår")
    MET = "met", _("Tillgodosett")
    DROPPED = "dropped", _("Avslutat utan åtgärd")


# Which status may follow which. A met need stays met; a dropped one may be taken up again.
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    NeedStatus.REGISTERED: (NeedStatus.MATCHED, NeedStatus.IN_PROGRESS, NeedStatus.DROPPED),
    NeedStatus.MATCHED: (NeedStatus.IN_PROGRESS, NeedStatus.MET, NeedStatus.DROPPED),
    NeedStatus.IN_PROGRESS: (NeedStatus.MET, NeedStatus.DROPPED),
    NeedStatus.MET: (),
    NeedStatus.DROPPED: (NeedStatus.REGISTERED,),
}


def _validate_choice_list(value, choices, field_label) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("%(field)s måste vara en lista."), params={"field": field_label})
    allowed = {c for c, _label in choices}
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise ValidationError(_("Okänt val: %(values)s."), params={"values": ", ".join(map(str, unknown))})


def validate_learning_forms(value) -> None:
    _validate_choice_list(value, LearningForm.choices, _("Former"))


def validate_constraints(value) -> None:
    _validate_choice_list(value, Constraint.choices, _("Villkor"))


def validate_skills(value) -> None:
    """A list of {"id": JobTech concept id, "label": the skill's name}."""
    if not isinstance(value, list) or not all(
        isinstance(s, dict) and set(s) == {"id", "label"} and isinstance(s["id"], str) and isinstance(s["label"], str)
        and 0 < len(s["id"]) <= 40 and 0 < len(s["label"]) <= 200 for s in value
    ):
        raise ValidationError(_("Kompetenserna måste vara en lista med id och namn."), code="invalid_skills")
    if len(value) > 20:
        raise ValidationError(_("Välj högst 20 kompetenser."), code="too_many_skills")


def validate_ssyk_code(value: str) -> None:
    from competence.reference import ssyk_groups

    if value and not SSYK_CODE.match(value):
        raise ValidationError(_("Yrkeskoden ska vara fyra siffror (SSYK 2012), t.ex. 2512."), code="invalid_ssyk")
    if value and value not in ssyk_groups():
        raise ValidationError(_("%(code)s finns inte bland yrkesgrupperna i SSYK 2012."), params={"code": value},
                              code="unknown_ssyk")


class Embedded(models.Model):
    """A text embedding computed in the background after save (competence.tasks), for matching.

    `embedding_key` names the model and a hash of the embedded text: when either changes the vector is
    stale and is recomputed; matching treats a missing or stale vector as "no text signal", never waits."""

    embedding = models.BinaryField(null=True, blank=True, editable=False)
    embedding_key = models.CharField(max_length=80, blank=True, editable=False)

    class Meta:
        abstract = True

    def embedding_text(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


def validate_ssyk_codes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Yrkeskoderna måste vara en lista."), code="invalid_ssyk_codes")
    if len(value) > 20:
        raise ValidationError(_("Ange högst 20 yrken."), code="too_many_ssyk_codes")
    for code in value:
        validate_ssyk_code(code)


class NeedSource(models.TextChoices):
    COMPANY = "company", _("Företaget självt")
    CONVERSATION = "conversation", _("Behovsanalyssamtal")


class CompetenceNeed(Embedded, MunicipalityOwned):
    """A need a company registered, in its own words, with the occupation and skills it confirmed."""

    company = models.ForeignKey("directory.Company", verbose_name=_("företag"), on_delete=models.CASCADE,
                                related_name="competence_needs")
    description = models.TextField(_("behovet med era egna ord"), max_length=4000)
    ssyk_code = models.CharField(_("yrke (SSYK 2012)"), max_length=4, blank=True, validators=[validate_ssyk_code])
    ssyk_name = models.CharField(_("yrkesbenämning"), max_length=200, blank=True)
    skills = models.JSONField(_("kompetenser"), default=list, blank=True, validators=[validate_skills])
    headcount = models.PositiveSmallIntegerField(
        _("antal personer"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)])
    kind = models.CharField(_("rekrytera eller kompetensutveckla"), max_length=10, choices=NeedKind.choices)
    horizon = models.CharField(_("när"), max_length=3, choices=Horizon.choices)
    preferred_forms = models.JSONField(_("former ni kan tänka er"), default=list, blank=True,
                                       validators=[validate_learning_forms])
    constraints = models.JSONField(_("villkor"), default=list, blank=True, validators=[validate_constraints])
    constraints_note = models.TextField(_("övrigt om villkoren"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.REGISTERED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registrerat av"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(_("källa"), max_length=12, choices=NeedSource.choices, default=NeedSource.COMPANY)
    conversation = models.ForeignKey("competence.NeedsConversation", verbose_name=_("behovsanalyssamtal"),
                                     null=True, blank=True, on_delete=models.SET_NULL, related_name="needs")

    class Meta:
        verbose_name = _("kompetensbehov")
        verbose_name_plural = _("kompetensbehov")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="need_municipality_status"),
                   models.Index(fields=["municipality", "created_at"], name="need_municipality_created")]

    def __str__(self) -> str:
        return self.description[:60]

    def embedding_text(self) -> str:
        skills = ", ".join(s["label"] for s in self.skills)
        return " ".join(part for part in (self.description, self.ssyk_name, skills) if part)

    def clean(self) -> None:
        if self.company_id and self.municipality_id and self.company.municipality_id != self.municipality_id:
            raise ValidationError(_("Behovet måste höra till företagets kommun."))
        if self.ssyk_name and not self.ssyk_code:
            raise ValidationError({"ssyk_code": _("Ange yrkeskoden till yrket %(name)s.") % {"name": self.ssyk_name}})

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return ALLOWED_TRANSITIONS[self.status]

    @property
    def preferred_form_labels(self) -> list[str]:
        labels = dict(LearningForm.choices)
        return [labels[f] for f in self.preferred_forms if f in labels]

    @property
    def constraint_labels(self) -> list[str]:
        labels = dict(Constraint.choices)
        return [labels[c] for c in self.constraints if c in labels]


class CompetenceNeedStatusChange(MunicipalityOwned):
    """One dated step in a need's status history; the registration itself is the first row."""

    need = models.ForeignKey(CompetenceNeed, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("från"), max_length=12, choices=NeedStatus.choices, blank=True)
    to_status = models.CharField(_("till"), max_length=12, choices=NeedStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ändrat av"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("kommentar"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("statusändring för kompetensbehov")
        verbose_name_plural = _("statusändringar för kompetensbehov")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.need_id}: {self.from_status} → {self.to_status}"


class CompanyPeerOffer(Embedded, MunicipalityOwned):
    """What a company offers other companies: internship places, mentoring, knowledge to share."""

    class Kind(models.TextChoices):
        INTERNSHIP = "internship", _("Praktikplats")
        MENTORING = "mentoring", _("Mentorskap")
        KNOWLEDGE = "knowledge", _("Kunskap att dela")

    company = models.ForeignKey("directory.Company", verbose_name=_("företag"), on_delete=models.CASCADE,
                                related_name="peer_offers")
    kind = models.CharField(_("slag"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=4000)
    ssyk_codes = models.JSONField(_("yrken erbjudandet gäller (SSYK 2012)"), default=list, blank=True,
                                  validators=[validate_ssyk_codes])
    skills = models.JSONField(_("kompetenser"), default=list, blank=True, validators=[validate_skills])
    active = models.BooleanField(_("aktivt"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("erbjudande till andra företag")
        verbose_name_plural = _("erbjudanden till andra företag")
        ordering = ["-active", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.company_id and self.municipality_id and self.company.municipality_id != self.municipality_id:
            raise ValidationError(_("Erbjudandet måste höra till företagets kommun."))

    def embedding_text(self) -> str:
        skills = ", ".join(s["label"] for s in self.skills)
        return " ".join(part for part in (self.title, self.description, skills) if part)
