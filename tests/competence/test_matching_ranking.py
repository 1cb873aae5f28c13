"""Ranking offers for a need: structured signals, text similarity, the one-line reason, and who is a
candidate at all. The model-free hashing backend stands in for the model (quality is measured with the
real one in test_matching_quality.py)."""
import numpy as np
import pytest

from competence import matching
from competence.matching import Candidate, CandidateSet, NeedProfile
from tests.factories.accounts import make_user
from tests.factories.competence import make_need, make_peer_offer
from tests.factories.competence_matching import make_offer, make_provider
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.semantic import conftest as semantic_fixtures

hashing_backend = semantic_fixtures.hashing_backend


def _vec(text):
    from semantic.backends.hashing import HashingBackend

    return HashingBackend().embed_query(text)


WEBSHOP = "Vi behöver någon som kan sätta upp vår webbutik och koppla den till kassasystemet"
CATALOGUE = [
    Candidate(item="ecommerce", ssyk_codes=["2512"], skill_ids=["e-handel"], skill_labels={"e-handel": "E-handel"},
              form="short_course", delivery="distance", vector=_vec("E-handel: sätt upp webbutik och kassasystem")),
    # Hard negative: the same words (butik, kassa), another occupation, another form.
    Candidate(item="till", ssyk_codes=["5230"], skill_ids=[], form="vocational", delivery="on_site",
              place="Arvidsjaur", vector=_vec("Kassa och butik: kassahantering i butiken")),
    Candidate(item="games", ssyk_codes=["2513"], skill_ids=[], form="university", delivery="distance",
              vector=_vec("Spelutveckling i Unity")),
    Candidate(item="weld", ssyk_codes=["7212"], skill_ids=[], form="short_course", delivery="on_site",
              place="Överkalix", vector=_vec("Svetsning MIG MAG")),
]


def _need(**fields):
    data = {"ssyk_code": "2512", "skill_ids": frozenset({"e-handel"}), "preferred_forms": ("short_course", "peer"),
            "constraints": ("distance",), "places": frozenset({"overkalix"}), "vector": _vec(WEBSHOP)}
    return NeedProfile(**{**data, **fields})


class RankingTests:
    def test_the_same_occupation_in_a_preferred_form_ranks_first_and_the_look_alike_below_it(self):
        ranked = matching.rank(_need(), CandidateSet(CATALOGUE), limit=4)

        assert [s.item for s in ranked][0] == "ecommerce"
        order = [s.item for s in ranked]
        assert order.index("till") > order.index("ecommerce")
        assert all(0 <= s.score <= 1 for s in ranked)
        assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)

    def test_the_reason_is_one_swedish_line_naming_occupation_skills_form_and_delivery(self):
        best = matching.rank(_need(), CandidateSet(CATALOGUE), limit=1)[0]

        assert best.reason.startswith("samma yrke: 2512 Mjukvaru- och systemutvecklare m.fl.; kompetenser: E-handel")
        assert "kort kurs" in best.reason
        assert "distans" in best.reason
        assert "\n" not in best.reason

    def test_a_neighbouring_occupation_is_named_as_such_and_beats_an_unrelated_one(self):
        need = _need(skill_ids=frozenset(), vector=None, preferred_forms=(), constraints=())
        ranked = matching.rank(need, CandidateSet(CATALOGUE[1:]), limit=3)

        assert ranked[0].item == "games"
        assert ranked[0].reason.startswith("närliggande yrke: 2513 Utvecklare inom spel och digitala media")

    def test_the_place_constraint_prefers_an_offer_given_where_the_company_is(self):
        need = _need(ssyk_code="7212", skill_ids=frozenset(), constraints=("place",), preferred_forms=(),
                     vector=None)
        far = Candidate(item="far", ssyk_codes=["7212"], skill_ids=[], form="short_course", delivery="on_site",
                        place="Luleå")
        ranked = matching.rank(need, CandidateSet([far, CATALOGUE[3]]), limit=2)

        assert [s.item for s in ranked] == ["weld", "far"]
        assert "på plats i Överkalix" in ranked[0].reason

    def test_text_similarity_alone_orders_candidates_when_nothing_structured_differs(self):
        plain = [Candidate(item=c.item, ssyk_codes=[], skill_ids=[], vector=c.vector) for c in CATALOGUE]
        need = NeedProfile(vector=_vec(WEBSHOP))

        assert matching.rank(need, CandidateSet(plain), limit=1)[0].item == "ecommerce"

    def test_missing_embeddings_mean_no_text_signal_never_an_error(self):
        without = [Candidate(item=c.item, ssyk_codes=c.ssyk_codes, skill_ids=c.skill_ids, form=c.form,
                             delivery=c.delivery, place=c.place, vector=None) for c in CATALOGUE]

        ranked = matching.rank(_need(), CandidateSet(without), limit=4)
        assert ranked[0].item == "ecommerce"
        scores = matching.score(_need(vector=None), CandidateSet(CATALOGUE))
        assert np.all(scores.text_z == 0)

    def test_five_thousand_offers_rank_as_numpy_columns(self):
        many = CandidateSet([CATALOGUE[i % 4] for i in range(5000)])

        assert len(matching.rank(_need(), many, limit=10)) == 10


@pytest.mark.django_db
class CandidateTests:
    @pytest.fixture
    def world(self, overkalix, arvidsjaur, hashing_backend):
        member = make_user("agare@example.org")
        company = make_company(overkalix, owner=member, published=True, legal_name="Modebutiken i Överkalix AB")
        need = make_need(company, actor=member, description=WEBSHOP, ssyk_code="2512",
                         preferred_forms=["short_course", "peer"])
        return need, member

    def test_offers_of_providers_serving_the_municipality_and_other_companies_peer_offers_are_proposed(
            self, world, overkalix, arvidsjaur):
        need, member = world
        centre = make_provider(overkalix)
        course = make_offer(centre, ssyk_codes=["2512"])
        make_offer(centre, title="Nedlagd kurs", active=False, ssyk_codes=["2512"])
        make_offer(make_provider(overkalix, name="Vilande aktör", active=False), title="Vilande", ssyk_codes=["2512"])
        make_offer(make_provider(arvidsjaur, name="Komvux Arvidsjaur"), title="Bara för Arvidsjaur",
                   ssyk_codes=["2512"])
        serving = make_provider(arvidsjaur, name="Yrkeshögskolan", serves=[arvidsjaur, overkalix])
        remote = make_offer(serving, title="Webbutvecklare (YH)", form="vocational", ssyk_codes=["2512"])
        peer_owner = make_user("grannen@example.org")
        peer_company = make_company(overkalix, owner=peer_owner, org_number=ORG_NUMBERS[1], legal_name="Hantverksbod AB",
                                    published=True)
        peer = make_peer_offer(peer_company, actor=peer_owner, kind="knowledge",
                               title="Vi kopplade webbutiken till kassan")
        make_peer_offer(need.company, actor=member, kind="knowledge", title="Vårt eget erbjudande")
        elsewhere_owner = make_user("annan@example.org")
        elsewhere = make_company(arvidsjaur, owner=elsewhere_owner, org_number=ORG_NUMBERS[2], published=True)
        make_peer_offer(elsewhere, actor=elsewhere_owner, title="I en annan kommun")

        items = [s.item for s in matching.suggest_for_need(need, limit=20)]

        assert set(items) == {course, remote, peer}
        assert items[0] == course  # same occupation, a preferred form
