"""Every write to the competence registry: needs, their status history, and companies' peer offers."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competence.models import (
    ALLOWED_TRANSITIONS, CompanyPeerOffer, CompetenceNeed, CompetenceNeedStatusChange, NeedStatus,
)
from competence.permissions import can_edit_competence_needs, can_edit_peer_offers
from competence.reference import ssyk_groups
from core.permissions import require
from directory.models import Company

# The fields a company states about a need; need_update takes any subset of them.
NEED_FIELDS = (
    "description", "ssyk_code", "ssyk_name", "skills", "headcount", "kind", "horizon", "preferred_forms",
    "constraints", "constraints_note",
)
PEER_OFFER_FIELDS = ("kind", "title", "description", "ssyk_codes", "skills")


@transaction.atomic
def need_register(*, actor, company: Company, description: str, kind: str, horizon: str, headcount: int = 1,
                  ssyk_code: str = "", ssyk_name: str = "", skills: list | None = None,
                  preferred_forms: list | None = None, constraints: list | None = None,
                  constraints_note: str = "") -> CompetenceNeed:
    """A company member registers a need; the registration is the first row of its history."""
    require(can_edit_competence_needs(actor, company))
    if ssyk_code and not ssyk_name:
        ssyk_name = ssyk_groups().get(ssyk_code, "")
    need = CompetenceNeed(
        municipality=company.municipality, company=company, description=description.strip(), kind=kind,
        horizon=horizon, headcount=headcount, ssyk_code=ssyk_code, ssyk_name=ssyk_name.strip(),
        skills=skills or [], preferred_forms=preferred_forms or [], constraints=constraints or [],
        constraints_note=constraints_note.strip(), created_by=actor,
    )
    need.full_clean()
    need.save()
    _record(need=need, from_status="", to_status=need.status, actor=actor, note="")
    return need


@transaction.atomic
def need_update(*, actor, need: CompetenceNeed, **fields) -> CompetenceNeed:
    require(can_edit_competence_needs(actor, need.company))
    return _save_fields(need, fields, allowed=NEED_FIELDS, service="need_update")


@transaction.atomic
def need_set_status(*, actor, need: CompetenceNeed, status: str, note: str = "") -> CompetenceNeedStatusChange:
    """Move a need along registered → matched → in progress → met / dropped, keeping a dated history row."""
    require(can_edit_competence_needs(actor, need.company))
    need = CompetenceNeed.objects.select_for_update().get(pk=need.pk)
    if status not in ALLOWED_TRANSITIONS.get(need.status, ()):
        labels = dict(NeedStatus.choices)
        raise ValidationError({"status": ValidationError(
            _("Ett behov med status %(current)s kan inte få status %(new)s."),
            params={"current": labels.get(need.status, need.status), "new": labels.get(status, status)},
            code="invalid_transition")})
    previous = need.status
    need.status = status
    need.save(update_fields=["status", "updated_at"])
    return _record(need=need, from_status=previous, to_status=status, actor=actor, note=note.strip())


def _record(*, need, from_status, to_status, actor, note) -> CompetenceNeedStatusChange:
    change = CompetenceNeedStatusChange(municipality_id=need.municipality_id, need=need, from_status=from_status,
                                        to_status=to_status, actor=actor, note=note)
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def peer_offer_create(*, actor, company: Company, kind: str, title: str, description: str,
                      ssyk_codes: list | None = None, skills: list | None = None) -> CompanyPeerOffer:
    require(can_edit_peer_offers(actor, company))
    offer = CompanyPeerOffer(municipality=company.municipality, company=company, kind=kind, title=title.strip(),
                             description=description.strip(), ssyk_codes=ssyk_codes or [], skills=skills or [],
                             created_by=actor)
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def peer_offer_update(*, actor, offer: CompanyPeerOffer, **fields) -> CompanyPeerOffer:
    require(can_edit_peer_offers(actor, offer.company))
    fields = {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    return _save_fields(offer, fields, allowed=PEER_OFFER_FIELDS, service="peer_offer_update")


def _save_fields(obj, fields: dict, *, allowed, service: str):
    """Set the named fields (only those the service lets a company change), validate and save."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service} got unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def peer_offer_withdraw(*, actor, offer: CompanyPeerOffer) -> CompanyPeerOffer:
    """Withdrawn offers stay for the history but are no longer proposed to anyone."""
    require(can_edit_peer_offers(actor, offer.company))
    offer.active = False
    offer.save(update_fields=["active", "updated_at"])
    return offer
