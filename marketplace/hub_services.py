"""Every write to hubs and their memberships, and the e-mails those writes send.

A hub is owned by a platform owner or by a company. It is at home in one municipality and may span others
of the same county (one office's reach; the platform administrator may go wider). Companies join by
applying (the managers approve or decline) or by being invited (the company's members accept); either side
may end a membership. Every e-mail goes out after the transaction commits.

Who may start a hub (marketplace.permissions): a platform owner's member, when the owner was granted the
home municipality (a region, Almi, a learning centre: the municipalities that let it in) or is of the
COMPANY kind (a wind-park developer runs a supplier hub where it builds, without being granted anything:
its hub shows only its own listings and members, none of the municipality's follow-up); or a company's
member, for a published company of the home municipality."""
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.permissions import require
from core.services import apply_fields
from directory.models import Company, CompanyMember
from marketplace.models import Hub, HubMembership
from marketplace.permissions import (
    can_act_for_company,
    can_create_hub,
    can_create_hub_for_company,
    can_create_hub_for_platform_owner,
    can_manage_hub,
)
from municipalities.models import Municipality
from municipalities.permissions import is_platform_admin

HUB_FIELDS = ("name", "purpose", "description", "open_to_applications", "public_member_list", "active")
Status = HubMembership.Status


# --- e-mail -----------------------------------------------------------------------------------------
def _hub_url(hub: Hub, name: str = "marketplace_hubs:hub-detail") -> str:
    return hub.municipality.site.root_url + reverse(name, args=[hub.slug])


def hub_manager_emails(hub: Hub) -> list[str]:
    """The addresses of the people who run the hub (for e-mails about its listings and members)."""
    if hub.owner_platform_id:
        return list(hub.owner_platform.members.values_list("email", flat=True))
    return _company_emails(hub.owner_company)


def _company_emails(company: Company) -> list[str]:
    return list(CompanyMember.objects.filter(company=company).values_list("user__email", flat=True))


def _send_on_commit(subject: str, template: str, context: dict, recipients_of) -> None:
    """Render and send after commit; recipients are looked up then, so a rolled-back change mails no one."""

    def send():
        recipients = sorted({r for r in recipients_of() if r})
        if recipients:
            send_mail(subject, render_to_string(f"marketplace/emails/{template}.txt", context), None, recipients)

    transaction.on_commit(send)


def _mail_managers(membership: HubMembership, subject: str, template: str) -> None:
    hub = membership.hub
    _send_on_commit(subject, template, {"membership": membership, "hub": hub, "company": membership.company,
                                        "manage_url": _hub_url(hub, "marketplace_hubs:hub-manage")},
                    lambda: hub_manager_emails(hub))


def _mail_company(membership: HubMembership, subject: str, template: str) -> None:
    _send_on_commit(subject, template, {"membership": membership, "hub": membership.hub,
                                        "company": membership.company, "hub_url": _hub_url(membership.hub)},
                    lambda: _company_emails(membership.company))


# --- hubs -------------------------------------------------------------------------------------------
def _unique_slug(name: str) -> str:
    base = (slugify(name) or "hubb")[:70].strip("-") or "hubb"
    slug, number = base, 2
    while Hub.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _set_spanned(hub: Hub, municipalities, *, actor) -> None:
    """The home municipality is always spanned; others only in the same county, unless the platform
    administrator decides otherwise (a hub wider than a county is no single office's business)."""
    ids = {m.pk if isinstance(m, Municipality) else int(m) for m in (municipalities or [])}
    ids.add(hub.municipality_id)
    spanned = list(Municipality.objects.filter(pk__in=ids))
    outside = sorted(m.name for m in spanned if m.county_code != hub.municipality.county_code)
    if outside and not is_platform_admin(actor):
        raise ValidationError({"municipalities": ValidationError(
            _("En hubb kan bara spänna över kommuner i %(county)s. %(names)s ligger i ett annat län."),
            params={"county": hub.municipality.county_name, "names": ", ".join(outside)}, code="hub_county")})
    hub.municipalities.set(spanned)


def _require_owner(actor, municipality: Municipality, owner_platform, owner_company) -> None:
    if bool(owner_platform) == bool(owner_company):
        raise ValidationError({"owner": ValidationError(
            _("Välj vem som äger hubben: en plattformsägare eller ett företag."), code="hub_owner")})
    if owner_platform is not None:
        require(can_create_hub_for_platform_owner(actor, owner_platform, municipality),
                "Not a member of a platform owner granted this municipality.")
    else:
        require(can_create_hub_for_company(actor, owner_company, municipality),
                "Not a member of a published company of this municipality.")


