"""Trade synonyms at query time: the platform administrator's synonym groups as an expansion source.

`trade_synonym_alternatives(term)` is registered with `search.expansion` (apps.py): for one
analysed query term it returns the analysed forms of the other words of every enabled group that
has a one-word entry analysing to that term ("rormok" -> ("vvs",), ("tandvard",) ...). Entries of
several words ("juridisk rådgivning") are offered as alternatives (all their words must match)
but do not trigger, because a source sees one query term at a time.

The analysed groups are kept per process under a version held in the Django cache (Redis in
production, so every process sees it). Saving or deleting a group sets a new version, again
after commit, and the next search in any process rebuilds the map from the database: an edit
takes effect at once, with no reindexing, because documents are indexed without synonyms.
"""
from collections import defaultdict
from collections.abc import Iterable
from threading import Lock
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

from . import analysis

VERSION_KEY = "search:synonyms:version"

Alternatives = dict[str, tuple[tuple[str, ...], ...]]

_lock = Lock()
_memo: tuple[str | None, Alternatives] = (None, {})


def build_alternatives(groups: Iterable[list[str]]) -> Alternatives:
    """term -> the other phrases of every group it heads as a one-word entry, each phrase once."""
    found: dict[str, dict[tuple[str, ...], None]] = defaultdict(dict)
    for words in groups:
        phrases = list(dict.fromkeys(tuple(analysis.query_terms(word)) for word in words))
        phrases = [phrase for phrase in phrases if phrase]
        for phrase in phrases:
            if len(phrase) != 1:
                continue
            for other in phrases:
                if other != phrase:
                    found[phrase[0]].setdefault(other, None)
    return {term: tuple(others) for term, others in found.items()}


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def synonym_alternatives_map() -> Alternatives:
    global _memo
    version = current_version()
    memo_version, alternatives = _memo
    if version is not None and memo_version == version:
        return alternatives
    from .models import SynonymGroup

    with _lock:
        groups = [group.word_list for group in SynonymGroup.objects.filter(enabled=True).only("words")]
        alternatives = build_alternatives(groups)
        _memo = (version, alternatives)
    return alternatives


def trade_synonym_alternatives(term: str) -> list[tuple[str, ...]]:
    """The expansion source (contract in search.expansion): analysed alternatives of one analysed term."""
    return list(synonym_alternatives_map().get(term, ()))


def forget_synonyms(**_kwargs) -> None:
    """A group was saved or deleted: every process rebuilds its map at its next search. Again after
    commit, so a process that rebuilt from the old rows before the commit builds once more."""
    cache.set(VERSION_KEY, uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid4().hex, timeout=None))
