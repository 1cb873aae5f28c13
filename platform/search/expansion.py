"""Query expansion, once per query word and the same for every backend: what a Swedish word
typed into a search box may match (docs/adr/0005-swedish-query-expansion.md).

Each analysed query term becomes a `QueryWord` with weighted alternatives; a document matches a
word when it holds any alternative (all terms of a multi-term one), and must match every word.
Its score is the sum over words of the best alternative's weight times the boost of the field it
occurs in (multi-term alternatives: each term's share of the weight times its best field's boost). The database backend runs that over its
posting lists, Elasticsearch as constant-score term queries, so both find the same documents.

    exact     the term itself                                             weight 1.0
    synonym   alternatives from registered sources (register_synonym_source)      0.7
    part      vocabulary terms containing it, for terms of 4+ letters:
              "bageri" -> "fjallbageriet", "kott" -> "notkott"                     0.5
    split     a compound query word as two vocabulary terms, both required:
              "kycklingfoder" -> ("kyckling", "fod")                               0.4
    typo      only when the query finds nothing: a vocabulary term one edit
              (insert, delete, replace, swap) from a word the vocabulary lacks       0.9

Terms of three letters or fewer match whole words only. The vocabulary (search.vocabulary) is
the database's, always written; lookups are cached under the vocabulary's version, which every write
changes (in the same transaction).
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

from . import analysis, vocabulary

logger = logging.getLogger(__name__)

EXACT_WEIGHT = 1.0
TYPO_WEIGHT = 0.9
SYNONYM_WEIGHT = 0.7
PART_WEIGHT = 0.5
SPLIT_WEIGHT = 0.4
# Shorter terms match whole words only: "bil" must not find "mobil", nor "tur" "naturbruk".
MIN_PART_QUERY = 4
# A compound query word is split only when both parts keep at least this many letters.
MIN_SPLIT_PART = 3
# Words this short get no typo neighbours: one edit from "taxi" or "skog" is another real word.
MIN_TYPO_WORD = 5
# The most frequent containing terms kept per query word (the same list for every backend).
MAX_PARTS = 64
# Containing terms examined per query word (most frequent first) before the compound test.
MAX_CONTAINING = 400
# Final consonant pairs the Swedish stemmer undoubles in a long word but keeps in a short one.
_UNDOUBLED_PAIRS = frozenset({"dd", "gd", "nn", "dt", "gt", "kt", "tt"})
# What may follow the last part of a compound in an analysed term: the Swedish stemmer leaves
# some inflection endings on long words ("fjallbageriet"), none of which makes a new word.
INFLECTION_ENDINGS = frozenset({
    "", "a", "e", "n", "s", "t", "en", "et", "er", "ar", "or", "na", "ne", "ns", "ts", "es",
    "ens", "ets", "ers", "ars", "ors", "are", "ade", "ande", "ende", "arna", "erna", "orna",
})
MAX_SUGGEST_PARTS = 64
MAX_TERM_LENGTH = vocabulary.MAX_TERM_LENGTH
CACHE_SECONDS = 600
_LETTERS = "abcdefghijklmnopqrstuvwxyz"  # folded text: å, ä, ö are a, a, o


# The synonym hook (search words, H2) ----------------------------------------------------------

SynonymSource = Callable[[str], list[tuple[str, ...]]]
_synonym_sources: list[SynonymSource] = []


def register_synonym_source(fn: SynonymSource) -> None:
    """`fn(term)` gets one analysed query term and returns analysed alternative phrases (tuples
    of terms, all of which must match). Called at query time, so edits apply at once."""
    if fn not in _synonym_sources:
        _synonym_sources.append(fn)


def unregister_synonym_source(fn: SynonymSource) -> None:
    if fn in _synonym_sources:
        _synonym_sources.remove(fn)


def synonym_alternatives(term: str) -> list[tuple[str, ...]]:
    """Every registered source's alternatives for `term`, without repeats or the term itself."""
    found: dict[tuple[str, ...], None] = {}
    for source in list(_synonym_sources):
        try:
            alternatives = source(term)
        except Exception:  # a broken list must not take search down with it
            logger.exception("synonym source %r failed for %r", source, term)
            continue
        for alternative in alternatives or ():
            alternative = tuple(t for t in alternative if t)
            if alternative and alternative != (term,):
                found.setdefault(alternative, None)
    return list(found)


