"""Compounds whose last part never stands alone, and split compounds ranked by where their parts
occur -- the same on the database backend and on Elasticsearch (a real osmem-server)."""
import pytest

from search.types import IndexSpec, SearchQuery
from tests.support.search_backends import backend_with
from tests.support.search_trades import TOWN, trade

pytestmark = pytest.mark.django_db

GUIDES = IndexSpec(name="test.guides", text_fields={"name": 3.0, "description": 1.0}, suggest_field="name")


DOCUMENTS = [
    # Listed first, so that a tie in score would put it first.
    trade("lammgard", "Norrgården", "Vi föder upp lamm. Ägg från frigående höns."),
    trade("fodermakare", "Foder & Lantbruk", "Foder till kycklingar och höns."),
    trade("hundspann", "Vildmark Norr", "Hundspannsturer och norrskensturer."),
    trade("fjallguiden", "Fjällguiden", "Fjällturer i fjäll och skog."),
    trade("vindkraft", "Vindkraftverk Service", "Service av vindkraftverk."),
    trade("reservkraft", "Elservice", "Reservkraft till gårdar."),
]


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request):
    return backend_with(request, GUIDES, DOCUMENTS)


def search(backend, text):
    return backend.search(GUIDES, SearchQuery(text=text, municipality_ids=[TOWN], page_size=100))


def test_a_word_finds_compounds_whose_last_part_only_ends_other_compounds(backend):
    # "turer" never stands alone, but ends "fjällturer" after the word "fjäll".
    assert search(backend, "hundspann").ids == ["hundspann"]


def test_a_word_ending_after_no_known_word_is_no_part(backend):
    # "reservkr…" + "aftverk" is no compound: "aftverk" ends "vindkraftverk" only after "vindkr".
    # So the misspelt word finds nothing as typed, and is corrected.
    result = search(backend, "reservkrat")
    assert result.ids == ["reservkraft"]
    assert result.did_you_mean == "reservkraft"


def test_split_parts_in_the_name_rank_above_parts_in_a_description(backend):
    # Both mention "höns" and "foder"/"föder" (alike without diacritics); the feed maker's name says foder.
    assert search(backend, "hönsfoder").ids == ["fodermakare", "lammgard"]
