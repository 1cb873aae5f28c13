"""Every write to the competence registry: needs, their status history, and companies' peer offers."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competence.models import (
    ALLOWED_TRANSITIONS,
    CompanyPeerOffer,
    CompetenceNeed,
    CompetenceNeedStatusChange,
    NeedMatch,
    NeedStatus,
)
from competence.permissions import (
    can_edit_competence_needs,
    can_edit_peer_offers,
    can_mark_match,
    consenting_owner_ids,
    is_office_staff,
)
from competence.reference import ssyk_groups
from core.permissions import require
from core.services import apply_fields
from directory.models import Company
from directory.permissions import is_company_member

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
    return _save_fields(offer, fields, allowed=PEER_OFFER_FIELDS, service="peer_offer_update")


def _save_fields(obj, fields: dict, *, allowed, service: str):
    """Set the named fields (only those the service lets a company change), validate and save."""
    apply_fields(obj, fields, allowed=allowed, service=service)
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


@transaction.atomic
def need_match_create(*, actor, need: CompetenceNeed, offer=None, peer_offer=None, effort_area=None,
                      project=None) -> NeedMatch:
    """Record that a need is matched with a provider's offer or another company's peer offer, with the
    ranking's score and one-line reason, and move a registered need to "matched" (a dated history row).

    The company itself, its office's editors and advisors of an owner the company consents to share
    with may mark a match (`can_mark_match`); the status step is recorded here, not by need_set_status,
    because advisors and the office do not edit the company's need. An advisor's match belongs to the
    advisor's consenting owner and may carry that owner's area of effort and project only."""
    from competence import matching

    require(can_mark_match(actor, need.company))
    need = CompetenceNeed.objects.select_for_update().select_related("company", "municipality").get(pk=need.pk)
    if bool(offer) == bool(peer_offer):
        raise ValidationError(_("Välj ett erbjudande att matcha behovet med."), code="no_target")
    already = NeedMatch.objects.filter(need=need, offer=offer) if offer else NeedMatch.objects.filter(
        need=need, peer_offer=peer_offer)
    if already.exists():
        raise ValidationError(_("Behovet är redan matchat med det erbjudandet."), code="duplicate_match")
    suggestion = matching.suggestion_for(need, offer=offer, peer_offer=peer_offer)
    if suggestion is None:
        raise ValidationError(_("Erbjudandet kan inte matchas med det här behovet."), code="not_a_candidate")
    match = NeedMatch(municipality_id=need.municipality_id, need=need, offer=offer, peer_offer=peer_offer,
                      reason=suggestion.reason or _("föreslagen matchning"), score=suggestion.score,
                      marked_by=actor, owner=_match_owner(actor, need, effort_area, project),
                      effort_area=effort_area, project=project)
    match.full_clean()
    match.save()
    if NeedStatus.MATCHED in ALLOWED_TRANSITIONS.get(need.status, ()) and need.status == NeedStatus.REGISTERED:
        previous = need.status
        need.status = NeedStatus.MATCHED
        need.save(update_fields=["status", "updated_at"])
        target = offer or peer_offer
        _record(need=need, from_status=previous, to_status=need.status, actor=actor,
                note=_("Matchat med %(title)s") % {"title": target.title})
    return match


def _match_owner(actor, need, effort_area, project):
    """The platform owner an advisor marks the match for: None for the company and its office."""
    if is_company_member(actor, need.company) or is_office_staff(actor, need.municipality):
        return None
    owners = consenting_owner_ids(actor, need.company)
    for tag in (effort_area, project):
        if tag is not None and tag.owner_id in owners:
            return tag.owner
    if not owners:
        return None
    from municipalities.models import PlatformOwner

    return PlatformOwner.objects.get(pk=min(owners))
