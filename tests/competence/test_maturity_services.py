"""Submitting the questionnaire: scores, rounds T0, T1, …, members only, nothing saved on a bad answer."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from competence import maturity_services
from competence.models import MaturityAssessment
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.competence_maturity import answers_at, assess
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(overkalix):
    owner = make_user("handlarn@example.org")
    return make_company(overkalix, owner=owner, published=True, legal_name="Handlar'n i Lansjärv AB",
                        primary_sni="47111"), owner


class SubmitTests:
    def test_the_first_submission_is_t0_with_scores_and_their_mean(self, company):
        company, owner = company
        t0 = assess(company, actor=owner, level=2)
        assert (t0.round, t0.label, t0.questionnaire) == (0, "T0", "dma-sv-2026-1")
        assert t0.scores["strategy"] == 50.0
        assert t0.scores["human"] == 50.0
        assert t0.overall == pytest.approx(sum(t0.scores.values()) / 6, abs=0.05)
        assert t0.municipality == company.municipality
        assert t0.created_by == owner

    def test_later_submissions_are_t1_and_t2(self, company):
        company, owner = company
        rounds = [assess(company, actor=owner, level=level).round for level in (1, 2, 3)]
        assert rounds == [0, 1, 2]

    def test_the_same_answers_sent_twice_in_a_row_are_one_round(self, company):
        company, owner = company
        first = assess(company, actor=owner, level=2)
        again = assess(company, actor=owner, level=2)
        assert again.pk == first.pk
        assert MaturityAssessment.objects.filter(company=company).count() == 1
        # Later on, the same answers are a real new round.
        MaturityAssessment.objects.filter(pk=first.pk).update(created_at=first.created_at - timedelta(days=200))
        assert assess(company, actor=owner, level=2).round == 1

    def test_a_round_taken_by_a_concurrent_submit_is_retried_with_the_next_number(self, company, monkeypatch):
        company, owner = company
        assess(company, actor=owner, level=1)
        from django.db import IntegrityError

        from competence import maturity_services as module

        real_store, calls = module._store, []

        def racing_store(**kwargs):
            calls.append(1)
            if len(calls) == 1:  # another request stored T1 between our read and our write
                real_store(**{**kwargs, "answers": answers_at(3)})
                raise IntegrityError("unique_maturity_round")
            return real_store(**kwargs)

        monkeypatch.setattr(module, "_store", racing_store)
        mine = maturity_services.assessment_submit(actor=owner, company=company, answers=answers_at(2))
        assert mine.round == 2
        assert len(calls) == 2
        assert sorted(MaturityAssessment.objects.filter(company=company).values_list("round", flat=True)) == [0, 1, 2]

    def test_a_missing_answer_saves_nothing_and_names_the_question(self, company):
        company, owner = company
        answers = answers_at(2)
        del answers["automation_ai_use"]
        with pytest.raises(ValidationError) as caught:
            maturity_services.assessment_submit(actor=owner, company=company, answers=answers)
        assert list(caught.value.message_dict) == ["automation_ai_use"]
        assert not MaturityAssessment.objects.exists()

    def test_only_the_companys_members_submit(self, company, overkalix):
        company, _owner = company
        for outsider in (make_user("granne@example.org"), make_staff(overkalix, Role.MODERATOR),
                         make_staff(overkalix, Role.EDITOR, email="red@example.org")):
            with pytest.raises(PermissionDenied):
                maturity_services.assessment_submit(actor=outsider, company=company, answers=answers_at(2))
        assert not MaturityAssessment.objects.exists()
