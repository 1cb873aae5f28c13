"""Needs conversations (behovsanalyssamtal): an advisor of a platform owner granted the company's
municipality, or the municipality's office, records a conversation with a company; the needs found
enter the company's registry (source "conversation", pointing back here), each with a first history
row. All in one transaction: any invalid part saves nothing."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competence.models import (
    CompetenceNeed,
    CompetenceNeedStatusChange,
    EffortArea,
    FollowupProject,
    NeedsConversation,
    NeedSource,
)
from competence.permissions import advisor_owner_ids, can_edit_conversation, can_record_conversation
from core.permissions import require
from core.services import apply_fields
from directory.models import Company
from municipalities.models import PlatformOwner, Role
from municipalities.permissions import has_role, is_platform_admin

# What a conversation record says; conversation_update takes any subset of them.
CONVERSATION_FIELDS = ("held_on", "participants", "summary", "next_step", "follow_up_on", "effort_area", "project")
# What the advisor writes down about each need found; the company adds occupation and skills later.
NEED_FOUND_FIELDS = ("description", "kind", "horizon", "headcount")


def recording_owner_choices(actor, company: Company) -> list[PlatformOwner]:
    """The organisations the actor may record a conversation for: their own owners granted the
    company's municipality (the platform administrator: every owner granted it)."""
    owners = company.municipality.platform_owners.all()
    if not is_platform_admin(actor):
        owners = owners.filter(pk__in=advisor_owner_ids(actor, company.municipality))
    return list(owners.order_by("name"))


def may_record_for_office(actor, company: Company) -> bool:
    """The municipality's own business office records without an owner."""
    return is_platform_admin(actor) or has_role(actor, company.municipality, Role.EDITOR)


def _resolve_owner(actor, company: Company, owner: PlatformOwner | None) -> PlatformOwner | None:
    choices = recording_owner_choices(actor, company)
    if owner is None:
        if may_record_for_office(actor, company):
            return None
        if len(choices) == 1:
            return choices[0]
        raise ValidationError({"owner": ValidationError(_("Välj vilken organisation ni höll samtalet för."),
                                                        code="owner_required")})
    if owner.pk not in {o.pk for o in choices}:
        raise ValidationError({"owner": ValidationError(
            _("Ni kan bara registrera samtal för en organisation ni tillhör som har tillgång till kommunen."),
            code="owner_not_allowed")})
    return owner


def _strip(value):
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def conversation_record(*, actor, company: Company, held_on, participants: str, summary: str = "",
                        next_step: str = "", follow_up_on=None, owner: PlatformOwner | None = None,
                        effort_area: EffortArea | None = None, project: FollowupProject | None = None,
                        needs: list[dict] | None = None, no_needs: bool = False) -> NeedsConversation:
    """Record a conversation and register the needs found in it on the company.

    `needs` is a list of {description, kind, horizon[, headcount]}; at least one, or `no_needs=True`
    to say explicitly that the conversation found none. Errors about the n-th need are keyed
    "needs-<n>-<field>" (the formset's field names) so a form can show them next to the field."""
    require(can_record_conversation(actor, company))
    needs = list(needs or [])
    owner = _resolve_owner(actor, company, owner)
    if not needs and not no_needs:
        raise ValidationError({"no_needs": ValidationError(
            _("Skriv minst ett behov som kom fram, eller kryssa i att samtalet inte hittade några behov."),
            code="needs_required")})
    if needs and no_needs:
        raise ValidationError({"no_needs": ValidationError(
            _("Ni har både skrivit behov och kryssat i att inga behov kom fram. Välj det ena."),
            code="needs_and_none")})
    conversation = NeedsConversation(
        municipality_id=company.municipality_id, company=company, owner=owner, advisor=actor, held_on=held_on,
        participants=_strip(participants), summary=_strip(summary), next_step=_strip(next_step),
        follow_up_on=follow_up_on, effort_area=effort_area, project=project)
    errors: dict[str, list] = {}
    try:
        conversation.full_clean()
    except ValidationError as error:
        errors.update(error.update_error_dict({}))
    found = []
    for index, data in enumerate(needs):
        unknown = set(data) - set(NEED_FOUND_FIELDS)
        if unknown:
            raise TypeError(f"conversation_record got unknown need fields: {sorted(unknown)}")
        need = CompetenceNeed(
            municipality_id=company.municipality_id, company=company, created_by=actor,
            source=NeedSource.CONVERSATION, description=_strip(data.get("description", "")),
            kind=data.get("kind", ""), horizon=data.get("horizon", ""), headcount=data.get("headcount") or 1)
        try:
            need.full_clean(exclude=["conversation"])
        except ValidationError as error:
            for field, messages in error.update_error_dict({}).items():
                key = f"needs-{index}-{field}" if field != "__all__" else f"needs-{index}"
                errors.setdefault(key, []).extend(messages)
        found.append(need)
    if errors:
        raise ValidationError(errors)
    conversation.save()
    for need in found:
        need.conversation = conversation
        need.save()
        change = CompetenceNeedStatusChange(municipality_id=need.municipality_id, need=need, from_status="",
                                            to_status=need.status, actor=actor,
                                            note=_("Från behovsanalyssamtal %(date)s") % {"date": held_on})
        change.full_clean()
        change.save()
    return conversation


@transaction.atomic
def conversation_update(*, actor, conversation: NeedsConversation, **fields) -> NeedsConversation:
    """Correct the record (not its company, organisation or needs: the needs are the company's now)."""
    require(can_edit_conversation(actor, conversation))
    conversation = NeedsConversation.objects.select_for_update().get(pk=conversation.pk)
    apply_fields(conversation, fields, allowed=CONVERSATION_FIELDS, service="conversation_update")
    conversation.full_clean()
    conversation.save()
    return conversation
