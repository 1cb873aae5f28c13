"""Permission predicates for the directory. Pure functions of (user, object)."""
from directory.models import Company, CompanyMember, Visibility
from municipalities.models import STAFF_ROLES
from municipalities.permissions import can_moderate_in_municipality, has_role, is_platform_admin


def is_company_member(user, company: Company) -> bool:
    return bool(user.is_authenticated and CompanyMember.objects.filter(company=company, user=user).exists())


def is_company_owner(user, company: Company) -> bool:
    return bool(user.is_authenticated and CompanyMember.objects.filter(
        company=company, user=user, role=CompanyMember.Role.OWNER).exists())


def can_register_company(user) -> bool:
    return bool(user.is_authenticated)


def can_edit_company(user, company: Company) -> bool:
    return is_company_member(user, company) or can_moderate_company(user, company)


def can_moderate_company(user, company: Company) -> bool:
    return can_moderate_in_municipality(user, company.municipality)


def can_manage_company_members(user, company: Company) -> bool:
    return is_company_owner(user, company) or can_moderate_company(user, company)


def can_view_company(user, company: Company) -> bool:
    return company.is_published or can_edit_company(user, company)


def can_view_crisis_resources(user, company: Company) -> bool:
    """'Municipality only' resources are for the office and the company itself."""
    if company.crisis_visibility == Visibility.PUBLIC:
        return True
    return is_platform_admin(user) or has_role(user, company.municipality, *STAFF_ROLES) or is_company_member(
        user, company)
