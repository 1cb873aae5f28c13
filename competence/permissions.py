"""Who may see and change a company's competence needs and peer offers. Pure functions of (user, object).

Platform owners (regions, Almi, IUC) are deliberately absent: they will see a company's needs only
once the company has consented to share with them, which a later slice adds."""
from directory.models import Company
from directory.permissions import is_company_member
from municipalities.models import STAFF_ROLES
from municipalities.permissions import has_role, is_platform_admin


def can_edit_competence_needs(user, company: Company) -> bool:
    """Only the company's own members write its needs: they are in the company's own words."""
    return is_company_member(user, company)


def can_view_competence_needs(user, company: Company) -> bool:
    """The company, its municipality's business office (editors and moderators) and the platform administrator."""
    return (is_company_member(user, company) or is_platform_admin(user)
            or has_role(user, company.municipality, *STAFF_ROLES))


def can_edit_peer_offers(user, company: Company) -> bool:
    return is_company_member(user, company)


def can_view_peer_offers(user, company: Company) -> bool:
    return can_view_competence_needs(user, company)
