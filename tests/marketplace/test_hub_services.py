"""Hubs and their memberships through the services: who may start and run a hub, the county rule, the
membership lifecycle from application or invitation to leaving, and the e-mails each step sends."""
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from marketplace import hub_services
from marketplace.models import HubMembership
from tests.factories.accounts import make_user
from tests.factories.marketplace import add_hub_member, make_hub
from tests.factories.marketplace_h3 import make_company_with_owner, make_owner_person, make_platform_owner

pytestmark = pytest.mark.django_db
Status = HubMembership.Status


@pytest.fixture
def developer(arvidsjaur):
    """A wind-park developer (a COMPANY-kind platform owner) and its project manager."""
    manager = make_owner_person("projektledare@blaiken.example.org")
    owner = make_platform_owner("Blaiken Vind AB", kind="company", members=[manager])
    return owner, manager


@pytest.fixture
def hub(arvidsjaur, developer):
    owner, _manager = developer
    return make_hub(arvidsjaur, owner_platform=owner, name="Blaikens leverantörer")


@pytest.fixture
def snickeri(arvidsjaur):
    return make_company_with_owner(arvidsjaur, email="snickaren@example.org", legal_name="Snickeri i Arvidsjaur AB",
                                   org_number="556036-0793")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """E-mails go out after commit; inside `with commit():` the callbacks run as the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _messages(error) -> str:
    return " ".join(error.value.messages)


class HubCreateTests:
    def test_a_platform_owners_member_creates_a_hub_with_a_unique_slug_spanning_its_home(self, arvidsjaur,
                                                                                        developer):
        owner, manager = developer
        first = hub_services.hub_create(actor=manager, municipality=arvidsjaur, name="Vindkraft Blaiken",
                                        purpose="Leverantörer till bygget.", owner_platform=owner)
        second = hub_services.hub_create(actor=manager, municipality=arvidsjaur, name="Vindkraft Blaiken",
                                         purpose="En till.", owner_platform=owner)
        assert first.slug == "vindkraft-blaiken"
        assert second.slug == "vindkraft-blaiken-2"
        assert list(first.municipalities.all()) == [arvidsjaur]

    def test_a_hub_may_span_municipalities_of_the_same_county_but_not_another(self, arvidsjaur, overkalix, asele,
                                                                             developer):
        owner, manager = developer
        hub = hub_services.hub_create(actor=manager, municipality=arvidsjaur, name="Norrbottens leverantörer",
                                      purpose="Hela länet.", owner_platform=owner, municipalities=[overkalix])
        assert set(hub.municipalities.all()) == {arvidsjaur, overkalix}
        with pytest.raises(ValidationError) as error:
            hub_services.hub_create(actor=manager, municipality=arvidsjaur, name="Över länsgränsen",
                                    purpose="För brett.", owner_platform=owner, municipalities=[asele])
        assert "Åsele ligger i ett annat län" in _messages(error)
        assert "Norrbottens län" in _messages(error)

    def test_a_region_owner_needs_to_be_granted_the_home_municipality(self, arvidsjaur, overkalix):
        member = make_user("region@norrbotten.example.org")
        region = make_platform_owner("Region Norrbotten", kind="region", municipalities=[overkalix], members=[member])
        with pytest.raises(PermissionDenied):
            hub_services.hub_create(actor=member, municipality=arvidsjaur, name="Regionens hubb", purpose="Test.",
                                    owner_platform=region)
        hub = hub_services.hub_create(actor=member, municipality=overkalix, name="Regionens hubb", purpose="Test.",
                                      owner_platform=region)
        assert hub.owner_name == "Region Norrbotten"

    def test_a_company_member_creates_a_hub_for_a_published_company_of_the_home_municipality(
            self, arvidsjaur, overkalix, snickeri):
        company, owner = snickeri
        hub = hub_services.hub_create(actor=owner, municipality=arvidsjaur, name="Träföretagen",
                                      purpose="Samarbete.", owner_company=company)
        assert hub.owner_company == company
        with pytest.raises(PermissionDenied):
            hub_services.hub_create(actor=owner, municipality=overkalix, name="Fel kommun", purpose="Nej.",
                                    owner_company=company)

    def test_someone_who_is_neither_in_an_owner_nor_a_company_may_not_create_a_hub(self, arvidsjaur, developer):
        owner, _manager = developer
        stranger = make_user("nyfiken@example.org")
        with pytest.raises(PermissionDenied):
            hub_services.hub_create(actor=stranger, municipality=arvidsjaur, name="Min hubb", purpose="Nej.",
                                    owner_platform=owner)

    def test_a_hub_needs_a_name_and_exactly_one_owner(self, arvidsjaur, developer, snickeri):
        owner, manager = developer
        company, _ = snickeri
        with pytest.raises(ValidationError) as error:
            hub_services.hub_create(actor=manager, municipality=arvidsjaur, name="Två ägare", purpose="x",
                                    owner_platform=owner, owner_company=company)
        assert "plattformsägare eller ett företag" in _messages(error)
        with pytest.raises(ValidationError) as error:
            hub_services.hub_create(actor=manager, municipality=arvidsjaur, name="", purpose="x",
                                    owner_platform=owner)
        assert "name" in error.value.message_dict


class HubUpdateTests:
    def test_a_manager_renames_the_hub_and_its_address_stays(self, hub, developer):
        _owner, manager = developer
        hub_services.hub_update(actor=manager, hub=hub, name="Blaiken – leverantörer", public_member_list=False)
        hub.refresh_from_db()
        assert hub.name == "Blaiken – leverantörer"
        assert hub.slug == "blaikens-leverantorer"
        assert hub.public_member_list is False

    def test_a_company_member_who_is_not_a_manager_may_not_edit(self, hub, snickeri):
        _company, owner = snickeri
        with pytest.raises(PermissionDenied):
            hub_services.hub_update(actor=owner, hub=hub, name="Kapad")


class ApplicationTests:
    def test_a_company_applies_and_the_managers_get_an_email(self, hub, snickeri, commit):
        company, owner = snickeri
        with commit():
            membership = hub_services.hub_apply(actor=owner, hub=hub, company=company, message="Vi har grävmaskiner.")
        assert membership.status == Status.APPLIED
        assert [m.to for m in mail.outbox] == [["projektledare@blaiken.example.org"]]
        assert "Snickeri i Arvidsjaur AB" in mail.outbox[0].subject
        assert "Vi har grävmaskiner." in mail.outbox[0].body
        assert "/marknadsplats/hubbar/blaikens-leverantorer/hantera/" in mail.outbox[0].body

    def test_the_manager_approves_and_the_companys_people_are_told(self, hub, snickeri, developer, commit):
        company, owner = snickeri
        _owner, manager = developer
        membership = hub_services.hub_apply(actor=owner, hub=hub, company=company)
        with commit():
            hub_services.hub_membership_approve(actor=manager, membership=membership)
        membership.refresh_from_db()
        assert membership.status == Status.MEMBER
        assert membership.decided_by == manager
        assert mail.outbox[0].to == ["snickaren@example.org"]
        assert "är nu medlem" in mail.outbox[0].body

    def test_a_declined_application_says_so_and_the_company_may_apply_again(self, hub, snickeri, developer,
                                                                            commit):
        company, owner = snickeri
        _owner, manager = developer
        membership = hub_services.hub_apply(actor=owner, hub=hub, company=company)
        with commit():
            hub_services.hub_membership_decline(actor=manager, membership=membership)
        assert "har inte godkänts" in mail.outbox[0].body
        again = hub_services.hub_apply(actor=owner, hub=hub, company=company)
        assert again.pk == membership.pk
        assert again.status == Status.APPLIED

    def test_applying_twice_or_as_a_member_is_refused_with_a_clear_message(self, hub, snickeri):
        company, owner = snickeri
        hub_services.hub_apply(actor=owner, hub=hub, company=company)
        with pytest.raises(ValidationError) as error:
            hub_services.hub_apply(actor=owner, hub=hub, company=company)
        assert "har redan ansökt" in _messages(error)

    def test_only_the_companys_own_people_may_apply_for_it(self, hub, snickeri):
        company, _owner = snickeri
        with pytest.raises(PermissionDenied):
            hub_services.hub_apply(actor=make_user("annan@example.org"), hub=hub, company=company)

    def test_a_hub_closed_to_applications_refuses_them(self, hub, snickeri, developer):
        company, owner = snickeri
        hub_services.hub_update(actor=developer[1], hub=hub, open_to_applications=False)
        with pytest.raises(ValidationError) as error:
            hub_services.hub_apply(actor=owner, hub=hub, company=company)
        assert "tar inte emot ansökningar" in _messages(error)

    def test_a_company_outside_the_hubs_municipalities_or_unpublished_may_not_apply(self, hub, overkalix,
                                                                                   arvidsjaur):
        far, far_owner = make_company_with_owner(overkalix, email="kalix@example.org", legal_name="Kalix Bygg AB",
                                                 org_number="559000-0013")
        with pytest.raises(ValidationError) as error:
            hub_services.hub_apply(actor=far_owner, hub=hub, company=far)
        assert "Överkalix, som hubben inte omfattar" in _messages(error)
        draft, draft_owner = make_company_with_owner(arvidsjaur, email="ny@example.org", legal_name="Nytt AB",
                                                     org_number="556677-8899", published=False)
        with pytest.raises(ValidationError) as error:
            hub_services.hub_apply(actor=draft_owner, hub=hub, company=draft)
        assert "inte publicerat" in _messages(error)

    def test_a_manager_of_another_hub_may_not_decide(self, hub, snickeri, arvidsjaur):
        company, owner = snickeri
        membership = hub_services.hub_apply(actor=owner, hub=hub, company=company)
        other_manager = make_user("annan.hubb@example.org")
        make_platform_owner("Annan ägare", kind="company", members=[other_manager])
        with pytest.raises(PermissionDenied):
            hub_services.hub_membership_approve(actor=other_manager, membership=membership)


class InvitationTests:
    def test_a_manager_invites_and_the_company_accepts(self, hub, snickeri, developer, commit):
        company, owner = snickeri
        _owner, manager = developer
        with commit():
            membership = hub_services.hub_invite(actor=manager, hub=hub, company=company, message="Välkomna!")
        assert membership.status == Status.INVITED
        assert mail.outbox[0].to == ["snickaren@example.org"]
        assert "/marknadsplats/hubbar/blaikens-leverantorer/" in mail.outbox[0].body
        mail.outbox.clear()
        with commit():
            hub_services.hub_membership_accept_invitation(actor=owner, membership=membership)
        membership.refresh_from_db()
        assert membership.status == Status.MEMBER
        assert mail.outbox[0].to == ["projektledare@blaiken.example.org"]

    def test_only_the_companys_people_may_accept_an_invitation(self, hub, snickeri, developer):
        company, _owner = snickeri
        membership = hub_services.hub_invite(actor=developer[1], hub=hub, company=company)
        with pytest.raises(PermissionDenied):
            hub_services.hub_membership_accept_invitation(actor=developer[1], membership=membership)

    def test_an_invited_company_that_applies_becomes_a_member(self, hub, snickeri, developer):
        company, owner = snickeri
        hub_services.hub_invite(actor=developer[1], hub=hub, company=company)
        membership = hub_services.hub_apply(actor=owner, hub=hub, company=company)
        assert membership.status == Status.MEMBER

    def test_only_managers_invite_and_only_companies_in_the_hubs_municipalities(self, hub, snickeri, developer,
                                                                               overkalix):
        company, owner = snickeri
        with pytest.raises(PermissionDenied):
            hub_services.hub_invite(actor=owner, hub=hub, company=company)
        far, _ = make_company_with_owner(overkalix, email="kalix@example.org", legal_name="Kalix Bygg AB",
                                         org_number="559000-0013")
        with pytest.raises(ValidationError):
            hub_services.hub_invite(actor=developer[1], hub=hub, company=far)

    def test_inviting_a_member_is_refused(self, hub, snickeri, developer):
        company, _owner = snickeri
        add_hub_member(hub, company)
        with pytest.raises(ValidationError) as error:
            hub_services.hub_invite(actor=developer[1], hub=hub, company=company)
        assert "redan medlem" in _messages(error)

    def test_declining_an_invitation_is_leaving_before_joining(self, hub, snickeri, developer):
        company, owner = snickeri
        membership = hub_services.hub_invite(actor=developer[1], hub=hub, company=company)
        hub_services.hub_leave(actor=owner, membership=membership)
        membership.refresh_from_db()
        assert membership.status == Status.DECLINED
        with pytest.raises(ValidationError) as error:
            hub_services.hub_membership_accept_invitation(actor=owner, membership=membership)
        assert "redan ändrats" in _messages(error)


class LeavingTests:
    def test_a_company_leaves_and_may_apply_again(self, hub, snickeri):
        company, owner = snickeri
        membership = add_hub_member(hub, company)
        hub_services.hub_leave(actor=owner, membership=membership)
        membership.refresh_from_db()
        assert membership.status == Status.LEFT
        assert hub_services.hub_apply(actor=owner, hub=hub, company=company).status == Status.APPLIED

    def test_a_manager_removes_a_member_and_the_company_is_told(self, hub, snickeri, developer, commit):
        company, owner = snickeri
        membership = add_hub_member(hub, company)
        with pytest.raises(PermissionDenied):
            hub_services.hub_member_remove(actor=owner, membership=membership)
        with commit():
            hub_services.hub_member_remove(actor=developer[1], membership=membership)
        membership.refresh_from_db()
        assert membership.status == Status.LEFT
        assert mail.outbox[0].to == ["snickaren@example.org"]
        assert "tagit bort" in mail.outbox[0].body

    def test_no_email_is_sent_when_the_change_is_refused(self, hub, snickeri, commit):
        company, owner = snickeri
        hub_services.hub_apply(actor=owner, hub=hub, company=company)
        with commit(), pytest.raises(ValidationError):
            hub_services.hub_apply(actor=owner, hub=hub, company=company)
        assert mail.outbox == []


class HubLogoTests:
    def test_a_manager_uploads_a_logo_that_is_re_encoded_and_a_non_image_is_refused(self, hub, developer):
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image

        _owner, manager = developer
        data = io.BytesIO()
        Image.new("RGB", (40, 20), "teal").save(data, "PNG")
        hub_services.hub_update(actor=manager, hub=hub, logo_upload=SimpleUploadedFile(
            "logo.png", data.getvalue(), content_type="image/png"))
        hub.refresh_from_db()
        assert (hub.logo.width, hub.logo.height) == (40, 20)
        assert hub.logo.collection == hub.municipality.collection
        with pytest.raises(ValidationError) as error:
            hub_services.hub_update(actor=manager, hub=hub, logo_upload=SimpleUploadedFile(
                "logo.png", b"%PDF-1.4 inte en bild", content_type="image/png"))
        assert "logo" in error.value.message_dict
        assert "ingen bild" in _messages(error)
