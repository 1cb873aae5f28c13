"""Writes of the follow-up: a platform owner's own areas of effort (insatsområden) and projects.
Each is checked with `can_manage_owner_tags`; names are unique per owner, said in Swedish by the name."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competence.models import EffortArea, FollowupProject
from competence.permissions import can_manage_owner_tags
from core.permissions import require
from core.services import apply_fields
from municipalities.models import PlatformOwner

AREA_FIELDS = ("name", "description")
PROJECT_FIELDS = ("name", "funder", "starts_on", "ends_on", "budget_sek", "effort_area")


def _check_unique_name(model, *, owner: PlatformOwner, name: str, exclude_pk=None) -> None:
    clash = model.objects.filter(owner=owner, name__iexact=name)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": _("Organisationen har redan ett med det namnet.")})


@transaction.atomic
def effort_area_create(*, actor, owner: PlatformOwner, name: str, description: str = "") -> EffortArea:
    require(can_manage_owner_tags(actor, owner))
    area = EffortArea(owner=owner, name=name.strip(), description=description.strip())
    area.full_clean(validate_unique=False, validate_constraints=False)
    _check_unique_name(EffortArea, owner=owner, name=area.name)
    area.save()
    return area


@transaction.atomic
def effort_area_update(*, actor, area: EffortArea, **fields) -> EffortArea:
    require(can_manage_owner_tags(actor, area.owner))
    apply_fields(area, fields, allowed=AREA_FIELDS, service="effort_area_update")
    area.full_clean(validate_unique=False, validate_constraints=False)
    _check_unique_name(EffortArea, owner=area.owner, name=area.name, exclude_pk=area.pk)
    area.save()
    return area


@transaction.atomic
def project_create(*, actor, owner: PlatformOwner, name: str, starts_on: dt.date, ends_on: dt.date,
                   funder: str = "", budget_sek: int | None = None,
                   effort_area: EffortArea | None = None) -> FollowupProject:
    require(can_manage_owner_tags(actor, owner))
    project = FollowupProject(owner=owner, name=name.strip(), funder=funder.strip(), starts_on=starts_on,
                              ends_on=ends_on, budget_sek=budget_sek, effort_area=effort_area)
    project.full_clean(validate_unique=False, validate_constraints=False)
    _check_unique_name(FollowupProject, owner=owner, name=project.name)
    project.save()
    return project


@transaction.atomic
def project_update(*, actor, project: FollowupProject, **fields) -> FollowupProject:
    require(can_manage_owner_tags(actor, project.owner))
    apply_fields(project, fields, allowed=PROJECT_FIELDS, service="project_update")
    project.full_clean(validate_unique=False, validate_constraints=False)
    _check_unique_name(FollowupProject, owner=project.owner, name=project.name, exclude_pk=project.pk)
    project.save()
    return project

