"""Every write to providers, their members and their learning offers.

Providers are curated by their home municipality's business office (its editors) and the platform
administrator; a provider's members publish its offers, and its responsible (owner) members manage
the other members."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competence.models import LearningOffer, Provider, ProviderMember
from competence.permissions import can_curate_providers, can_edit_provider_offers, can_manage_provider
from competence.reference import skill_labels, ssyk_groups
from core.permissions import require
from core.services import apply_fields
from municipalities.models import Municipality
from municipalities.permissions import is_platform_admin

PROVIDER_FIELDS = ("name", "kind", "description", "website", "email", "phone", "active")
OFFER_FIELDS = ("title", "description", "form", "length", "delivery", "place", "start_dates", "cost_sek", "url",
                "ssyk_codes", "skills")


def _strip(fields: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


def _set_served(provider: Provider, serves, *, actor) -> None:
    """The home municipality is always served: a provider's offers are at least for its own companies.

    An office puts offers on other municipalities' public pages only within its own county (a learning
    centre serving its neighbours, Almi the county); wider reach is the platform administrator's call."""
    ids = {m.pk if isinstance(m, Municipality) else int(m) for m in (serves or [])}
    ids.add(provider.municipality_id)
    served = Municipality.objects.filter(pk__in=ids)
    outside = [m.name for m in served if m.county_code != provider.municipality.county_code]
    if outside and not is_platform_admin(actor):
        raise ValidationError({"serves_municipalities": _(
            "Ni kan bara välja kommuner i %(county)s. Be plattformens administratör om %(names)s.") % {
                "county": provider.municipality.county_name, "names": ", ".join(sorted(outside))}})
    provider.serves_municipalities.set(served)


@transaction.atomic
def provider_create(*, actor, municipality: Municipality, name: str, kind: str, description: str = "",
                    website: str = "", email: str = "", phone: str = "", serves_municipalities=None,
                    active: bool = True) -> Provider:
    require(can_curate_providers(actor, municipality))
    provider = Provider(municipality=municipality, **_strip({
        "name": name, "kind": kind, "description": description, "website": website, "email": email,
        "phone": phone, "active": active}))
    provider.full_clean()
    provider.save()
    _set_served(provider, serves_municipalities, actor=actor)
    return provider


@transaction.atomic
def provider_update(*, actor, provider: Provider, serves_municipalities=None, **fields) -> Provider:
    """Only the provider's home municipality's editors (or the platform administrator) change it."""
    require(can_curate_providers(actor, provider.municipality))
    apply_fields(provider, fields, allowed=PROVIDER_FIELDS, service="provider_update")
    provider.full_clean()
    provider.save()
    if serves_municipalities is not None:
        _set_served(provider, serves_municipalities, actor=actor)
    return provider


def _verified_user(email: str):
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(email__iexact=email.strip(), verified=True, user__is_active=True) \
        .select_related("user").first()
    return address.user if address else None


@transaction.atomic
def provider_member_add(*, actor, provider: Provider, email: str, role: str = ProviderMember.Role.EDITOR
                        ) -> ProviderMember:
    """Add an existing account, found by its verified e-mail address; no account is created here."""
    require(can_manage_provider(actor, provider))
    if role not in ProviderMember.Role.values:
        raise ValidationError({"role": _("Välj en roll i listan.")})
    user = _verified_user(email or "")
    if user is None:
        raise ValidationError({"email": ValidationError(
            _("Det finns inget konto med den e-postadressen. Be personen skapa ett konto först."),
            code="no_account")})
    member = ProviderMember.objects.filter(provider=provider, user=user).first()
    if member is not None:
        if member.role == role:
            raise ValidationError({"email": ValidationError(
                _("Personen är redan medlem hos %(provider)s."), params={"provider": provider.name},
                code="already_member")})
        return provider_member_set_role(actor=actor, member=member, role=role)
    member = ProviderMember(municipality_id=provider.municipality_id, provider=provider, user=user, role=role)
    member.full_clean()
    member.save()
    return member


def _last_owner(member: ProviderMember) -> bool:
    return (member.role == ProviderMember.Role.OWNER
            and not member.provider.members.filter(role=ProviderMember.Role.OWNER).exclude(pk=member.pk).exists())