@transaction.atomic
def hub_create(*, actor, municipality: Municipality, name: str, purpose: str, description: str = "",
               owner_platform=None, owner_company=None, municipalities=(), open_to_applications: bool = True,
               public_member_list: bool = True) -> Hub:
    require(can_create_hub(actor))
    _require_owner(actor, municipality, owner_platform, owner_company)
    hub = Hub(municipality=municipality, name=(name or "").strip(), slug=_unique_slug(name or ""),
              purpose=(purpose or "").strip(), description=(description or "").strip(),
              owner_platform=owner_platform, owner_company=owner_company, created_by=actor,
              open_to_applications=open_to_applications, public_member_list=public_member_list)
    hub.full_clean()
    hub.save()
    _set_spanned(hub, municipalities, actor=actor)
    return hub


@transaction.atomic
def hub_update(*, actor, hub: Hub, municipalities=None, logo_upload=None, **fields) -> Hub:
    """The slug stays as it was: links to the hub page keep working after a rename."""
    require(can_manage_hub(actor, hub))
    apply_fields(hub, fields, allowed=HUB_FIELDS, service="hub_update")
    hub.full_clean()
    hub.save()
    if municipalities is not None:
        _set_spanned(hub, municipalities, actor=actor)
    if logo_upload is not None:
        hub_set_logo(actor=actor, hub=hub, upload=logo_upload)
    return hub


@transaction.atomic
def hub_set_logo(*, actor, hub: Hub, upload) -> Hub:
    """Validate and re-encode the upload (core.uploads) and store it in the home municipality's collection."""
    from wagtail.images import get_image_model

    from core.uploads import clean_image_upload

    require(can_manage_hub(actor, hub))
    try:
        clean = clean_image_upload(upload)
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from error
    old = hub.logo
    hub.logo = get_image_model().objects.create(
        title=(_("Logotyp för %(name)s") % {"name": hub.name})[:255], file=clean.file, width=clean.width,
        height=clean.height, collection=hub.municipality.collection)
    hub.save(update_fields=["logo", "updated_at"])
    if old is not None:
        old.delete()
    return hub


# --- memberships ------------------------------------------------------------------------------------
def _require_company_in_reach(hub: Hub, company: Company) -> None:
    if not company.is_published:
        raise ValidationError({"company": ValidationError(
            _("%(name)s är inte publicerat i företagsregistret ännu."), params={"name": company.display_name},
            code="company_unpublished")})
    if not hub.municipalities.filter(pk=company.municipality_id).exists():
        raise ValidationError({"company": ValidationError(
            _("%(name)s finns i %(municipality)s, som hubben inte omfattar."),
            params={"name": company.display_name, "municipality": company.municipality.name},
            code="company_outside_hub")})


def _locked(hub: Hub, company: Company) -> HubMembership | None:
    return HubMembership.objects.select_for_update().filter(hub=hub, company=company).first()


def _refuse_existing(membership: HubMembership | None, company: Company) -> None:
    name = company.display_name
    messages = {
        Status.MEMBER: (_("%(name)s är redan medlem i hubben."), "already_member"),
        Status.APPLIED: (_("%(name)s har redan ansökt om medlemskap. Ansökan väntar på beslut."), "already_applied"),
        Status.INVITED: (_("%(name)s är redan inbjudet och har inte svarat än."), "already_invited"),
    }
    if membership is not None and membership.status in messages:
        text, code = messages[membership.status]
        raise ValidationError({"company": ValidationError(text, params={"name": name}, code=code)})


