"""Query-time expansion sources: other ways of saying a query term (trade synonyms and the like).

A source is `fn(term) -> list[tuple[str, ...]]`: `term` is ONE analysed query term (the output
of `search.analysis`, folded and stemmed) and each returned tuple is an analysed alternative
phrase, every term of which must match. The backends ask `synonym_alternatives(term)` for each
query term; an alternative ranks below the literal word. Sources are registered once, in an
app's ready(); none are registered by default.
"""
from collections.abc import Callable

SynonymSource = Callable[[str], list[tuple[str, ...]]]

_sources: list[SynonymSource] = []


def register_synonym_source(fn: SynonymSource) -> None:
    """Add a source; registering the same function twice has no effect."""
    if fn not in _sources:
        _sources.append(fn)


def synonym_alternatives(term: str) -> list[tuple[str, ...]]:
    """Every registered source's alternatives for one analysed term, each once, the term itself left out."""
    seen: dict[tuple[str, ...], None] = {}
    for source in _sources:
        for alternative in source(term):
            alternative = tuple(alternative)
            if alternative and alternative != (term,):
                seen.setdefault(alternative, None)
    return list(seen)
