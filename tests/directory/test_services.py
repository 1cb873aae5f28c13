"""Registration, moderation, members and history of company profiles."""
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from directory import selectors, services
from directory.models import Company, CompanyMember, SizeClass, TurnoverBand
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.municipalities import make_staff

# Real commits, so e-mails and index updates sent on commit happen; serialized_rollback keeps
# the rows Wagtail's migrations create (root page, root collection, default locale).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class RegistrationTests:
    def test_a_registered_company_waits_for_the_office_with_its_owner_as_member(self, asele):
        asele.office_email = "naringsliv@asele.example.org"
        asele.save()
        owner = make_user("anna@example.org")
        company = make_company(asele, owner=owner, org_number="5560160680")
        assert company.status == Company.Status.PENDING
        assert company.org_number == "556016-0680"
        assert CompanyMember.objects.get(company=company).user == owner
        assert company.revisions.count() == 1
        assert [m.to for m in mail.outbox] == [["naringsliv@asele.example.org"]]
        assert "Snickeri i Åsele AB" in mail.outbox[0].body

    def test_a_wrong_checksum_names_the_field_and_saves_nothing(self, asele):
        with pytest.raises(ValidationError) as error:
            make_company(asele, org_number="556016-0681")
        assert "fel kontrollsiffra" in str(error.value.message_dict["org_number"])
        assert not Company.objects.exists()
        assert not CompanyMember.objects.exists()

    def test_a_company_with_only_a_phone_number_is_complete(self, asele):
        company = make_company(asele, published=True)
        assert company.is_published
        assert (company.email, company.website, company.street_address) == ("", "", "")

    @pytest.mark.parametrize(("employees", "band", "expected"), [
        (1, "", SizeClass.MICRO), (9, TurnoverBand.UP_TO_2M, SizeClass.MICRO),
        (9, TurnoverBand.UP_TO_10M, SizeClass.SMALL), (10, "", SizeClass.SMALL),
        (60, TurnoverBand.UP_TO_50M, SizeClass.MEDIUM), (250, "", SizeClass.LARGE),
        (5, TurnoverBand.OVER_50M, SizeClass.LARGE), (None, "", ""),
    ])
    def test_size_class_follows_the_eu_definition(self, employees, band, expected):
        assert services.size_class_for(employees, band) == expected


class ModerationTests:
    def test_approval_publishes_and_tells_the_members(self, asele):
        company = make_company(asele, owner=make_user("anna@example.org"))
        mail.outbox.clear()
        moderator = make_staff(asele, Role.MODERATOR)
        services.company_approve(actor=moderator, company=company)
        company.refresh_from_db()
        assert company.is_published
        assert company.published_at
        assert company.confirmed_at
        assert mail.outbox[-1].to == ["anna@example.org"]
        assert "publicerat" in mail.outbox[-1].subject

    def test_rejection_needs_a_reason_which_is_emailed(self, asele):
        company = make_company(asele, owner=make_user("anna@example.org"))
        moderator = make_staff(asele, Role.MODERATOR)
        with pytest.raises(ValidationError):
            services.company_reject(actor=moderator, company=company, reason="  ")
        services.company_reject(actor=moderator, company=company, reason="Företaget finns inte i Åsele.")
        company.refresh_from_db()
        assert company.status == Company.Status.REJECTED
        assert "Företaget finns inte i Åsele." in mail.outbox[-1].body

    def test_staff_of_asele_cannot_moderate_arvidsjaurs_queue(self, asele, arvidsjaur):
        company = make_company(arvidsjaur)
        asele_moderator = make_staff(asele, Role.MODERATOR)
        with pytest.raises(PermissionDenied):
            services.company_approve(actor=asele_moderator, company=company)
        assert list(selectors.company_list_in_moderation(user=asele_moderator)) == []
        assert list(selectors.company_list_in_moderation(user=make_staff(arvidsjaur, Role.MODERATOR))) == [company]


class ChangeTests:
    def test_changes_to_a_published_profile_wait_for_review_when_the_office_wants_it(self, asele):
        owner = make_user("anna@example.org")
        company = make_company(asele, owner=owner, published=True)
        services.company_update(actor=owner, company=company, phone="070-174 06 99")
        company.refresh_from_db()
        assert company.phone == "070-174 06 50"
        assert company.pending_changes["phone"] == "070-174 06 99"
        services.company_approve(actor=make_staff(asele, Role.MODERATOR), company=company)
        company.refresh_from_db()
        assert company.phone == "070-174 06 99"
        assert company.pending_changes is None

    def test_changes_publish_directly_when_the_office_switched_review_off(self, asele):
        owner = make_user("anna@example.org")
        company = make_company(asele, owner=owner, published=True)
        services.directory_settings_update(actor=make_staff(asele, Role.EDITOR), municipality=asele,
                                           moderate_changes=False)
        services.company_update(actor=owner, company=company, phone="070-174 06 99")
        company.refresh_from_db()
        assert company.phone == "070-174 06 99"
        assert company.revisions.first().note == "Ändrad"

    def test_an_invalid_change_is_refused_and_nothing_waits(self, asele):
        owner = make_user("anna@example.org")
        company = make_company(asele, owner=owner, published=True)
        with pytest.raises(ValidationError):
            services.company_update(actor=owner, company=company, primary_sni="99999")
        company.refresh_from_db()
        assert company.pending_changes is None

    def test_the_office_rolls_a_profile_back_to_an_earlier_version(self, asele):
        owner = make_user("anna@example.org")
        company = make_company(asele, owner=owner, published=True)
        editor = make_staff(asele, Role.EDITOR)
        services.directory_settings_update(actor=editor, municipality=asele, moderate_changes=False)
        first = company.revisions.last()
        services.company_update(actor=owner, company=company, phone="070-174 06 99", description="Ny text")
        services.company_rollback(actor=editor, revision=first)
        company.refresh_from_db()
        assert (company.phone, company.description) == ("070-174 06 50", "")
        assert "Återställd" in company.revisions.first().note

    def test_a_member_of_company_x_cannot_edit_company_y(self, asele):
        x = make_company(asele, owner=make_user("x@example.org"), org_number=ORG_NUMBERS[0])
        y = make_company(asele, owner=make_user("y@example.org"), org_number=ORG_NUMBERS[1], legal_name="Y AB")
        member_of_x = x.members.get().user
        with pytest.raises(PermissionDenied):
            services.company_update(actor=member_of_x, company=y, phone="070-174 06 98")