def _save(membership: HubMembership, *, status: str, actor=None, decided: bool = False) -> HubMembership:
    membership.status = status
    if decided:
        membership.decided_by, membership.decided_at = actor, timezone.now()
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def hub_apply(*, actor, hub: Hub, company: Company, message: str = "") -> HubMembership:
    """A company asks to join. A company already invited simply becomes a member: both sides want it."""
    require(can_act_for_company(actor, company))
    if not hub.active or not hub.open_to_applications:
        raise ValidationError(_("%(hub)s tar inte emot ansökningar just nu."), params={"hub": hub.name},
                              code="hub_closed")
    _require_company_in_reach(hub, company)
    membership = _locked(hub, company)
    if membership is not None and membership.status == Status.INVITED:
        return _accept(membership, actor=actor)
    _refuse_existing(membership, company)
    membership = membership or HubMembership(hub=hub, company=company, municipality_id=company.municipality_id)
    membership.message = (message or "").strip()
    membership.decided_by, membership.decided_at = None, None
    _save(membership, status=Status.APPLIED)
    _mail_managers(membership, _("Ny ansökan till %(hub)s: %(company)s") % {
        "hub": hub.name, "company": company.display_name}, "hub_application")
    return membership


@transaction.atomic
def hub_invite(*, actor, hub: Hub, company: Company, message: str = "") -> HubMembership:
    require(can_manage_hub(actor, hub))
    _require_company_in_reach(hub, company)
    membership = _locked(hub, company)
    _refuse_existing(membership, company)
    membership = membership or HubMembership(hub=hub, company=company, municipality_id=company.municipality_id)
    membership.message = (message or "").strip()
    _save(membership, status=Status.INVITED, actor=actor, decided=True)
    _mail_company(membership, _("%(company)s är inbjudet till %(hub)s") % {
        "hub": hub.name, "company": company.display_name}, "hub_invitation")
    return membership


def _relock(membership: HubMembership, *expected: str) -> HubMembership:
    """The membership as it is now (row locked), or an error when someone else decided first."""
    current = HubMembership.objects.select_for_update().select_related("hub", "company").get(pk=membership.pk)
    if current.status not in expected:
        raise ValidationError(_("Medlemskapet har redan ändrats (%(status)s). Ladda om sidan."),
                              params={"status": current.get_status_display().lower()}, code="membership_changed")
    return current


def _accept(membership: HubMembership, *, actor) -> HubMembership:
    _save(membership, status=Status.MEMBER, actor=actor, decided=True)
    _mail_managers(membership, _("%(company)s har gått med i %(hub)s") % {
        "hub": membership.hub.name, "company": membership.company.display_name}, "hub_invitation_accepted")
    return membership


@transaction.atomic
def hub_membership_accept_invitation(*, actor, membership: HubMembership) -> HubMembership:
    require(can_act_for_company(actor, membership.company))
    return _accept(_relock(membership, Status.INVITED), actor=actor)


@transaction.atomic
def hub_membership_approve(*, actor, membership: HubMembership) -> HubMembership:
    require(can_manage_hub(actor, membership.hub))
    membership = _save(_relock(membership, Status.APPLIED), status=Status.MEMBER, actor=actor, decided=True)
    _mail_company(membership, _("%(company)s är medlem i %(hub)s") % {
        "hub": membership.hub.name, "company": membership.company.display_name}, "hub_decision")
    return membership


@transaction.atomic
def hub_membership_decline(*, actor, membership: HubMembership) -> HubMembership:
    require(can_manage_hub(actor, membership.hub))
    membership = _save(_relock(membership, Status.APPLIED), status=Status.DECLINED, actor=actor, decided=True)
    _mail_company(membership, _("Beslut om %(company)s ansökan till %(hub)s") % {
        "hub": membership.hub.name, "company": membership.company.display_name}, "hub_decision")
    return membership


@transaction.atomic
def hub_leave(*, actor, membership: HubMembership) -> HubMembership:
    """The company ends its membership, withdraws its application or says no to an invitation."""
    require(can_act_for_company(actor, membership.company))
    membership = _relock(membership, Status.MEMBER, Status.APPLIED, Status.INVITED)
    status = Status.DECLINED if membership.status == Status.INVITED else Status.LEFT
    return _save(membership, status=status, actor=actor, decided=True)


@transaction.atomic
def hub_member_remove(*, actor, membership: HubMembership) -> HubMembership:
    """A manager ends a membership (or withdraws an invitation); the company's members are told."""
    require(can_manage_hub(actor, membership.hub))
    membership = _relock(membership, Status.MEMBER, Status.INVITED)
    was_member = membership.status == Status.MEMBER
    _save(membership, status=Status.LEFT, actor=actor, decided=True)
    if was_member:
        _mail_company(membership, _("%(company)s är inte längre medlem i %(hub)s") % {
            "hub": membership.hub.name, "company": membership.company.display_name}, "hub_removed")
    return membership
