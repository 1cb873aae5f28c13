"""Registering needs, moving them through their statuses with a dated history, and peer offers."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from competence import services
from competence.models import CompetenceNeedStatusChange, NeedStatus
from tests.factories.accounts import make_user
from tests.factories.competence import make_need, make_peer_offer
from tests.factories.directory import make_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(asele):
    owner = make_user("agare@example.org")
    return make_company(asele, owner=owner, published=True), owner


class NeedRegisterTests:
    def test_a_member_registers_a_need_in_the_companys_municipality_with_a_first_history_row(self, company):
        company, owner = company
        need = make_need(company, actor=owner, ssyk_code="2512", ssyk_name="Mjukvaru- och systemutvecklare m.fl.",
                         skills=[{"id": "abc_123", "label": "E-handel"}], preferred_forms=["peer", "short_course"])
        assert need.municipality == company.municipality
        assert need.status == NeedStatus.REGISTERED
        history = list(need.status_changes.values_list("from_status", "to_status", "actor"))
        assert history == [("", NeedStatus.REGISTERED, owner.pk)]

    def test_a_code_that_is_not_four_digits_is_refused_in_swedish(self, company):
        company, owner = company
        with pytest.raises(ValidationError) as error:
            make_need(company, actor=owner, ssyk_code="25")
        assert "fyra siffror" in str(error.value.message_dict["ssyk_code"])

    def test_a_code_outside_ssyk_2012_is_refused_and_a_known_one_gets_its_name(self, company):
        company, owner = company
        with pytest.raises(ValidationError) as error:
            make_need(company, actor=owner, ssyk_code="9999")
        assert "finns inte bland yrkesgrupperna" in str(error.value.message_dict["ssyk_code"])
        assert make_need(company, actor=owner, ssyk_code="5223").ssyk_name == "Butikssäljare, fackhandel"

    def test_an_unknown_learning_form_is_refused(self, company):
        company, owner = company
        with pytest.raises(ValidationError) as error:
            make_need(company, actor=owner, preferred_forms=["peer", "telepathy"])
        assert "preferred_forms" in error.value.message_dict

    def test_someone_outside_the_company_cannot_register_a_need_for_it(self, company):
        company, _owner = company
        with pytest.raises(PermissionDenied):
            make_need(company, actor=make_user("annan@example.org"))

    def test_update_changes_the_stated_fields(self, company):
        company, owner = company
        need = make_need(company, actor=owner)
        services.need_update(actor=owner, need=need, headcount=3, horizon="now")
        need.refresh_from_db()
        assert (need.headcount, need.horizon) == (3, "now")


class NeedSetStatusTests:
    def test_each_allowed_step_is_recorded_with_its_actor_and_note(self, company):
        company, owner = company
        need = make_need(company, actor=owner)
        services.need_set_status(actor=owner, need=need, status=NeedStatus.MATCHED, note="Lärcentrum hörde av sig")
        services.need_set_status(actor=owner, need=need, status=NeedStatus.IN_PROGRESS)
        services.need_set_status(actor=owner, need=need, status=NeedStatus.MET, note="Kursen klar")
        need.refresh_from_db()
        assert need.status == NeedStatus.MET
        steps = list(need.status_changes.values_list("from_status", "to_status", "note"))
        assert steps == [("", "registered", ""), ("registered", "matched", "Lärcentrum hörde av sig"),
                         ("matched", "in_progress", ""), ("in_progress", "met", "Kursen klar")]
        assert all(c.municipality_id == company.municipality_id for c in need.status_changes.all())

    def test_a_met_need_cannot_go_back_and_nothing_is_recorded(self, company):
        company, owner = company
        need = make_need(company, actor=owner)
        services.need_set_status(actor=owner, need=need, status=NeedStatus.DROPPED)
        services.need_set_status(actor=owner, need=need, status=NeedStatus.REGISTERED)  # taken up again
        services.need_set_status(actor=owner, need=need, status=NeedStatus.IN_PROGRESS)
        services.need_set_status(actor=owner, need=need, status=NeedStatus.MET)
        before = CompetenceNeedStatusChange.objects.count()
        with pytest.raises(ValidationError) as error:
            services.need_set_status(actor=owner, need=need, status=NeedStatus.IN_PROGRESS)
        assert "kan inte få status Pågår" in str(error.value.message_dict["status"])
        assert CompetenceNeedStatusChange.objects.count() == before

    def test_a_registered_need_cannot_jump_to_met(self, company):
        company, owner = company
        need = make_need(company, actor=owner)
        with pytest.raises(ValidationError):
            services.need_set_status(actor=owner, need=need, status=NeedStatus.MET)

    def test_the_municipalitys_staff_may_not_change_a_companys_status(self, company):
        from municipalities.models import Role
        from tests.factories.municipalities import make_staff

        company, owner = company
        need = make_need(company, actor=owner)
        with pytest.raises(PermissionDenied):
            services.need_set_status(actor=make_staff(company.municipality, Role.EDITOR), need=need,
                                     status=NeedStatus.MATCHED)


class PeerOfferTests:
    def test_a_member_creates_updates_and_withdraws_an_offer(self, company):
        company, owner = company
        offer = make_peer_offer(company, actor=owner)
        assert offer.active
        assert offer.municipality == company.municipality
        services.peer_offer_update(actor=owner, offer=offer, title="Mentor för nya företagare", kind="mentoring")
        services.peer_offer_withdraw(actor=owner, offer=offer)
        offer.refresh_from_db()
        assert (offer.title, offer.kind, offer.active) == ("Mentor för nya företagare", "mentoring", False)

    def test_an_outsider_cannot_create_an_offer_for_the_company(self, company):
        company, _owner = company
        with pytest.raises(PermissionDenied):
            make_peer_offer(company, actor=make_user("annan@example.org"))


class CompetenceExportTests:
    def test_a_users_data_export_lists_the_needs_they_registered_and_status_changes(self, company):
        from users.gdpr import user_personal_data

        company, owner = company
        need = make_need(company, actor=owner)
        services.need_set_status(actor=owner, need=need, status=NeedStatus.DROPPED, note="Löst internt")
        data = user_personal_data(user=owner)["competence"]
        assert data["needs_registered"][0]["description"] == need.description
        assert data["status_changes"][-1]["note"] == "Löst internt"
