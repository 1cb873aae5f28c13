"""The competence registry's part of a user's data export: needs they registered, status changes they
made, sharing consents they gave or withdrew for a company, needs conversations they recorded, maturity
assessments and peer offers they submitted, and their memberships of providers with the offers they wrote."""
from django.db.models import Q

from competence.models import (
    CompanyPeerOffer,
    CompetenceNeed,
    CompetenceNeedStatusChange,
    LearningOffer,
    MaturityAssessment,
    NeedsConversation,
    ProviderMember,
    SharingConsent,
)


def _date(value):
    return value.isoformat() if value else None


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
        "sharing_consents": [
            {"company": c.company.legal_name, "owner": c.owner.name,
             "given": c.created_at.isoformat() if c.given_by_id == user.pk else None,
             "withdrawn": _date(c.withdrawn_at) if c.withdrawn_by_id == user.pk else None}
            for c in SharingConsent.objects.filter(Q(given_by=user) | Q(withdrawn_by=user))
            .select_related("company", "owner").order_by("created_at", "pk")
        ],
        "conversations_recorded": [
            {"company": c.company.legal_name, "organisation": c.owner.name if c.owner else None,
             "held_on": _date(c.held_on), "participants": c.participants, "summary": c.summary,
             "next_step": c.next_step, "follow_up_on": _date(c.follow_up_on)}
            for c in NeedsConversation.objects.filter(advisor=user).select_related("company", "owner")
            .order_by("held_on", "pk")
        ],
        "maturity_assessments": [
            {"company": a.company.legal_name, "round": a.label, "scores": a.scores, "overall": a.overall,
             "answers": a.answers, "at": a.created_at.isoformat()}
            for a in MaturityAssessment.objects.filter(created_by=user).select_related("company")
        ],
        "peer_offers_written": [
            {"company": o.company.legal_name, "title": o.title, "description": o.description, "active": o.active}
            for o in CompanyPeerOffer.objects.filter(created_by=user).select_related("company")
        ],
        "provider_memberships": [
            {"provider": m.provider.name, "role": m.role} for m in
            ProviderMember.objects.filter(user=user).select_related("provider").order_by("provider__name")
        ],
        "learning_offers_written": [
            {"provider": o.provider.name, "title": o.title, "description": o.description, "active": o.active}
            for o in LearningOffer.objects.filter(created_by=user).select_related("provider")
        ],
    }
