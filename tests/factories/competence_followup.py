"""A small follow-up world built straight in the database: many companies are needed to cross the
threshold of 5, and the services of other parts (consent, conversations, matching, maturity) are built
in parallel, so their records are created directly here."""
import datetime as dt

from django.utils import timezone

from competence.models import (
    CompetenceNeed,
    CompetenceNeedStatusChange,
    MaturityAssessment,
    MaturityDimension,
    NeedMatch,
    NeedsConversation,
    SharingConsent,
)
from directory.models import Company
from municipalities.models import PlatformOwner
from municipalities.services import platform_owner_create


def org_number(seed: int, prefix: str = "55900") -> str:
    """A valid (Luhn) organisation number, unique per seed."""
    digits = f"{prefix}{seed:04d}"
    total = 0
    for index, ch in enumerate(digits):
        value = int(ch) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    check = (10 - total % 10) % 10
    number = digits + str(check)
    return f"{number[:6]}-{number[6:]}"


_seq = iter(range(1, 10_000))


def make_plain_company(municipality, *, name: str | None = None, size_class: str = "micro", woman_led=None,
                       sni: str = "62010", localities=()) -> Company:
    seed = next(_seq)
    company = Company.objects.create(
        municipality=municipality, legal_name=name or f"Företag {seed} AB", slug=f"foretag-{seed}",
        org_number=org_number(seed), primary_sni=sni, phone="070-174 06 50", size_class=size_class,
        woman_led=woman_led, status=Company.Status.PUBLISHED)
    if localities:
        company.localities.set(localities)
    return company


def make_plain_need(company, *, ssyk: str = "2512", status: str = "registered", created_at=None,
                    skills=None, forms=None, description: str = "Vi behöver en webbutik kopplad till kassan.",
                    met_after_days: int | None = None) -> CompetenceNeed:
    need = CompetenceNeed.objects.create(
        municipality=company.municipality, company=company, description=description, ssyk_code=ssyk,
        kind="upskill", horizon="now", status=status, skills=skills or [], preferred_forms=forms or [])
    if created_at:
        CompetenceNeed.objects.filter(pk=need.pk).update(created_at=created_at)
        need.created_at = created_at
    CompetenceNeedStatusChange.objects.create(municipality=need.municipality, need=need, to_status="registered")
    if status == "met":
        change = CompetenceNeedStatusChange.objects.create(municipality=need.municipality, need=need,
                                                           from_status="matched", to_status="met")
        if met_after_days is not None:
            CompetenceNeedStatusChange.objects.filter(pk=change.pk).update(
                created_at=need.created_at + dt.timedelta(days=met_after_days))
    return need


def make_owner(name: str, municipalities, members=()) -> PlatformOwner:
    return platform_owner_create(name=name, kind=PlatformOwner.Kind.REGION, municipalities=municipalities,
                                 members=members)


def consent(company, owner, *, withdrawn: bool = False) -> SharingConsent:
    return SharingConsent.objects.create(municipality=company.municipality, company=company, owner=owner,
                                         withdrawn_at=timezone.now() if withdrawn else None)


def conversation(company, *, owner=None, effort_area=None, project=None, held_on=None) -> NeedsConversation:
    return NeedsConversation.objects.create(
        municipality=company.municipality, company=company, owner=owner, held_on=held_on or timezone.localdate(),
        participants="VD och rådgivare", effort_area=effort_area, project=project)


def match(need, peer_offer, *, owner=None, effort_area=None, project=None, after_days: int | None = None) -> NeedMatch:
    made = NeedMatch.objects.create(municipality=need.municipality, need=need, peer_offer=peer_offer,
                                    reason="samma yrke", owner=owner, effort_area=effort_area, project=project)
    if after_days is not None:
        NeedMatch.objects.filter(pk=made.pk).update(created_at=need.created_at + dt.timedelta(days=after_days))
    return made


def assessment(company, round_: int, score: float) -> MaturityAssessment:
    scores = {dim: score for dim in MaturityDimension.values}
    return MaturityAssessment.objects.create(municipality=company.municipality, company=company, round=round_,
                                             questionnaire="v1", scores=scores, overall=score)


def peer_offer(company):
    from competence.models import CompanyPeerOffer

    return CompanyPeerOffer.objects.create(municipality=company.municipality, company=company, kind="mentoring",
                                           title="Vi visar hur vi kopplade webbutiken", description="Mentorskap")


def with_totp(user):
    """Owners' members must use a second factor (users.permissions.register_mfa_requirement)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user
