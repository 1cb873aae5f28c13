"""Providers, their offers, platform owners' advisors and consent, made directly (the providers' pages and
the consent UI are other parts of issue 10)."""
from competence.models import LearningOffer, Provider, SharingConsent
from municipalities.models import PlatformOwner
from municipalities.services import platform_owner_create
from tests.factories.accounts import make_user


def make_provider(municipality, *, name="Lärcentrum Överkalix", kind=Provider.Kind.LEARNING_CENTRE, serves=None,
                  active=True):
    provider = Provider.objects.create(municipality=municipality, name=name, kind=kind, active=active)
    provider.serves_municipalities.set(serves if serves is not None else [municipality])
    return provider


def make_offer(provider, *, title="E-handel för småföretag", description="Sätt upp en webbutik och koppla den "
               "till kassasystemet.", form="short_course", delivery="distance", place="", ssyk_codes=None,
               skills=None, active=True):
    offer = LearningOffer(municipality=provider.municipality, provider=provider, title=title,
                          description=description, form=form, delivery=delivery, place=place,
                          ssyk_codes=ssyk_codes or [], skills=skills or [], active=active)
    offer.full_clean()
    offer.save()
    return offer


def make_advisor(municipality, *, email="radgivare@example.org", owner_name="Region Norrbotten", with_mfa=True):
    """A member of a platform owner granted the municipality, with TOTP (owners' members must): (user, owner)."""
    user = make_user(email)
    if with_mfa:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(user, generate_totp_secret())
    owner = platform_owner_create(name=owner_name, kind=PlatformOwner.Kind.REGION, municipalities=[municipality],
                                  members=[user])
    return user, owner


def give_consent(company, owner, *, by=None):
    return SharingConsent.objects.create(municipality=company.municipality, company=company, owner=owner,
                                         given_by=by)
