"""Demo digital maturity assessments, submitted through the maturity service (idempotent).

Handlar'n i Lansjärv AB (Överkalix) has T0 a year ago and T1 now, so its page shows the change per
dimension; every other demo company of each pilot has T0 and every second one T1, so the municipality
and industry medians (shown from 5 companies) appear. Two more small companies per pilot exist only to
make the municipality's median reach 5 beside the company looked at; all invented for the demo, phone
numbers from the range PTS reserves for fiction."""
from datetime import timedelta

from django.utils import timezone

from competence import maturity_services
from competence.maturity_questionnaire import questionnaire
from competence.models import MaturityAssessment
from directory import services as directory_services
from directory.demo import DemoCompany, demo_org_number
from directory.models import Company, CompanyMember
from municipalities.demo import demo_user
from municipalities.models import Locality, Municipality

SHOWCASE = "handlarn-i-lansjarv-ab"
# Slots far above the directory's own demo companies, so the two never share an organisation number.
FIRST_SLOT = 51

EXTRA_COMPANIES: dict[str, list[DemoCompany]] = {
    "2505": [
        DemoCompany("Arvidsjaurs Redovisningsbyrå AB", "69201", "070-174 06 80", ("Arvidsjaur",),
                    "Bokföring, bokslut och deklarationer för småföretag och föreningar i Arvidsjaur.",
                    "Bokföring, lönehantering, deklaration", employees=2),
        DemoCompany("Glommers Hantverk & Presenter", "47789", "070-174 06 81", ("Glommersträsk",),
                    "Slöjd och presenter från trakten: näver, trä, horn och textil. Vi säljer även på nätet.",
                    "Slöjd, presenter, webbutik", legal_form="ef"),
    ],
    "2463": [
        DemoCompany("Åsele Fiske & Fritid AB", "47641", "070-174 06 82", ("Åsele",),
                    "Fiskeutrustning, fiskekort och uthyrning av båtar och kanoter vid Ångermanälven.",
                    "Fiskeutrustning, fiskekort, båtuthyrning", employees=2),
        DemoCompany("Fredrika Städ & Fastighetsservice", "81210", "070-174 06 83", ("Fredrika", "Åsele"),
                    "Städning av kontor och fritidshus, snöskottning och gräsklippning.",
                    "Städning, fastighetsskötsel, snöröjning", legal_form="ef", employees=3),
    ],
    "2513": [
        DemoCompany("Överkalix Bokhandel & Kontor AB", "47610", "070-174 06 84", ("Överkalix",),
                    "Böcker, kontorsvaror och skrivarpatroner. Vi beställer hem det vi inte har inne.",
                    "Böcker, kontorsmaterial, beställningar", employees=2),
        DemoCompany("Tallviks Gårdsmejeri", "10511", "070-174 06 85", ("Tallvik",),
                    "Ost, smör och yoghurt från egna kor, sålda i gårdsbutiken och i butiker i länet.",
                    "Ost, smör, gårdsbutik", legal_form="ef", employees=2),
    ],
}

# Levels 0–4 per dimension (strategy, readiness, human, data, automation, green), varied per company.
PROFILES = [
    (2, 3, 2, 1, 1, 2), (1, 2, 1, 1, 0, 1), (3, 3, 2, 2, 2, 2), (2, 2, 3, 2, 1, 3),
    (1, 1, 2, 0, 0, 1), (3, 4, 3, 3, 2, 2), (2, 2, 2, 2, 1, 1), (2, 3, 1, 2, 2, 3),
]
SHOWCASE_T0 = (1, 2, 1, 1, 0, 1)
SHOWCASE_T1 = (3, 3, 2, 3, 2, 2)


def answers_for(levels) -> dict:
    """Every question of a dimension answered at that dimension's level: a scale's option of that many
    points, a list's first `level` options (or "Inget av detta" at 0)."""
    answers = {}
    for dimension, level in zip(questionnaire().dimensions, levels, strict=True):
        for question in dimension.questions:
            if question.kind == "scale":
                answers[question.key] = str(level)
            else:
                picks = [o.value for o in question.options if not o.exclusive][:level]
                answers[question.key] = picks or ["none"]
    return answers


def _extra_companies(municipality: Municipality, moderator) -> None:
    localities = {loc.name: loc for loc in Locality.objects.filter(municipality=municipality)}
    for slot, spec in enumerate(EXTRA_COMPANIES.get(municipality.code, []), start=FIRST_SLOT):
        org_number = demo_org_number(municipality.code, slot)
        owner = demo_user(f"foretag{slot}.{municipality.slug}@example.org")
        if Company.objects.filter(org_number=org_number).exists():
            continue
        company = directory_services.company_register(
            actor=owner, municipality=municipality, org_number=org_number, legal_name=spec.legal_name,
            legal_form=spec.legal_form, primary_sni=spec.sni, phone=spec.phone, description=spec.description,
            products_services=spec.products, employees=spec.employees, turnover_band=spec.turnover,
            localities=[localities[n] for n in spec.localities if n in localities],
            postal_town=spec.localities[0], languages=["sv"],
        )
        directory_services.company_approve(actor=moderator, company=company)


def _member(company: Company):
    member = (CompanyMember.objects.filter(company=company).order_by("pk")
              .select_related("user").first())
    return member.user if member else None


def _backdate(assessment: MaturityAssessment, days: int) -> None:
    MaturityAssessment.objects.filter(pk=assessment.pk).update(created_at=timezone.now() - timedelta(days=days))


def _ensure_rounds(company: Company, rounds: list[tuple]) -> None:
    """Submit the rounds the company does not have yet; earlier rounds are dated a year back."""
    actor = _member(company)
    if actor is None:
        return
    have = MaturityAssessment.objects.filter(company=company).count()
    for number, levels in enumerate(rounds):
        if number < have:
            continue
        assessment = maturity_services.assessment_submit(actor=actor, company=company, answers=answers_for(levels))
        if number < len(rounds) - 1:
            _backdate(assessment, days=365 - 30 * number)


def create_demo_data(*, municipality: Municipality, moderator) -> None:
    _extra_companies(municipality, moderator)
    companies = Company.objects.filter(municipality=municipality, status=Company.Status.PUBLISHED).order_by("org_number")
    for index, company in enumerate(companies):
        if company.slug == SHOWCASE:
            _ensure_rounds(company, [SHOWCASE_T0, SHOWCASE_T1])
            continue
        profile = PROFILES[index % len(PROFILES)]
        rounds = [profile]
        if index % 2 == 0:  # every second company has measured again, a little better
            rounds.append(tuple(min(4, level + 1) for level in profile))
        _ensure_rounds(company, rounds)