class ClaimAndMemberTests:
    def test_an_approved_claim_makes_the_claimant_an_owner(self, asele):
        company = make_company(asele, published=True)
        claimant = make_user("ny.agare@example.org")
        claim = services.company_claim(actor=claimant, org_number="5560160680", message="Jag är vd.")
        services.claim_approve(actor=make_staff(asele, Role.MODERATOR), claim=claim)
        assert company.members.get(user=claimant).role == CompanyMember.Role.OWNER
        assert mail.outbox[-1].to == ["ny.agare@example.org"]

    def test_a_claim_on_an_unknown_number_says_so(self, asele):
        with pytest.raises(ValidationError) as error:
            services.company_claim(actor=make_user(), org_number="556036-0793")
        assert "Inget företag" in str(error.value.message_dict["org_number"])

    def test_an_invited_colleague_becomes_a_member_when_their_address_is_verified(self, asele):
        owner = make_user("anna@example.org")
        company = make_company(asele, owner=owner)
        services.member_invite(actor=owner, company=company, email="Bo@Example.org")
        assert "inbjuden" in mail.outbox[-1].subject
        colleague = make_user("bo@example.org")
        services.invitations_accept_for(user=colleague, email="bo@example.org")
        assert company.members.filter(user=colleague, role=CompanyMember.Role.MEMBER).exists()

    def test_the_last_owner_cannot_be_removed(self, asele):
        owner = make_user("anna@example.org")
        company = make_company(asele, owner=owner)
        with pytest.raises(ValidationError):
            services.member_remove(actor=owner, member=company.members.get(user=owner))

    def test_a_member_cannot_remove_others_but_the_owner_can(self, asele):
        owner = make_user("anna@example.org")
        company = make_company(asele, owner=owner)
        colleague = make_user("bo@example.org")
        services.member_invite(actor=owner, company=company, email="bo@example.org")
        services.invitations_accept_for(user=colleague, email="bo@example.org")
        owner_member = company.members.get(user=owner)
        with pytest.raises(PermissionDenied):
            services.member_remove(actor=colleague, member=owner_member)
        services.member_remove(actor=owner, member=company.members.get(user=colleague))
        assert list(company.members.values_list("user__email", flat=True)) == ["anna@example.org"]


class StaleProfileTests:
    def test_a_profile_unconfirmed_for_a_year_is_flagged_and_reminded_once_a_month(self, asele):
        from datetime import timedelta

        from django.utils import timezone

        owner = make_user("anna@example.org")
        company = make_company(asele, owner=owner, published=True)
        moderator = make_staff(asele, Role.MODERATOR)
        Company.objects.filter(pk=company.pk).update(confirmed_at=timezone.now() - timedelta(days=400))
        assert list(selectors.company_list_stale_for_staff(user=moderator)) == [company]
        mail.outbox.clear()
        assert services.companies_remind_stale() == 1
        assert mail.outbox[0].to == ["anna@example.org"]
        assert "Stämmer uppgifterna" in mail.outbox[0].subject
        assert services.companies_remind_stale() == 0, "not again within a month"
        assert services.companies_remind_stale(now=timezone.now() + timedelta(days=31)) == 1
        services.company_confirm(actor=owner, company=company)
        assert list(selectors.company_list_stale_for_staff(user=moderator)) == []


class MergeTests:
    def test_a_duplicate_is_folded_into_the_kept_profile(self, asele):
        keep = make_company(asele, owner=make_user("anna@example.org"), published=True, org_number=ORG_NUMBERS[0])
        duplicate = make_company(asele, owner=make_user("bo@example.org"), org_number=ORG_NUMBERS[1],
                                 legal_name="Snickeri i Åsele (dubblett)", email="info@snickeri.example.org")
        services.company_merge(actor=make_staff(asele, Role.MODERATOR), keep=keep, duplicate=duplicate)
        keep.refresh_from_db()
        assert not Company.objects.filter(pk=duplicate.pk).exists()
        assert keep.email == "info@snickeri.example.org"
        assert sorted(keep.members.values_list("user__email", flat=True)) == ["anna@example.org", "bo@example.org"]
        assert "Sammanslagen med Snickeri i Åsele (dubblett)" in keep.revisions.first().note

    def test_companies_of_different_municipalities_are_not_merged(self, asele, arvidsjaur):
        keep = make_company(asele, org_number=ORG_NUMBERS[0])
        other = make_company(arvidsjaur, org_number=ORG_NUMBERS[1])
        with pytest.raises(PermissionDenied):
            services.company_merge(actor=make_staff(asele, Role.MODERATOR), keep=keep, duplicate=other)
