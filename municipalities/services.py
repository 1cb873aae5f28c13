"""Every write to municipalities, their sites, staff roles and platform owners."""
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from core.permissions import require
from core.reconcile import reconcile
from municipalities.models import (
    STAFF_ROLES,
    HomePage,
    Municipality,
    MunicipalityMembership,
    PlatformOwner,
    Role,
    StaffInvitation,
)
from municipalities.permissions import (
    can_edit_municipality,
    can_manage_memberships,
    forget_cached_roles,
    is_platform_admin,
)
from municipalities.reference import municipality_references
from themes.models import Theme

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
]


def _group_name(municipality: Municipality, role: str) -> str:
    return f"{municipality.code} {municipality.name}: {role}"


def _admin_access() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _sync_role_groups(municipality: Municipality) -> None:
    """One Django group per staff role, with Wagtail permissions on this municipality's tree only."""
    editors, _ = Group.objects.get_or_create(name=_group_name(municipality, Role.EDITOR))
    moderators, _ = Group.objects.get_or_create(name=_group_name(municipality, Role.MODERATOR))
    for group in (editors, moderators):
        group.permissions.add(_admin_access())
    home = municipality.site.root_page
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=home,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=municipality.collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )


@transaction.atomic
def municipality_create(
    *, code: str, slug: str, hostname: str, port: int = 80, preset: str = "fjall", actor=None,
    office_name: str = "", office_email: str = "", office_phone: str = "", office_address: str = "",
    office_website: str = "", minority_languages: list[str] | None = None, ui_languages: list[str] | None = None,
) -> Municipality:
    """Create a municipality with its own home page, Wagtail Site, media collection, theme and role groups."""
    require(actor is None or is_platform_admin(actor), "Only platform administrators create municipalities.")
    reference = municipality_references().get(code)
    name = reference.name if reference else code
    theme = Theme(name=_("Tema för %(name)s") % {"name": name}, preset=preset)
    theme.full_clean()
    theme.save()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=name, slug=slug))
    collection = Collection.get_first_root_node().add_child(name=name)
    site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name)
    municipality = Municipality(
        name=name, slug=slug, code=code, site=site, collection=collection, theme=theme,
        county_code=reference.county_code if reference else "", county_name=reference.county_name if reference else "",
        office_name=office_name, office_email=office_email, office_phone=office_phone,
        office_address=office_address, office_website=office_website,
        minority_languages=minority_languages or [], ui_languages=ui_languages or ["sv", "en"],
    )
    municipality.full_clean()
    municipality.save()
    _sync_role_groups(municipality)
    return municipality


@transaction.atomic
def municipality_update_office(*, municipality: Municipality, actor, **fields) -> Municipality:
    require(can_edit_municipality(actor, municipality))
    allowed = {"office_name", "office_email", "office_phone", "office_address", "office_website"}
    for key, value in fields.items():
        if key not in allowed:
            raise ValueError(f"Field {key} is not editable here.")
        setattr(municipality, key, value)
    municipality.full_clean()
    municipality.save()
    return municipality


def user_access_sync(user) -> None:
    """Derive the user's groups and `is_staff` from their memberships: the one place both are set.

    Every way of granting or taking power (Roller, Admin → Users, invitations, platform owners,
    commands, the demo) ends here, so groups, `is_staff` and memberships never disagree. Groups
    other than the municipalities' role groups are dropped: nothing else may carry permissions.
    """
    memberships = MunicipalityMembership.objects.filter(user=user, role__in=STAFF_ROLES).select_related("municipality")
    wanted = {_group_name(m.municipality, m.role) for m in memberships}
    user.groups.set(Group.objects.filter(name__in=wanted))
    is_staff = bool(user.is_superuser or wanted or user.platform_owners.exists())
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    forget_cached_roles(user)
    # Django memoises permissions on the user object; a revoked power must not linger on it.
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attr, None)


@transaction.atomic
def membership_grant(*, municipality: Municipality, user, role: str, actor=None) -> MunicipalityMembership:
    """Give a user a role in one municipality. Staff roles get admin access (and must use MFA)."""
    require(actor is None or can_manage_memberships(actor, municipality))
    membership, _ = MunicipalityMembership.objects.get_or_create(municipality=municipality, user=user, role=role)
    user_access_sync(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: MunicipalityMembership, actor=None) -> None:
    """Take a role away; the user's next request already runs without it."""
    require(actor is None or can_manage_memberships(actor, membership.municipality))
    user = membership.user
    membership.delete()
    user_access_sync(user)


@transaction.atomic
def membership_change(*, membership: MunicipalityMembership, municipality: Municipality, user, role: str,
                      actor=None) -> MunicipalityMembership:
    """Move a membership to another user, municipality or role: a revoke and a grant in one transaction."""
    previous_user = MunicipalityMembership.objects.select_related("user", "municipality").get(pk=membership.pk)
    membership_revoke(membership=previous_user, actor=actor)
    return membership_grant(municipality=municipality, user=user, role=role, actor=actor)


