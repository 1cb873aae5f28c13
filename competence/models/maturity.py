"""Digital maturity self-assessments in the structure of the EU Digital Maturity Assessment (EDIH DMA):
six dimensions scored 0–100, overall the mean; repeated as T0, T1, … The questions live in
competence/data/maturity_questions.json, not in code."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import MunicipalityOwned


class MaturityDimension(models.TextChoices):
    STRATEGY = "strategy", _("Digital affärsstrategi")
    READINESS = "readiness", _("Digital mognad i verksamheten")
    HUMAN = "human", _("Människan i digitaliseringen")
    DATA = "data", _("Datahantering")
    AUTOMATION = "automation", _("Automatisering och AI")
    GREEN = "green", _("Grön digitalisering")


def validate_scores(value) -> None:
    dims = set(MaturityDimension.values)
    if not isinstance(value, dict) or set(value) != dims or not all(
            isinstance(v, (int, float)) and 0 <= v <= 100 for v in value.values()):
        raise ValidationError(_("Varje dimension ska ha ett värde mellan 0 och 100."), code="invalid_scores")


class MaturityAssessment(MunicipalityOwned):
    company = models.ForeignKey("directory.Company", on_delete=models.CASCADE, related_name="maturity_assessments")
    round = models.PositiveSmallIntegerField(_("mättillfälle"), help_text=_("0 för T0, 1 för T1 …"))
    questionnaire = models.CharField(_("frågeversion"), max_length=20)
    answers = models.JSONField(_("svar"), default=dict)
    scores = models.JSONField(_("poäng per dimension"), validators=[validate_scores])
    overall = models.FloatField(_("sammanvägd poäng"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("digital mognadsmätning")
        verbose_name_plural = _("digitala mognadsmätningar")
        ordering = ["company", "round"]
        constraints = [models.UniqueConstraint(fields=["company", "round"], name="unique_maturity_round")]

    def __str__(self) -> str:
        return f"{self.company} T{self.round}"

    @property
    def label(self) -> str:
        return f"T{self.round}"
