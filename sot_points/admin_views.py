"""The office's crisis desk in the Wagtail admin: declare, update and end disruptions; readiness; each
point's hosts (invite by e-mail, withdraw an invitation, remove a host).

Scoped to the municipalities where the user is staff; another municipality's objects are a 404.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_validation_errors
from core.scoping import get_scoped_or_404
from municipalities.models import Municipality, Role
from municipalities.selectors import municipality_list_for_staff
from sot_points import selectors, services
from sot_points.forms import DisruptionForm, HostInviteForm
from sot_points.models import Disruption, SotPoint
from sot_points.permissions import can_declare_disruption, can_manage_registry


def _municipality_for_staff(request, municipality_id: int) -> Municipality:
    return get_scoped_or_404(municipality_list_for_staff(request.user), municipality_id,
                             lambda municipality: can_declare_disruption(request.user, municipality))


def _disruption_for_staff(request, disruption_id: int) -> Disruption:
    return get_scoped_or_404(Disruption.objects.for_staff(request.user), disruption_id,
                             lambda disruption: can_declare_disruption(request.user, disruption.municipality))


def crisis_desk(request):
    desks = []
    for municipality in municipality_list_for_staff(request.user):
        active = selectors.disruption_active(municipality=municipality)
        desks.append({
            "municipality": municipality, "active": active,
            "form": DisruptionForm(municipality=municipality, instance=active, prefix=f"m{municipality.pk}"),
            "readiness": selectors.readiness_overview(municipality=municipality),
            "points": selectors.point_list_public(municipality=municipality),
            "past": selectors.disruption_list(municipality=municipality).exclude(ended_at=None)[:5],
            "manage_registry": can_manage_registry(request.user, municipality),
        })
    return TemplateResponse(request, "sot_points/admin/desk.html", {"desks": desks})


def _save_disruption(request, municipality, disruption=None):
    form = DisruptionForm(request.POST, municipality=municipality, instance=disruption, prefix=f"m{municipality.pk}")
    if not form.is_valid():
        return form
    data = form.cleaned_data
    fields = {"kind": data["kind"], "title": data["title"], "message": data["message"],
              "localities": list(data["localities"]), "area_description": data["area_description"]}
    try:
        if disruption is None:
            services.disruption_declare(actor=request.user, municipality=municipality, **fields)
            messages.success(request, _("Störningen är utlyst. Bannern visas nu på alla sidor."))
        else:
            services.disruption_update(actor=request.user, disruption=disruption, **fields)
            messages.success(request, _("Störningen är uppdaterad."))
    except ValidationError as error:
        form.add_error(None, error)
        return form
    return None


@require_POST
def disruption_declare(request, municipality_id: int):
    municipality = _municipality_for_staff(request, municipality_id)
    form = _save_disruption(request, municipality)
    return redirect("sot_admin:desk") if form is None else _desk_with(request, municipality, form)


@require_POST
def disruption_update(request, disruption_id: int):
    disruption = _disruption_for_staff(request, disruption_id)
    form = _save_disruption(request, disruption.municipality, disruption)
    return redirect("sot_admin:desk") if form is None else _desk_with(request, disruption.municipality, form)


@require_POST
def disruption_end(request, disruption_id: int):
    disruption = _disruption_for_staff(request, disruption_id)
    services.disruption_end(actor=request.user, disruption=disruption)
    messages.success(request, _("Störningen är avslutad. Bannern är borttagen."))
    return redirect("sot_admin:desk")


def _desk_with(request, municipality, form):
    """The desk again with the invalid form in place, its errors next to the fields."""
    response = crisis_desk(request)
    for desk in response.context_data["desks"]:
        if desk["municipality"].pk == municipality.pk:
            desk["form"] = form
    response.status_code = 200
    return response


def _point_for_registry(request, point_id: int) -> SotPoint:
    """A point of a municipality where the user manages the registry; any other point is a 404."""
    return get_scoped_or_404(SotPoint.objects.for_staff(request.user, [Role.EDITOR]).select_related("municipality"),
                             point_id, lambda point: can_manage_registry(request.user, point.municipality))


def point_hosts(request, point_id: int):
    """The point's hosts and open invitations; POST invites a host by e-mail."""
    point = _point_for_registry(request, point_id)
    form = HostInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.host_invite(actor=request.user, point=point, email=form.cleaned_data["email"])
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Inbjudan är skickad till %(email)s.") % {"email": invitation.email})
            return redirect("sot_admin:point-hosts", point_id=point.pk)
    return TemplateResponse(request, "sot_points/admin/hosts.html", {
        "point": point, "form": form, "hosts": point.hosts.order_by("email"),
        "invitations": point.host_invitations.filter(accepted_at__isnull=True).order_by("email"),
    })


@require_POST
def host_remove(request, point_id: int, user_id: int):
    point = _point_for_registry(request, point_id)
    host = get_object_or_404(point.hosts, pk=user_id)
    services.host_remove(actor=request.user, point=point, user=host)
    messages.success(request, _("%(email)s är inte längre värd för %(name)s.") % {"email": host.email,
                                                                                 "name": point.name})
    return redirect("sot_admin:point-hosts", point_id=point.pk)


@require_POST
def host_invitation_withdraw(request, point_id: int, invitation_id: int):
    point = _point_for_registry(request, point_id)
    invitation = get_object_or_404(point.host_invitations, pk=invitation_id, accepted_at__isnull=True)
    services.host_invitation_withdraw(actor=request.user, invitation=invitation)
    messages.success(request, _("Inbjudan till %(email)s är återkallad.") % {"email": invitation.email})
    return redirect("sot_admin:point-hosts", point_id=point.pk)
