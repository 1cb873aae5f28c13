"""Providers, their members and offers: who may write what, and Swedish errors for bad input."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from competence import provider_selectors, provider_services
from competence.models import LearningOffer, Provider, ProviderMember
from municipalities.models import Role
from tests.factories.accounts import make_superuser, make_user
from tests.factories.competence_providers import make_learning_offer, make_provider, make_provider_member
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def larcentrum(overkalix):
    editor = make_staff(overkalix, Role.EDITOR)
    owner = make_user("larcentrum@example.org")
    provider = make_provider(overkalix, actor=editor, name="Lärcentrum Överkalix", owner=owner)
    return provider, editor, owner


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


class ProviderCurationTests:
    def test_the_home_municipalitys_editor_creates_a_provider_that_always_serves_its_home(self, overkalix,
                                                                                        arvidsjaur):
        editor = make_staff(overkalix, Role.EDITOR)
        provider = provider_services.provider_create(actor=editor, municipality=overkalix, name="Komvux",
                                                     kind="komvux", serves_municipalities=[arvidsjaur])
        assert set(provider.serves_municipalities.all()) == {overkalix, arvidsjaur}
        provider_services.provider_update(actor=editor, provider=provider, serves_municipalities=[])
        assert list(provider.serves_municipalities.all()) == [overkalix]

    def test_an_office_may_not_put_its_offers_on_a_municipality_in_another_county(self, overkalix, asele):
        # Åsele lies in Västerbotten, Överkalix in Norrbotten: one office must not publish on another
        # county's municipal site; the platform administrator may.
        editor = make_staff(overkalix, Role.EDITOR)
        with pytest.raises(ValidationError) as raised:
            provider_services.provider_create(actor=editor, municipality=overkalix, name="Komvux",
                                              kind="komvux", serves_municipalities=[asele])
        assert "Åsele" in _messages(raised.value)
        assert "Norrbottens län" in _messages(raised.value)
        assert not Provider.objects.filter(name="Komvux").exists()
        provider = provider_services.provider_create(actor=make_superuser(), municipality=overkalix, name="Komvux",
                                                     kind="komvux", serves_municipalities=[asele])
        assert set(provider.serves_municipalities.all()) == {overkalix, asele}

    def test_another_municipalitys_editor_a_moderator_and_a_resident_may_not_create_or_change_it(
            self, larcentrum, asele, overkalix):
        provider, _editor, owner = larcentrum
        outsiders = [make_staff(asele, Role.EDITOR), make_staff(overkalix, Role.MODERATOR), make_user("x@example.org"),
                     owner]
        for user in outsiders:
            with pytest.raises(PermissionDenied):
                provider_services.provider_create(actor=user, municipality=overkalix, name="Nytt", kind="other")
            with pytest.raises(PermissionDenied):
                provider_services.provider_update(actor=user, provider=provider, name="Kapat")
        provider.refresh_from_db()
        assert provider.name == "Lärcentrum Överkalix"
        assert Provider.objects.count() == 1

    def test_the_platform_administrator_may(self, overkalix):
        provider = provider_services.provider_create(actor=make_superuser(), municipality=overkalix,
                                                     name="Almi-lik rådgivning", kind="business_support")
        assert provider.municipality == overkalix


class MemberTests:
    def test_an_owner_adds_an_existing_account_by_email_in_any_case(self, larcentrum):
        provider, _editor, owner = larcentrum
        colleague = make_user("kollega@example.org")
        member = provider_services.provider_member_add(actor=owner, provider=provider, email="Kollega@Example.org")
        assert member.user == colleague
        assert member.role == ProviderMember.Role.EDITOR
        assert list(provider_selectors.provider_list_for_member(user=colleague)) == [provider]

    def test_an_unknown_or_unverified_address_gets_a_swedish_error_and_nothing_is_added(self, larcentrum):
        provider, _editor, owner = larcentrum
        unverified = make_user("overifierad@example.org")
        unverified.emailaddress_set.update(verified=False)
        for email in ("finns.inte@example.org", "overifierad@example.org"):
            with pytest.raises(ValidationError) as error:
                provider_services.provider_member_add(actor=owner, provider=provider, email=email)
            assert "Det finns inget konto med den e-postadressen. Be personen skapa ett konto först." in \
                _messages(error.value)
        assert provider.members.count() == 1

    def test_an_ordinary_member_may_not_add_or_remove_members(self, larcentrum):
        provider, editor, owner = larcentrum
        member = make_provider_member(provider, actor=owner, email="redaktor.lc@example.org")
        make_user("ny@example.org")
        with pytest.raises(PermissionDenied):
            provider_services.provider_member_add(actor=member, provider=provider, email="ny@example.org")
        with pytest.raises(PermissionDenied):
            provider_services.provider_member_remove(actor=member, member=provider.members.get(user=owner))

    def test_the_last_owner_cannot_be_removed_or_demoted_by_members_but_the_office_may(self, larcentrum):
        provider, editor, owner = larcentrum
        owner_member = provider.members.get(user=owner)
        with pytest.raises(ValidationError) as error:
            provider_services.provider_member_remove(actor=owner, member=owner_member)
        assert "minst en ansvarig" in _messages(error.value)
        with pytest.raises(ValidationError):
            provider_services.provider_member_set_role(actor=owner, member=owner_member, role="editor")
        assert provider.members.filter(role="owner").count() == 1
        # With a second owner the first may leave.
        second = make_provider_member(provider, actor=owner, email="andra@example.org", role="owner")
        provider_services.provider_member_remove(actor=owner, member=owner_member)
        # The office may remove the last one (e.g. the person left the organisation).
        provider_services.provider_member_remove(actor=editor, member=provider.members.get(user=second))
        assert not provider.members.exists()


class OfferTests:
    def test_a_member_publishes_an_offer_with_codes_and_skills_named_from_the_reference_lists(self, larcentrum):
        provider, _editor, owner = larcentrum
        offer = make_learning_offer(provider, actor=owner, skills=[{"id": "tArT_WTu_BrU", "label": "posted"}])
        assert offer.municipality == provider.municipality
        assert offer.skills == [{"id": "tArT_WTu_BrU", "label": "E-handel, erfarenhet"}]
        assert offer.created_by == owner

    def test_an_unknown_ssyk_code_is_refused_naming_the_code_and_nothing_is_saved(self, larcentrum):
        provider, _editor, owner = larcentrum
        with pytest.raises(ValidationError) as error:
            make_learning_offer(provider, actor=owner, ssyk_codes=["2512", "9998"])
        assert "9998 finns inte bland yrkesgrupperna i SSYK 2012" in _messages(error.value)
        assert "ssyk_codes" in error.value.error_dict
        assert not LearningOffer.objects.exists()

    def test_unknown_skills_bad_dates_and_a_missing_place_are_refused_in_swedish(self, larcentrum):
        provider, _editor, owner = larcentrum
        with pytest.raises(ValidationError) as error:
            make_learning_offer(provider, actor=owner, skills=[{"id": "nope", "label": "Trolleri"}])
        assert "Trolleri finns inte i JobTechs kompetenslista" in _messages(error.value)
        with pytest.raises(ValidationError) as error:
            make_learning_offer(provider, actor=owner, start_dates=["2027-02-30"])
        assert "2027-02-30 är inget datum" in _messages(error.value)
        with pytest.raises(ValidationError) as error:
            make_learning_offer(provider, actor=owner, delivery="on_site", place="")
        assert "Ange orten" in _messages(error.value)
        assert not LearningOffer.objects.exists()

    def test_outsiders_cannot_create_change_or_withdraw_offers(self, larcentrum, asele):
        provider, _editor, owner = larcentrum
        offer = make_learning_offer(provider, actor=owner)
        for user in (make_user("x@example.org"), make_staff(asele, Role.EDITOR)):
            with pytest.raises(PermissionDenied):
                make_learning_offer(provider, actor=user)
            with pytest.raises(PermissionDenied):
                provider_services.offer_update(actor=user, offer=offer, title="Kapad")
            with pytest.raises(PermissionDenied):
                provider_services.offer_withdraw(actor=user, offer=offer)
        offer.refresh_from_db()
        assert offer.active
        assert offer.title == "E-handel för småföretag"

    def test_a_withdrawn_offer_and_an_inactive_providers_offers_leave_the_public_list(self, larcentrum, overkalix):
        provider, editor, owner = larcentrum
        kept = make_learning_offer(provider, actor=owner, title="Kvar")
        gone = make_learning_offer(provider, actor=owner, title="Borta")
        provider_services.offer_withdraw(actor=owner, offer=gone)
        assert list(provider_selectors.offer_list_public(municipality=overkalix)) == [kept]
        provider_services.provider_update(actor=editor, provider=provider, active=False)
        assert not provider_selectors.offer_list_public(municipality=overkalix).exists()


class PublicSelectionTests:
    def test_offers_are_available_only_where_the_provider_serves(self, overkalix, arvidsjaur, asele):
        editor = make_staff(overkalix, Role.EDITOR)
        serving = make_provider(overkalix, actor=editor, name="Lärcentrum", serves=[arvidsjaur])
        local = make_provider(overkalix, actor=editor, name="Komvux")
        regional = make_learning_offer(serving, actor=editor, title="Regional")
        home_only = make_learning_offer(local, actor=editor, title="Bara hemma")
        assert set(provider_selectors.offer_list_public(municipality=overkalix)) == {regional, home_only}
        assert list(provider_selectors.offer_list_public(municipality=arvidsjaur)) == [regional]
        assert not provider_selectors.offer_list_public(municipality=asele).exists()
        assert provider_selectors.offer_get_public(municipality=arvidsjaur, offer_id=home_only.pk) is None

    def test_filters_by_form_delivery_and_occupation(self, overkalix):
        editor = make_staff(overkalix, Role.EDITOR)
        provider = make_provider(overkalix, actor=editor)
        course = make_learning_offer(provider, actor=editor, title="Kurs")
        programme = make_learning_offer(provider, actor=editor, title="Program", form="vocational",
                                        delivery="on_site", place="Överkalix", ssyk_codes=["5321"])
        select = provider_selectors.offer_list_public
        assert list(select(municipality=overkalix, form="vocational")) == [programme]
        assert list(select(municipality=overkalix, delivery="distance")) == [course]
        assert list(select(municipality=overkalix, ssyk_code="5321")) == [programme]
        assert provider_selectors.occupation_filter_choices(municipality=overkalix) == ["2512", "5321"]
