"""The competence registry's part of a user's data export: needs they registered and status changes they made."""
from competence.models import CompetenceNeed, CompetenceNeedStatusChange


def export_competence(user) -> dict:
    return {
        "needs_registered": [
            {"company": n.company.legal_name, "description": n.description, "status": n.status,
             "created": n.created_at.isoformat()}
            for n in CompetenceNeed.objects.filter(created_by=user).select_related("company")
        ],
        "status_changes": [
            {"company": c.need.company.legal_name, "from": c.from_status, "to": c.to_status, "note": c.note,
             "at": c.created_at.isoformat()}
            for c in CompetenceNeedStatusChange.objects.filter(actor=user).select_related("need__company")
        ],
    }