@transaction.atomic
def user_set_roles(*, user, roles: set[tuple[int, str]], actor=None) -> None:
    """Make the user's memberships exactly `roles` ({(municipality_id, role), ...}) through grant and revoke."""
    current = {(m.municipality_id, m.role): m for m in MunicipalityMembership.objects.filter(user=user)}
    for key, membership in current.items():
        if key not in roles:
            membership_revoke(membership=membership, actor=actor)
    municipalities = Municipality.objects.in_bulk({municipality_id for municipality_id, _ in roles})
    for municipality_id, role in sorted(roles - set(current)):
        membership_grant(municipality=municipalities[municipality_id], user=user, role=role, actor=actor)
    user_access_sync(user)


@transaction.atomic
def user_set_platform_admin(*, user, is_admin: bool, actor) -> None:
    """Make or unmake a platform administrator (superuser); only another administrator may."""
    require(is_platform_admin(actor), "Only platform administrators appoint platform administrators.")
    if user.is_superuser != is_admin:
        user.is_superuser = is_admin
        user.save(update_fields=["is_superuser"])
    user_access_sync(user)


@transaction.atomic
def staff_invite(*, municipality: Municipality, email: str, role: str = Role.EDITOR, actor=None) -> StaffInvitation:
    """Invite someone by e-mail to a staff role; the role is granted (membership_grant) once that
    address is verified by signing up, or used to log in. Inviting a pending address again re-sends."""
    from municipalities import notifications

    require(actor is None or can_manage_memberships(actor, municipality))
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"editor_email": _("Ange en giltig e-postadress.")}) from None
    invitation, created = StaffInvitation.objects.get_or_create(
        municipality=municipality, email=email, role=role, defaults={"invited_by": actor})
    if not created:
        invitation.accepted_at, invitation.invited_by = None, actor
        invitation.save(update_fields=["accepted_at", "invited_by", "updated_at"])
    transaction.on_commit(lambda: notifications.staff_invitation_sent(invitation))
    return invitation


@transaction.atomic
def staff_invitations_accept_for(*, user, email: str) -> list[MunicipalityMembership]:
    """A verified address (signing up, or logging in with it) turns its open invitations into roles."""
    memberships = []
    pending = StaffInvitation.objects.filter(email=email.strip().lower(), accepted_at__isnull=True)
    for invitation in pending.select_related("municipality"):
        memberships.append(membership_grant(municipality=invitation.municipality, user=user, role=invitation.role))
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
    return memberships


def staff_invitations_accept_for_user(*, user) -> list[MunicipalityMembership]:
    """On log-in: open invitations to any of the user's verified addresses (one query when there are none)."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values("email")
    memberships = []
    for email in set(StaffInvitation.objects.filter(email__in=verified, accepted_at__isnull=True)
                     .values_list("email", flat=True)):
        memberships += staff_invitations_accept_for(user=user, email=email)
    return memberships


@transaction.atomic
def platform_owner_create(*, name: str, kind: str, municipalities=(), members=(), actor=None) -> PlatformOwner:
    """A platform owner reads follow-up data of the municipalities it was granted; its members are staff."""
    require(actor is None or is_platform_admin(actor))
    owner, _ = PlatformOwner.objects.get_or_create(name=name, defaults={"kind": kind})
    owner.kind = kind
    owner.full_clean()
    owner.save()
    owner.municipalities.add(*municipalities)
    for user in members:
        platform_owner_member_add(owner=owner, user=user, actor=actor)
    return owner


@transaction.atomic
def platform_owner_member_add(*, owner: PlatformOwner, user, actor=None) -> None:
    require(actor is None or is_platform_admin(actor))
    owner.members.add(user)
    user_access_sync(user)


@transaction.atomic
def platform_owner_member_remove(*, owner: PlatformOwner, user, actor=None) -> None:
    require(actor is None or is_platform_admin(actor))
    owner.members.remove(user)
    user_access_sync(user)


@transaction.atomic
def platform_owner_set_members(*, owner: PlatformOwner, users, actor=None) -> None:
    """Make the owner's members exactly `users` (the admin form), each change through the services above."""
    reconcile(current=owner.members.all(), wanted=users,
              add=lambda user: platform_owner_member_add(owner=owner, user=user, actor=actor),
              remove=lambda user: platform_owner_member_remove(owner=owner, user=user, actor=actor))


@transaction.atomic
def news_index_ensure(*, municipality: Municipality):
    """The municipality's news index under its home page, created and published if it has none.

    Titled in Swedish whatever the language of the screen that asked: it is the site's content.
    """
    from django.utils import translation

    from municipalities.news import NewsIndexPage

    home = municipality.site.root_page.specific
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        with translation.override("sv"):
            index = NewsIndexPage(title=_("Nyheter"), slug="nyheter", show_in_menus=True)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index
