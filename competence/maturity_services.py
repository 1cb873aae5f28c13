"""Every write of digital maturity self-assessments: a company member submits the questionnaire; the
answers are checked against competence/data/maturity_questions.json, scored, and stored as the
company's next round (T0, T1, …)."""
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from competence.maturity_questionnaire import questionnaire
from competence.models import MaturityAssessment
from competence.permissions import can_assess_maturity
from core.permissions import require
from directory.models import Company

# The same answers sent again this soon by the same person are one submission (a double click or a
# re-sent form), not a new round.
RESUBMIT_WINDOW = timedelta(minutes=10)


def assessment_submit(*, actor, company: Company, answers: dict) -> MaturityAssessment:
    """Store the company's next round. Raises ValidationError with a Swedish message per question
    (keyed by the question's key) when an answer is missing or not one of the question's options;
    nothing is saved then. Two submissions racing for the same round: the company row is locked and
    unique(company, round) stands behind it; the loser retries once with the next round number."""
    require(can_assess_maturity(actor, company))
    form = questionnaire()
    cleaned = form.clean_answers(answers)
    scores, overall = form.score(cleaned)
    for attempt in range(2):
        try:
            return _store(actor=actor, company=company, version=form.version, answers=cleaned, scores=scores,
                          overall=overall)
        except IntegrityError:
            if attempt:
                raise ValidationError(_("Någon annan sparade en mätning för företaget samtidigt. Försök igen."),
                                      code="round_taken") from None
    raise AssertionError("unreachable")


@transaction.atomic
def _store(*, actor, company, version, answers, scores, overall) -> MaturityAssessment:
    Company.objects.select_for_update().filter(pk=company.pk).exists()
    rounds = MaturityAssessment.objects.filter(company=company)
    latest = rounds.order_by("-round").first()
    if (latest is not None and latest.created_by_id == actor.pk and latest.answers == answers
            and latest.questionnaire == version and timezone.now() - latest.created_at < RESUBMIT_WINDOW):
        return latest
    next_round = (rounds.aggregate(last=Max("round"))["last"] + 1) if latest is not None else 0
    assessment = MaturityAssessment(municipality_id=company.municipality_id, company=company, round=next_round,
                                    questionnaire=version, answers=answers, scores=scores, overall=overall,
                                    created_by=actor)
    assessment.full_clean(validate_constraints=False)
    assessment.save()
    return assessment
