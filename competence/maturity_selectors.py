"""Every read of digital maturity assessments: a company's rounds and change, the anonymised medians of its
municipality and industry (the platform owners' figures are in followup_selectors). Selectors take companies and municipalities,
never the request.

Anonymity: a median is shown only when at least MIN_COMPANIES companies contribute (each with its latest
round); otherwise it is None with the reason TOO_FEW. Callers who may see small cells (the municipality's
own staff, `competence.permissions.sees_unsuppressed_figures`) can pass suppress=False where offered."""
from dataclasses import dataclass
from statistics import median

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from competence.maturity_questionnaire import questionnaire
from competence.models import MaturityAssessment
from directory.models import Company
from directory.reference import sni_codes, sni_section, sni_section_titles
from reporting.suppression import THRESHOLD

MIN_COMPANIES = THRESHOLD  # the platform's one small-cell rule, as in the owners' follow-up
TOO_FEW = _("för få företag för att visa")


def dimension_keys() -> list[str]:
    """The six dimensions in the questionnaire's order."""
    return [d.key for d in questionnaire().dimensions]


def assessment_rounds(*, company: Company) -> list[MaturityAssessment]:
    """The company's rounds, T0 first."""
    return list(MaturityAssessment.objects.filter(municipality_id=company.municipality_id, company=company)
                .order_by("round"))


@dataclass(frozen=True)
class DimensionChange:
    dimension: str
    title: str
    first: float
    latest: float

    @property
    def change(self) -> float:
        return round(self.latest - self.first, 1)


def change_since_first(rounds: list[MaturityAssessment]) -> list[DimensionChange]:
    """Per dimension (and "overall" last): T0's score, the latest round's, and the change. Empty below two rounds."""
    if len(rounds) < 2:
        return []
    first, latest = rounds[0], rounds[-1]
    titles = questionnaire().dimension_titles()
    rows = [DimensionChange(key, titles[key], first.scores[key], latest.scores[key]) for key in dimension_keys()]
    rows.append(DimensionChange("overall", str(_("Sammanvägt")), first.overall, latest.overall))
    return rows


def company_maturity_change(*, company: Company) -> list[DimensionChange]:
    return change_since_first(assessment_rounds(company=company))


@dataclass(frozen=True)
class PeerMedian:
    """The median per dimension (and overall) over `companies` companies' latest rounds; `medians` is None
    (and `hidden_reason` says why) when fewer than MIN_COMPANIES contribute."""
    label: str
    companies: int
    medians: dict[str, float] | None
    hidden_reason: str = ""
    scope: str = ""  # e.g. the SNI section: "G Handel; reparation av motorfordon och motorcyklar"


def latest_assessments(companies: QuerySet[Company] | None = None) -> QuerySet:
    """Each company's latest round, optionally limited to some companies."""
    newest = (MaturityAssessment.objects.filter(company=OuterRef("company")).order_by("-round")
              .values("round")[:1])
    qs = MaturityAssessment.objects.all()
    if companies is not None:
        qs = qs.filter(company__in=companies)
    return qs.filter(round=Subquery(newest))


def _medians(assessments, *, suppress: bool = True, min_companies: int = MIN_COMPANIES):
    """(number of companies, {dimension: median, "overall": median} or None when hidden)."""
    rows = list(assessments.values_list("scores", "overall"))
    if not rows or (suppress and len(rows) < min_companies):
        return len(rows), None
    medians = {key: round(median(scores[key] for scores, _overall in rows), 1) for key in dimension_keys()}
    medians["overall"] = round(median(overall for _scores, overall in rows), 1)
    return len(rows), medians


def _peer_median(label: str, assessments, *, suppress: bool, scope: str = "") -> PeerMedian:
    count, medians = _medians(assessments, suppress=suppress)
    reason = "" if medians is not None else str(TOO_FEW)
    return PeerMedian(label=label, companies=count, medians=medians, hidden_reason=reason, scope=scope)


def sni_section_of(company: Company) -> str:
    """The SNI section letter (A–U) of the company's primary industry, '' if unknown."""
    return sni_section(company.primary_sni or "")


def _section_filter(section: str) -> Q:
    """Companies whose primary SNI code lies in the section: its two-digit divisions as prefixes."""
    divisions = [c.code for c in sni_codes().values() if c.level == 2 and c.parent == section]
    query = Q(pk__in=[])
    for division in divisions:
        query |= Q(primary_sni__startswith=division)
    return query


def municipality_median(*, company: Company, suppress: bool = True) -> PeerMedian:
    """The median over the latest round of every company in the company's municipality (itself included)."""
    companies = Company.objects.filter(municipality_id=company.municipality_id)
    return _peer_median(str(_("Kommunens median")), latest_assessments(companies), suppress=suppress)


def industry_median(*, company: Company) -> PeerMedian:
    """The median over the latest round of every company on the platform in the same SNI section (e.g. G,
    Handel). Spans municipalities, so small cells are always hidden."""
    section = sni_section_of(company)
    label = str(_("Branschens median"))
    if not section:
        return PeerMedian(label=label, companies=0, medians=None, hidden_reason=str(TOO_FEW))
    scope = f"{section} {sni_section_titles().get(section, '')}".strip()
    companies = Company.objects.filter(_section_filter(section))
    return _peer_median(label, latest_assessments(companies), suppress=True, scope=scope)
