"""The relevance set of bench/relevance_bench.py is well-formed: enough queries in every class, every
judgment names companies that exist (generated or demo), and each class measures what its name says
(a compound-part query's word never stands alone in its companies, a synonym is never used by them ...).

Not a test of the scores: those go to docs/benchmarks.md.
"""
import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache

import pytest
import snowballstemmer

from bench import relevancelib
from competence.demo_maturity import EXTRA_COMPANIES
from directory.demo import DEMO_COMPANIES

_stemmer = snowballstemmer.stemmer("swedish")
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    """Lower-cased and folded as the search layer folds (å, ä -> a, ö -> o)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


@lru_cache(maxsize=None)
def _stems(text: str) -> frozenset[str]:
    return frozenset(_stemmer.stemWords(_words(text)))


@cache
def _companies():
    return relevancelib.generate(relevancelib.DEFAULT_COMPANIES, relevancelib.DEFAULT_SEED)


@cache
def _queries():
    return relevancelib.load_queries()


def _demo(code: str) -> list:
    """What seed_demo puts in a municipality's directory: its demo companies and the maturity demo's."""
    return DEMO_COMPANIES.get(code, []) + EXTRA_COMPANIES.get(code, [])


def _text(company) -> str:
    return " ".join([company.legal_name, company.description, company.products])


def _judged(query, min_grade=2):
    """The generated companies judged relevant for the words the generator put in them (not for an
    SNI code alone; demo judgments are by hand)."""
    words_only = relevancelib.Query(**{**query.__dict__, "concepts": tuple(
        c for c in query.concepts if not c.startswith("sni:")) or query.concepts})
    grades = relevancelib.judgments(words_only, _companies())
    by_key = {c.key: c for c in _companies()}
    return [by_key[key] for key, grade in grades.items() if key in by_key and grade >= min_grade]


def _of_class(name):
    return [pytest.param(q, id=f"{q.id}-{q.text}") for q in _queries() if q.cls == name]


def test_at_least_150_queries_with_unique_ids_and_every_class_at_least_10():
    queries = _queries()
    assert len(queries) >= 150
    assert len({q.id for q in queries}) == len(queries)
    counts = Counter(q.cls for q in queries)
    assert set(counts) == set(relevancelib.CLASSES)
    assert min(counts.values()) >= 10, counts


def test_every_judgment_names_existing_concepts_demo_companies_and_grades():
    tags = {tag for company in _companies() for tag in company.tags}
    for query in _queries():
        assert query.municipality in relevancelib.MUNICIPALITIES, query
        assert set(query.concepts + query.partial) <= tags, query
        demo_names = {c.legal_name for c in _demo(relevancelib.MUNICIPALITIES[query.municipality])}
        assert set(query.demo) <= demo_names, query
        assert set(query.demo.values()) <= {1, 2, 3}, query


@pytest.mark.parametrize("query", [q for q in _queries() if q.cls != "empty"], ids=lambda q: q.id)
def test_every_answerable_query_has_relevant_companies_in_its_municipality(query):
    assert _judged(query), f"{query.text!r} judges no company relevant in {query.municipality}"


@pytest.mark.parametrize("query", _of_class("empty"))
def test_empty_answer_queries_name_nothing_no_company_has(query):
    assert not query.concepts
    assert not query.partial
    assert not query.demo
    code = relevancelib.MUNICIPALITIES[query.municipality]
    texts = [_text(c) for c in _companies() if c.municipality_code == code]
    texts += [f"{d.legal_name} {d.description} {d.products}" for d in _demo(code)]
    folded = _words(query.text)[0]
    assert not [t for t in texts if any(folded in word for word in _words(t)) or _stems(query.text) & _stems(t)]


@pytest.mark.parametrize("query", _of_class("word"))
def test_word_queries_stand_as_whole_words_in_their_companies(query):
    assert all(_stems(query.text) <= _stems(_text(c)) for c in _judged(query))


@pytest.mark.parametrize("query", _of_class("compound_part"))
def test_compound_part_queries_appear_only_inside_compounds(query):
    for company in _judged(query):
        assert not _stems(query.text) & _stems(_text(company)), company
        part = _words(query.text)[0]
        assert any(part in word and part != word for word in _words(_text(company))), company


@pytest.mark.parametrize("query", _of_class("compound_query") + _of_class("synonym") + _of_class("typo"))
def test_compound_synonym_and_typo_queries_are_not_words_of_their_companies(query):
    assert not [c for c in _judged(query) if _stems(query.text) & _stems(_text(c))]


@pytest.mark.parametrize("query", _of_class("synonym"))
def test_synonyms_are_not_even_part_of_a_word_of_their_companies(query):
    folded = _words(query.text)[0]
    assert not [c for c in _judged(query) if any(folded in word for word in _words(_text(c)))]


@pytest.mark.parametrize("query", _of_class("sni_name"))
def test_sni_name_queries_are_found_only_in_the_sni_title(query):
    titles = relevancelib.sni_titles()
    for company in _judged(query):
        assert not _stems(query.text) & _stems(_text(company)), company
        codes = [company.primary_sni, *company.secondary_sni]
        assert any(_stems(query.text) <= _stems(titles[code]) for code in codes), company
