"""The directory's part of a user's data export: the companies they manage and their claims."""
from directory.models import CompanyClaim, CompanyMember


def export_companies(user) -> dict:
    return {
        "memberships": [
            {"company": m.company.legal_name, "org_number": m.company.org_number, "role": m.role,
             "since": m.created_at.isoformat()}
            for m in CompanyMember.objects.filter(user=user).select_related("company")
        ],
        "claims": [
            {"company": c.company.legal_name, "status": c.status, "message": c.message,
             "created": c.created_at.isoformat()}
            for c in CompanyClaim.objects.filter(user=user).select_related("company")
        ],
    }