# The plan -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Alternative:
    terms: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class QueryWord:
    """One analysed query term and what may stand for it."""

    term: str
    alternatives: tuple[Alternative, ...]

    @property
    def single_terms(self) -> dict[str, float]:
        """term -> weight of the one-term alternatives (scored with the field's boost)."""
        return {a.terms[0]: a.weight for a in self.alternatives if len(a.terms) == 1}

    @property
    def phrases(self) -> list[Alternative]:
        return [a for a in self.alternatives if len(a.terms) > 1]


@dataclass(frozen=True)
class QueryPlan:
    words: tuple[QueryWord, ...]
    # A term longer than any stored token: nothing can match (both backends answer empty).
    impossible: bool = False


def plan_query(index_name: str, text: str) -> QueryPlan:
    """The words of `text` with their exact, synonym, part and split alternatives."""
    terms = analysis.query_terms(text)
    if any(len(term) > MAX_TERM_LENGTH for term in terms):
        return QueryPlan(words=(), impossible=True)
    if not terms:
        return QueryPlan(words=())
    version = _index_version(index_name)
    return QueryPlan(words=tuple(_expand(index_name, version, term) for term in terms))


def corrected_plan(index_name: str, text: str) -> tuple[QueryPlan, str] | None:
    """The plan with one-edit corrections of the typed words the vocabulary lacks, and the
    corrected query text ("Menade du …?"); None when no word has a correction."""
    typed = [(word, analysis.stem(analysis.fold(word))) for word in analysis.words(text)]
    version = _index_version(index_name)
    corrections: dict[str, tuple[str, str]] = {}  # term -> (corrected term, its example word)
    for word, term in typed:
        if term not in corrections and len(term) <= MAX_TERM_LENGTH:
            correction = _cached(index_name, version, "typo", term, lambda w=word, t=term: _typo(index_name, w, t) or ())
            if correction:
                corrections[term] = tuple(correction)
    if not corrections:
        return None
    words = []
    for term in analysis.query_terms(text):
        corrected = corrections.get(term, (term, ""))[0]
        word = _expand(index_name, version, corrected)
        if corrected != term:  # the corrected word stands in for the typed one, a little below
            word = QueryWord(term, tuple(Alternative(a.terms, a.weight * TYPO_WEIGHT) for a in word.alternatives))
        words.append(word)
    did_you_mean = " ".join(corrections[term][1] if term in corrections else word for word, term in typed)
    return QueryPlan(words=tuple(words)), did_you_mean


def suggest_parts(index_name: str, prefix_word: str) -> list[str]:
    """Suggest words (folded) containing a typed word of 4+ letters not at their start:
    "bage" -> "fjallbageriet", so autocomplete finds compounds as search does."""
    if len(prefix_word) < MIN_PART_QUERY:
        return []
    version = _index_version(index_name)
    found = _cached(index_name, version, "suggest", prefix_word, lambda: vocabulary.containing(
        index_name, vocabulary.SUGGEST, prefix_word, MAX_SUGGEST_PARTS))
    return [word for word in found if word.find(prefix_word, 1) >= MIN_SPLIT_PART]


# Building alternatives ------------------------------------------------------------------------

def _expand(index_name: str, version: str, term: str) -> QueryWord:
    weights: dict[tuple[str, ...], float] = {(term,): EXACT_WEIGHT}

    def offer(terms: tuple[str, ...], weight: float) -> None:
        if weights.get(terms, 0.0) < weight:
            weights[terms] = weight

    for alternative in synonym_alternatives(term):
        offer(alternative, SYNONYM_WEIGHT)
    vocabulary_alternatives = _cached(index_name, version, "expand", term, lambda: _vocabulary_alternatives(
        index_name, term))
    for terms, weight in vocabulary_alternatives:
        offer(tuple(terms), weight)
    return QueryWord(term, tuple(Alternative(terms, weight) for terms, weight in weights.items()))


