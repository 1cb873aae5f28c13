"""Digital maturity assessments for tests, submitted through the maturity service."""
from competence import maturity_services
from competence.maturity_questionnaire import questionnaire
from tests.factories.accounts import make_user
from tests.factories.directory import make_company


def org_number(seed: int) -> str:
    """A valid made-up organisation number (Luhn check digit) for the seed: 559xxx-xxxC."""
    body = f"559{seed:06d}"
    total = 0
    for index, digit in enumerate(int(d) for d in body):
        value = digit * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return f"{body[:6]}-{body[6:]}{(10 - total % 10) % 10}"


def answers_at(level: int) -> dict:
    """Every scale answered `level` (0–4); every list with its first `level` options (or "none" at 0)."""
    answers = {}
    for question in questionnaire().questions.values():
        if question.kind == "scale":
            answers[question.key] = str(level)
        else:
            picks = [o.value for o in question.options if not o.exclusive][:level]
            answers[question.key] = picks or ["none"]
    return answers


def assess(company, *, actor, level: int = 2, **overrides):
    return maturity_services.assessment_submit(actor=actor, company=company, answers={**answers_at(level), **overrides})


def make_assessed_companies(municipality, count: int, *, start: int = 100, levels=None, sni: str = "47111"):
    """`count` published companies of the municipality, each with one round (T0) at levels[i] (default 2)."""
    companies = []
    for index in range(count):
        owner = make_user(f"mogen{start + index}@example.org")
        company = make_company(municipality, owner=owner, published=True, org_number=org_number(start + index),
                               legal_name=f"Jämförelsebolag {start + index} AB", primary_sni=sni)
        assess(company, actor=owner, level=(levels[index] if levels else 2))
        companies.append((company, owner))
    return companies
