"""Providers, their members and learning offers for tests, made through competence.provider_services."""
from competence import provider_services
from competence.models import ProviderMember
from tests.factories.accounts import make_user

WEBSHOP_SKILLS = [{"id": "tArT_WTu_BrU", "label": "E-handel, erfarenhet"},
                  {"id": "Lz84_K5d_CcL", "label": "Digital marknadsföring/Onlinemarknadsföring"}]


def make_provider(municipality, *, actor, name: str = "Lärcentrum", kind: str = "learning_centre",
                  owner=None, serves=(), **fields):
    provider = provider_services.provider_create(actor=actor, municipality=municipality, name=name, kind=kind,
                                                 serves_municipalities=list(serves), **fields)
    if owner is not None:
        provider_services.provider_member_add(actor=actor, provider=provider, email=owner.email,
                                              role=ProviderMember.Role.OWNER)
    return provider


def make_provider_member(provider, *, actor, email: str, role: str = ProviderMember.Role.EDITOR):
    user = make_user(email)
    provider_services.provider_member_add(actor=actor, provider=provider, email=email, role=role)
    return user


def make_learning_offer(provider, *, actor, title: str = "E-handel för småföretag", **fields):
    data = {"description": "Sätt upp webbutiken och koppla den till kassasystemet.", "form": "short_course",
            "delivery": "distance", "ssyk_codes": ["2512"], "skills": WEBSHOP_SKILLS, "cost_sek": 0,
            "start_dates": ["2027-02-01"], **fields}
    return provider_services.offer_create(actor=actor, provider=provider, title=title, **data)