def _vocabulary_alternatives(index_name: str, term: str) -> list[tuple[tuple[str, ...], float]]:
    if len(term) < MIN_PART_QUERY:
        return []
    found = [((part,), PART_WEIGHT) for part in _compounds_with_part(index_name, term)]
    found += [(split, SPLIT_WEIGHT) for split in _splits(index_name, term)]
    return found


def _compounds_with_part(index_name: str, term: str) -> list[str]:
    """Vocabulary terms that are compounds with `term` as a part: as their last part, after at
    least three letters, followed at most by an inflection ending ("bageri" -> "fjallbageriet",
    "kott" -> "notkott"); or as a first part followed by another vocabulary term, with or
    without a linking "s" ("kyckling" -> "kycklingfod"). A mere continuation of the word is not
    a compound: "snick" (snickare) does not find "snickeri", nor "kott" "skott"."""
    fragments = [term]
    if term[-2:] in _UNDOUBLED_PAIRS:  # "kott" (kött) ends "notkot" (nötkött): the stemmer undoubles
        fragments.append(term[:-1])
    candidates = list(dict.fromkeys(
        c for fragment in fragments for c in vocabulary.containing(index_name, vocabulary.TEXT, fragment, MAX_CONTAINING)
        if c != term))
    heads_wanting_a_tail: dict[str, list[str]] = {}
    parts: list[str] = []
    for candidate in candidates:
        if any(candidate[start + len(fragment):] in INFLECTION_ENDINGS
               for fragment in fragments for start in _occurrences(candidate, fragment) if start >= MIN_SPLIT_PART):
            parts.append(candidate)
        elif heads := [h for h in (term, *_restored(term)) if candidate.startswith(h)]:
            # Every reading of the head: "hundspan" (hundspann, stemmed alone) ends before the
            # compound's "n" in "hundspannstur"; only the restored "hundspann" leaves a tail.
            tails = []
            for head in heads:
                rest = candidate[len(head):]
                tails += [rest] + ([rest[1:]] if rest.startswith("s") else [])
            # The tail as the stemmer leaves it inside a long compound ("turer" in "hundspannsturer") or
            # as it stands alone ("tur"): either in the vocabulary makes this a compound.
            tails += [analysis.stem(t) for t in tails]
            heads_wanting_a_tail[candidate] = list(dict.fromkeys(t for t in tails if len(t) >= MIN_SPLIT_PART))
    wanted = {t for tails in heads_wanting_a_tail.values() for t in tails}
    present = set(vocabulary.known(index_name, vocabulary.TEXT, wanted)) if wanted else set()
    present |= _last_parts(index_name, {t for tails in heads_wanting_a_tail.values() for t in tails} - present, term)
    parts += [c for c, tails in heads_wanting_a_tail.items() if any(t in present for t in tails)]
    order = {c: i for i, c in enumerate(candidates)}  # most frequent first
    return sorted(parts, key=order.__getitem__)[:MAX_PARTS]


def _last_parts(index_name: str, tails: set[str], head: str) -> set[str]:
    """Those of `tails`, never seen alone, that end a compound of another first part than `head`
    after a word the vocabulary knows: "tur" ends "fjalltur" after "fjall", so "hundspannstur"
    is "hundspann" + "s" + "tur". A mere word ending is not a part: "aftverk" ends "vindkraftverk"
    only after "vindkr", and "snickeri" cannot vouch for "eri" itself."""
    tails = {t for t in tails if len(t) >= MIN_SPLIT_PART}
    if not tails:
        return set()
    endings = {tail: [term for term in terms if not term.startswith(head[:MIN_SPLIT_PART])]
               for tail, terms in vocabulary.ending_with(index_name, vocabulary.TEXT, tails).items()}
    # The word before the tail as it may stand alone: itself, without a linking "s", stemmed
    # ("skoter" of "skotertur" is the term "skot").
    readings = {tail: {r for term in terms for r in _readings(term[:-len(tail)])} for tail, terms in endings.items()}
    wanted = {r for found in readings.values() for r in found}
    known = vocabulary.known(index_name, vocabulary.TEXT, wanted) if wanted else {}
    return {tail for tail, found in readings.items() if not found.isdisjoint(known)}


