"""Platform owners, their advisors, sharing consent and needs conversations for tests, made through the
services the app uses."""
from datetime import date

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from competence.consent_services import consent_give
from competence.conversation_services import conversation_record
from municipalities.models import PlatformOwner
from municipalities.services import platform_owner_create

from .accounts import make_user


def make_owner(name: str, *municipalities, kind: str = PlatformOwner.Kind.REGION, members=()):
    return platform_owner_create(name=name, kind=kind, municipalities=list(municipalities), members=list(members))


def make_advisor(owner, email: str):
    """A member of `owner`, with TOTP (an owner's member holds staff powers)."""
    user = make_user(email)
    owner.members.add(user)
    TOTP.activate(user, generate_totp_secret())
    return user


def give_consent(company, owner, *, actor):
    return consent_give(actor=actor, company=company, owner=owner)


def make_conversation(company, *, actor, owner=None, held_on=date(2026, 11, 12),
                      participants="Anna Nilsson, vd; Per Berg, rådgivare", needs=None, **fields):
    if needs is None:
        needs = [{"description": "Vi behöver lära oss sälja på nätet", "kind": "upskill", "horizon": "6m"}]
    return conversation_record(actor=actor, company=company, owner=owner, held_on=held_on,
                               participants=participants, needs=needs, no_needs=not needs, **fields)


def conversation_world(overkalix, arvidsjaur):
    """A shop in Överkalix and everyone around it: its member, the office (editor, moderator), Region
    Norrbotten and Almi (both granted Överkalix) with an advisor each, IUC (granted Arvidsjaur only) with
    an advisor, a resident, and a member of another company in Överkalix."""
    from types import SimpleNamespace

    from municipalities.models import Role

    from .directory import make_company
    from .municipalities import make_staff

    member = make_user("handlarn@example.org")
    company = make_company(overkalix, owner=member, published=True, legal_name="Handlar'n i Lansjärv AB")
    other_member = make_user("taxi@example.org")
    other_company = make_company(overkalix, owner=other_member, published=True, org_number="556036-0793",
                                 legal_name="Överkalix Taxi AB")
    region = make_owner("Region Norrbotten", overkalix, arvidsjaur)
    almi = make_owner("Almi Nord", overkalix, kind=PlatformOwner.Kind.BUSINESS_SUPPORT)
    iuc = make_owner("IUC Norrbotten", arvidsjaur, kind=PlatformOwner.Kind.BUSINESS_SUPPORT)
    return SimpleNamespace(
        municipality=overkalix, company=company, member=member, other_company=other_company,
        other_member=other_member, region=region, almi=almi, iuc=iuc,
        advisor=make_advisor(region, "radgivare@regionnorrbotten.example.org"),
        almi_advisor=make_advisor(almi, "radgivare@almi.example.org"),
        iuc_advisor=make_advisor(iuc, "radgivare@iuc.example.org"),
        editor=make_staff(overkalix, Role.EDITOR), moderator=make_staff(overkalix, Role.MODERATOR),
        resident=make_user("invanare@example.org"),
    )
