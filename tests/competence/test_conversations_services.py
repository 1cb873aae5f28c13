"""Recording a needs conversation: who may (an advisor of an owner granted the municipality, the
municipality's editor), which organisation it is recorded for, the needs found entering the company's
registry with a first history row, Swedish errors, and nothing saved when any part is invalid."""
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from competence.conversation_services import conversation_record, conversation_update
from competence.models import (
    CompetenceNeed,
    CompetenceNeedStatusChange,
    EffortArea,
    FollowupProject,
    NeedsConversation,
    NeedSource,
)
from competence.permissions import can_view_competence_needs
from tests.factories.competence_conversations import conversation_world, make_advisor, make_conversation

pytestmark = pytest.mark.django_db
NEED = {"description": "Vi behöver lära oss sälja på nätet", "kind": "upskill", "horizon": "6m"}


@pytest.fixture
def w(overkalix, arvidsjaur):
    return conversation_world(overkalix, arvidsjaur)


def _record(w, actor, **overrides):
    data = {"held_on": date(2026, 11, 12), "participants": "Anna Nilsson, vd", "needs": [NEED]}
    data.update(overrides)
    return conversation_record(actor=actor, company=w.company, **data)


class RecordTests:
    def test_an_advisor_records_and_the_needs_enter_the_companys_registry(self, w):
        second = {"description": "En lagerarbetare med truckkort till sommaren", "kind": "recruit", "horizon": "now"}
        conversation = _record(w, w.advisor, needs=[NEED, second], summary="Vill börja med e-handel",
                               next_step="Vi skickar tips om kurser", follow_up_on=date(2027, 1, 15))
        assert conversation.owner == w.region
        assert conversation.advisor == w.advisor
        assert conversation.municipality == w.municipality
        needs = list(CompetenceNeed.objects.filter(company=w.company).order_by("pk"))
        assert [n.description for n in needs] == [NEED["description"], second["description"]]
        for need in needs:
            assert need.source == NeedSource.CONVERSATION
            assert need.conversation == conversation
            assert need.created_by == w.advisor
            assert need.status == "registered"
            history = list(need.status_changes.all())
            assert len(history) == 1
            assert history[0].to_status == "registered"
            assert history[0].actor == w.advisor
        # The needs found are the recording owner's record, but not a key to the company's other needs.
        assert not can_view_competence_needs(w.advisor, w.company)

    def test_the_municipalitys_editor_records_for_the_office(self, w):
        conversation = _record(w, w.editor)
        assert conversation.owner is None
        assert conversation.advisor == w.editor

    @pytest.mark.parametrize("who", ["iuc_advisor", "member", "moderator", "resident", "other_member"])
    def test_others_may_not_record(self, w, who):
        with pytest.raises(PermissionDenied):
            _record(w, getattr(w, who))
        assert not NeedsConversation.objects.exists()
        assert not CompetenceNeed.objects.exists()

    def test_an_advisor_cannot_record_for_an_organisation_they_do_not_belong_to(self, w):
        with pytest.raises(ValidationError) as error:
            _record(w, w.advisor, owner=w.almi)
        assert "organisation ni tillhör" in error.value.message_dict["owner"][0]

    def test_an_advisor_of_several_granted_owners_must_choose(self, w):
        w.almi.members.add(w.advisor)
        with pytest.raises(ValidationError) as error:
            _record(w, w.advisor)
        assert error.value.message_dict["owner"] == ["Välj vilken organisation ni höll samtalet för."]
        assert _record(w, w.advisor, owner=w.almi).owner == w.almi

    def test_at_least_one_need_or_an_explicit_none(self, w):
        with pytest.raises(ValidationError) as error:
            _record(w, w.advisor, needs=[])
        assert "Skriv minst ett behov" in error.value.message_dict["no_needs"][0]
        conversation = _record(w, w.advisor, needs=[], no_needs=True)
        assert not conversation.needs.exists()
        with pytest.raises(ValidationError, match="Välj det ena"):
            _record(w, w.advisor, no_needs=True)

    def test_a_bad_second_need_saves_nothing_and_names_the_row_and_field(self, w):
        bad = {"description": "Något", "kind": "recruit", "horizon": "10y"}
        with pytest.raises(ValidationError) as error:
            _record(w, w.advisor, needs=[NEED, bad])
        assert set(error.value.message_dict) == {"needs-1-horizon"}
        assert not NeedsConversation.objects.exists()
        assert not CompetenceNeed.objects.exists()
        assert not CompetenceNeedStatusChange.objects.exists()

    def test_a_follow_up_before_the_conversation_is_refused_in_swedish(self, w):
        with pytest.raises(ValidationError) as error:
            _record(w, w.advisor, follow_up_on=date(2026, 1, 1))
        assert error.value.message_dict["follow_up_on"] == ["Uppföljningen kan inte ligga före samtalet."]
        assert not CompetenceNeed.objects.exists()

    def test_only_the_recording_owners_own_area_and_project_can_be_tagged(self, w):
        area = EffortArea.objects.create(owner=w.region, name="Kompetensförsörjning")
        project = FollowupProject.objects.create(owner=w.region, name="Kompetenslyft Norrbotten",
                                                 starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31))
        almis = EffortArea.objects.create(owner=w.almi, name="Almis område")
        conversation = _record(w, w.advisor, effort_area=area, project=project)
        assert (conversation.effort_area, conversation.project) == (area, project)
        with pytest.raises(ValidationError) as error:
            _record(w, w.advisor, effort_area=almis)
        assert "egna insatsområden" in error.value.message_dict["effort_area"][0]
        assert NeedsConversation.objects.count() == 1


class UpdateTests:
    def test_the_advisor_and_the_office_correct_the_record(self, w):
        conversation = make_conversation(w.company, actor=w.advisor)
        conversation_update(actor=w.advisor, conversation=conversation, next_step="Ring i januari")
        conversation_update(actor=w.editor, conversation=conversation, follow_up_on=date(2027, 2, 1))
        conversation.refresh_from_db()
        assert conversation.next_step == "Ring i januari"
        assert conversation.follow_up_on == date(2027, 2, 1)

    @pytest.mark.parametrize("who", ["almi_advisor", "member", "moderator"])
    def test_others_cannot_correct_it(self, w, who):
        conversation = make_conversation(w.company, actor=w.advisor)
        with pytest.raises(PermissionDenied):
            conversation_update(actor=getattr(w, who), conversation=conversation, summary="Ändrat")

    def test_a_bad_update_changes_nothing(self, w):
        conversation = make_conversation(w.company, actor=w.advisor, summary="Före")
        with pytest.raises(ValidationError):
            conversation_update(actor=w.advisor, conversation=conversation, summary="Efter",
                                follow_up_on=date(2020, 1, 1))
        conversation.refresh_from_db()
        assert conversation.summary == "Före"

    def test_an_advisor_who_left_the_owner_can_no_longer_correct_it(self, w):
        conversation = make_conversation(w.company, actor=w.advisor)
        colleague = make_advisor(w.region, "kollega@regionnorrbotten.example.org")
        w.region.members.remove(w.advisor)
        advisor = type(w.advisor).objects.get(pk=w.advisor.pk)  # a new request: no memoised owners
        with pytest.raises(PermissionDenied):
            conversation_update(actor=advisor, conversation=NeedsConversation.objects.get(pk=conversation.pk), summary="x")
        conversation_update(actor=colleague, conversation=conversation, summary="Kollegan rättar")
