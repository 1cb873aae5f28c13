"""A company gives and withdraws its consent to share its individual needs with a platform owner: only
owners granted its municipality, one active consent at a time, dated, history kept; only its own members."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from competence.consent_services import consent_give, consent_withdraw
from competence.models import SharingConsent
from competence.permissions import can_view_competence_needs
from tests.factories.competence_conversations import conversation_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(overkalix, arvidsjaur):
    return conversation_world(overkalix, arvidsjaur)


class ConsentGiveTests:
    def test_a_member_consents_and_the_owners_advisor_then_sees_the_needs(self, w):
        assert not can_view_competence_needs(w.advisor, w.company)
        consent = consent_give(actor=w.member, company=w.company, owner=w.region)
        assert consent.active
        assert consent.given_by == w.member
        assert consent.created_at is not None
        assert can_view_competence_needs(w.advisor, w.company)
        assert not can_view_competence_needs(w.almi_advisor, w.company)  # consent is per owner

    def test_an_owner_not_granted_the_municipality_cannot_be_given_consent(self, w):
        with pytest.raises(ValidationError) as error:
            consent_give(actor=w.member, company=w.company, owner=w.iuc)
        assert "har inte tillgång till Överkalix" in error.value.message_dict["owner"][0]
        assert not SharingConsent.objects.exists()

    def test_giving_twice_is_refused_in_swedish_and_keeps_one_active_consent(self, w):
        consent_give(actor=w.member, company=w.company, owner=w.region)
        with pytest.raises(ValidationError) as error:
            consent_give(actor=w.member, company=w.company, owner=w.region)
        assert error.value.message_dict["owner"] == ["Ni delar redan era behov med Region Norrbotten."]
        assert SharingConsent.objects.filter(company=w.company, withdrawn_at__isnull=True).count() == 1

    @pytest.mark.parametrize("who", ["other_member", "advisor", "editor", "moderator", "resident"])
    def test_only_the_companys_own_members_may_consent(self, w, who):
        with pytest.raises(PermissionDenied):
            consent_give(actor=getattr(w, who), company=w.company, owner=w.region)
        assert not SharingConsent.objects.exists()


class ConsentWithdrawTests:
    def test_withdrawal_is_dated_hides_the_needs_at_once_and_keeps_the_history(self, w):
        consent = consent_give(actor=w.member, company=w.company, owner=w.region)
        before = timezone.now()
        withdrawn = consent_withdraw(actor=w.member, consent=consent)
        assert withdrawn.withdrawn_by == w.member
        assert before <= withdrawn.withdrawn_at <= timezone.now() + timedelta(seconds=1)
        assert not can_view_competence_needs(w.advisor, w.company)
        # Given again: a new row; the old one stays as history.
        again = consent_give(actor=w.member, company=w.company, owner=w.region)
        rows = list(SharingConsent.objects.filter(company=w.company).order_by("pk"))
        assert [r.pk for r in rows] == [consent.pk, again.pk]
        assert rows[0].withdrawn_at is not None
        assert rows[1].withdrawn_at is None

    def test_withdrawing_twice_is_refused(self, w):
        consent = consent_give(actor=w.member, company=w.company, owner=w.region)
        consent_withdraw(actor=w.member, consent=consent)
        with pytest.raises(ValidationError, match="redan återkallat"):
            consent_withdraw(actor=w.member, consent=consent)

    def test_a_member_of_another_company_cannot_withdraw(self, w):
        consent = consent_give(actor=w.member, company=w.company, owner=w.region)
        with pytest.raises(PermissionDenied):
            consent_withdraw(actor=w.other_member, consent=consent)
        consent.refresh_from_db()
        assert consent.active
