"""Companies for tests, registered and approved through the directory's services."""
from directory import services
from directory.models import Company
from municipalities.models import Role

from .accounts import make_user
from .municipalities import make_staff

# Valid Swedish organisation numbers (Luhn check digit), made up for tests.
ORG_NUMBERS = ["556016-0680", "556036-0793", "559000-0013", "556677-8899", "556123-4567"]


def make_company(municipality, *, owner=None, published: bool = False, org_number: str | None = None,
                 legal_name: str = "Snickeri i Åsele AB", **profile) -> Company:
    owner = owner or make_user(f"agare.{org_number or 'x'}.{municipality.slug}@example.org".replace("-", ""))
    data = {"legal_name": legal_name, "primary_sni": "43320", "phone": "070-174 06 50", **profile}
    company = services.company_register(actor=owner, municipality=municipality,
                                        org_number=org_number or ORG_NUMBERS[0], **data)
    if published:
        moderator = _moderator(municipality)
        services.company_approve(actor=moderator, company=company)
        company.refresh_from_db()
    return company


def _moderator(municipality):
    from municipalities.models import MunicipalityMembership

    existing = MunicipalityMembership.objects.filter(municipality=municipality, role=Role.MODERATOR).first()
    return existing.user if existing else make_staff(municipality, Role.MODERATOR,
                                                      email=f"mod.{municipality.slug}@example.org")