def _readings(head: str) -> set[str]:
    forms = {head, head[:-1]} if head.endswith("s") else {head}
    return {f for form in forms for f in (form, analysis.stem(form)) if len(f) >= MIN_SPLIT_PART}


def _restored(term: str) -> list[str]:
    """The word as it stands inside a compound, where the stemmer did not undouble its end: "hundspan"
    (hundspann, alone) is "hundspann" in "hundspannstur", "jak" (…jakt at a compound's end) is "jakt"."""
    return [term + letter for letter in "dnt" if term[-1:] + letter in _UNDOUBLED_PAIRS]


def _occurrences(text: str, part: str) -> list[int]:
    starts, start = [], text.find(part)
    while start >= 0:
        starts.append(start)
        start = text.find(part, start + 1)
    return starts


def _splits(index_name: str, term: str) -> list[tuple[str, str]]:
    """(head, tail) pairs of vocabulary terms that together spell the query term, allowing a
    linking "s" (skogsbruk -> skog + bruk); the most balanced split first, at most two."""
    candidates: list[tuple[int, tuple[str, ...], str]] = []
    for cut in range(MIN_SPLIT_PART, len(term) - MIN_SPLIT_PART + 1):
        head, tail = term[:cut], term[cut:]
        heads = {head, analysis.stem(head)}
        if head.endswith("s") and len(head) > MIN_SPLIT_PART:
            heads.add(head[:-1])
        # The compound's end was undoubled by the stemmer ("algjak" from älgjakt); alone it is "jakt".
        tails = (tail, *_restored(tail))
        candidates.append((cut, tuple(h for h in heads if len(h) >= MIN_SPLIT_PART), tails))
    wanted = {t for _, heads, tails in candidates for t in (*heads, *tails)}
    present = vocabulary.known(index_name, vocabulary.TEXT, wanted)
    splits = []
    for cut, heads, tails in sorted(candidates, key=lambda c: abs(len(term) - 2 * c[0])):
        head = max((h for h in heads if h in present), key=lambda h: (present[h][0], h), default=None)
        tail = next((t for t in tails if t in present), None)
        if head is not None and tail is not None and head != tail:
            splits.append((head, tail))
    return splits[:2]


def _typo(index_name: str, word: str, term: str) -> tuple[str, str] | None:
    """(term, example) of the most frequent vocabulary term one edit from the typed word, when
    the vocabulary lacks the word's own term."""
    folded = analysis.fold(word)
    if len(folded) < MIN_TYPO_WORD or len(folded) > MAX_TERM_LENGTH:
        return None
    if vocabulary.known(index_name, vocabulary.TEXT, [term]):
        return None
    stems = {analysis.stem(variant) for variant in _one_edit(folded)} - {term}
    present = vocabulary.known(index_name, vocabulary.TEXT, stems)
    if not present:
        return None
    best = max(present, key=lambda t: (present[t][0], [-ord(c) for c in t]))
    return best, present[best][1]


def _one_edit(word: str) -> set[str]:
    """Every string one deletion, adjacent swap, replacement or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return (deletes | swaps | replaces | inserts) - {word}


# Caching --------------------------------------------------------------------------------------

def _index_version(index_name: str) -> str:
    return vocabulary.version(index_name)


def _cached(index_name: str, version: str, kind: str, key: str, compute):
    """`compute()` cached under the vocabulary's version; the cache is a convenience (errors: compute)."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"search:expansion:{index_name}:{version}:{kind}:{digest}"
    try:
        value = cache.get(cache_key)
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.debug("search expansion cache unavailable: %s", exc)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(cache_key, value, CACHE_SECONDS)
        except Exception as exc:  # noqa: BLE001
            logger.debug("search expansion cache unavailable: %s", exc)
    return value
