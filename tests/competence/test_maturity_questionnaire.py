"""The maturity questionnaire lives in data, is checked when loaded, and scores answers as documented."""
import json

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import translation

from competence.maturity_questionnaire import QUESTIONS_FILE, parse_questionnaire, questionnaire
from competence.models import MaturityDimension
from tests.factories.competence_maturity import answers_at


def _raw():
    with open(QUESTIONS_FILE, encoding="utf-8") as fh:
        return json.load(fh)


class LoaderTests:
    def test_the_shipped_file_has_all_six_dimensions_with_three_to_five_questions_each(self):
        form = questionnaire()
        assert form.version == "dma-sv-2026-1"
        assert [d.key for d in form.dimensions] == list(MaturityDimension.values)
        assert all(3 <= len(d.questions) <= 5 for d in form.dimensions)

    def test_a_missing_dimension_is_refused(self):
        data = _raw()
        data["dimensions"] = [d for d in data["dimensions"] if d["key"] != "green"]
        with pytest.raises(ImproperlyConfigured, match="six dimensions"):
            parse_questionnaire(data)

    def test_weights_that_do_not_sum_to_one_are_refused(self):
        data = _raw()
        data["dimensions"][0]["questions"][0]["weight"] += 0.1
        with pytest.raises(ImproperlyConfigured, match="sum to 1"):
            parse_questionnaire(data)

    def test_a_question_without_an_english_text_is_refused(self):
        data = _raw()
        del data["dimensions"][2]["questions"][1]["text"]["en"]
        with pytest.raises(ImproperlyConfigured, match="English"):
            parse_questionnaire(data)

    def test_an_unreachable_cap_and_a_repeated_key_are_refused(self):
        data = _raw()
        multiple = next(q for d in data["dimensions"] for q in d["questions"] if q["type"] == "multiple")
        multiple["max_points"] = 99
        with pytest.raises(ImproperlyConfigured, match="reachable"):
            parse_questionnaire(data)
        data = _raw()
        data["dimensions"][1]["questions"][0]["key"] = data["dimensions"][0]["questions"][0]["key"]
        with pytest.raises(ImproperlyConfigured, match="key"):
            parse_questionnaire(data)

    def test_the_text_follows_the_active_language(self):
        question = questionnaire().questions["strategy_plan"]
        with translation.override("en"):
            assert question.text.startswith("We have decided")
            assert questionnaire().dimensions[0].title == "Digital business strategy"
        with translation.override("sv"):
            assert question.text.startswith("Vi har bestämt")


class ScoringTests:
    def test_all_lowest_answers_score_zero_and_all_highest_score_a_hundred(self):
        form = questionnaire()
        assert form.score(form.clean_answers(answers_at(0))) == ({k: 0.0 for k in MaturityDimension.values}, 0.0)
        top = form.clean_answers(answers_at(4))
        scores, overall = form.score(top)
        # Lists are capped: four options give full points wherever the cap is 4, 4/5 where it is 5.
        assert scores["strategy"] == 100.0
        assert scores["green"] == 100.0
        assert scores["readiness"] == pytest.approx(100 * (0.4 * 4 / 5 + 0.3 + 0.3), abs=0.05)
        assert overall == pytest.approx(sum(scores.values()) / 6, abs=0.05)

    def test_a_dimension_is_the_weighted_mean_of_its_questions(self):
        form = questionnaire()
        answers = answers_at(0)
        # Strategy: plan (0.3) at 4/4, budget (0.2) at 2/4, channels (0.3) two of cap 4, support (0.2) at 0.
        answers.update(strategy_plan="4", strategy_budget="2", strategy_channels=["website", "social"])
        scores, overall = form.score(form.clean_answers(answers))
        assert scores["strategy"] == pytest.approx(100 * (0.3 + 0.2 * 0.5 + 0.3 * 0.5), abs=0.05)  # 55
        assert overall == pytest.approx(scores["strategy"] / 6, abs=0.05)


class AnswerValidationTests:
    def test_a_missing_answer_gets_a_swedish_message_under_its_own_question(self):
        answers = answers_at(2)
        del answers["data_backup"]
        answers["green_devices"] = []
        with pytest.raises(ValidationError) as caught:
            questionnaire().clean_answers(answers)
        errors = caught.value.message_dict
        assert set(errors) == {"data_backup", "green_devices"}
        assert errors["data_backup"] == ["Välj ett av svaren."]
        assert "Välj minst ett alternativ" in errors["green_devices"][0]

    def test_an_answer_that_is_not_an_option_and_an_unknown_question_are_refused(self):
        answers = {**answers_at(2), "human_learning": "7", "extra": "1"}
        answers["data_security"] = ["two_step", "hacka"]
        with pytest.raises(ValidationError) as caught:
            questionnaire().clean_answers(answers)
        errors = caught.value.message_dict
        assert errors["human_learning"] == ["Välj ett av svaren i listan."]
        assert errors["data_security"] == ["Välj bland alternativen i listan."]
        assert "extra" in errors["__all__"][0]

    def test_none_of_these_cannot_be_chosen_with_another_option(self):
        answers = {**answers_at(2), "automation_tasks": ["none", "invoices"]}
        with pytest.raises(ValidationError) as caught:
            questionnaire().clean_answers(answers)
        assert "”Inget av detta”" in caught.value.message_dict["automation_tasks"][0]