@transaction.atomic
def provider_member_set_role(*, actor, member: ProviderMember, role: str) -> ProviderMember:
    require(can_manage_provider(actor, member.provider))
    if role not in ProviderMember.Role.values:
        raise ValidationError({"role": _("Välj en roll i listan.")})
    Provider.objects.select_for_update().filter(pk=member.provider_id).first()
    if role != ProviderMember.Role.OWNER and _last_owner(member) \
            and not can_curate_providers(actor, member.provider.municipality):
        raise ValidationError(_("Utbildningsaktören måste ha minst en ansvarig. Gör någon annan ansvarig först."),
                              code="last_owner")
    member.role = role
    member.save(update_fields=["role", "updated_at"])
    return member


@transaction.atomic
def provider_member_remove(*, actor, member: ProviderMember) -> None:
    """Never leaves a provider without a responsible member, unless the office (an editor) does it."""
    require(can_manage_provider(actor, member.provider))
    Provider.objects.select_for_update().filter(pk=member.provider_id).first()
    if _last_owner(member) and not can_curate_providers(actor, member.provider.municipality):
        raise ValidationError(_("Utbildningsaktören måste ha minst en ansvarig. Gör någon annan ansvarig först."),
                              code="last_owner")
    member.delete()


def _check_codes(ssyk_codes) -> list[str]:
    codes = [str(code).strip() for code in (ssyk_codes or []) if str(code).strip()]
    groups = ssyk_groups()
    unknown = [code for code in codes if code not in groups]
    if unknown:
        raise ValidationError({"ssyk_codes": ValidationError(
            _("%(codes)s finns inte bland yrkesgrupperna i SSYK 2012 (fyra siffror, t.ex. 2512)."),
            params={"codes": ", ".join(unknown)}, code="unknown_ssyk")})
    return list(dict.fromkeys(codes))


def _check_skills(skills) -> list[dict]:
    """Skills as [{id, label}] from the JobTech list; the label is taken from the list, not from the caller."""
    labels = skill_labels()
    checked, unknown = [], []
    for skill in skills or []:
        concept_id = skill.get("id") if isinstance(skill, dict) else None
        if concept_id in labels:
            checked.append({"id": concept_id, "label": labels[concept_id]})
        else:
            unknown.append(str(skill.get("label") or concept_id) if isinstance(skill, dict) else str(skill))
    if unknown:
        raise ValidationError({"skills": ValidationError(
            _("%(skills)s finns inte i JobTechs kompetenslista."), params={"skills": ", ".join(unknown)},
            code="unknown_skill")})
    return list({s["id"]: s for s in checked}.values())


def _clean_offer_fields(fields: dict) -> dict:
    fields = _strip(fields)
    if "ssyk_codes" in fields:
        fields["ssyk_codes"] = _check_codes(fields["ssyk_codes"])
    if "skills" in fields:
        fields["skills"] = _check_skills(fields["skills"])
    if "start_dates" in fields:
        fields["start_dates"] = sorted(dict.fromkeys(fields["start_dates"] or []))
    return fields


@transaction.atomic
def offer_create(*, actor, provider: Provider, title: str, description: str, form: str, delivery: str,
                 length: str = "", place: str = "", start_dates=None, cost_sek: int | None = None, url: str = "",
                 ssyk_codes=None, skills=None) -> LearningOffer:
    require(can_edit_provider_offers(actor, provider))
    fields = _clean_offer_fields({
        "title": title, "description": description, "form": form, "delivery": delivery, "length": length,
        "place": place, "start_dates": start_dates or [], "cost_sek": cost_sek, "url": url,
        "ssyk_codes": ssyk_codes or [], "skills": skills or []})
    offer = LearningOffer(municipality_id=provider.municipality_id, provider=provider, created_by=actor, **fields)
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def offer_update(*, actor, offer: LearningOffer, **fields) -> LearningOffer:
    require(can_edit_provider_offers(actor, offer.provider))
    apply_fields(offer, _clean_offer_fields(fields), allowed=OFFER_FIELDS, service="offer_update")
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def offer_withdraw(*, actor, offer: LearningOffer) -> LearningOffer:
    """A withdrawn offer stays for the history (and the owners' follow-up) but is no longer shown or matched."""
    require(can_edit_provider_offers(actor, offer.provider))
    offer.active = False
    offer.save(update_fields=["active", "updated_at"])
    return offer


@transaction.atomic
def offer_reactivate(*, actor, offer: LearningOffer) -> LearningOffer:
    require(can_edit_provider_offers(actor, offer.provider))
    offer.active = True
    offer.save(update_fields=["active", "updated_at"])
    return offer

