"""The vocabulary of each index (search.models.SearchTerm): writing it with the token rows, and the
few lookups query expansion needs.

Every write to the database index passes the change in document frequency per term here, in the
same transaction as the token rows (an upsert adding the delta, then rows at zero deleted), so
the vocabulary never lists a term no document has. Reads are plain indexed lookups, except the
substring one: a trigram GIN index on PostgreSQL (migration 0005), a scan on SQLite.
"""
import uuid
from collections import Counter
from collections.abc import Iterable

from django.db import connection

from . import analysis
from .backends.base import chunks
from .models import SUGGEST_FIELD, SearchTerm, SearchToken

TEXT, SUGGEST = SearchTerm.TEXT, SearchTerm.SUGGEST
VERSION = "v"  # one row per index (term ""): its `example` is the vocabulary's version
MAX_TERM_LENGTH = 255
UPSERT_BATCH = 150  # rows per statement: 5 parameters each, within SQLite's limit of 999


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# Writing ---------------------------------------------------------------------------------------

class VocabularyDelta:
    """Document frequencies to add (new documents) and remove (replaced or deleted ones)."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.examples: dict[tuple[str, str], str] = {}

    def add_document(self, texts: Iterable[str], suggest_label: str) -> None:
        terms: dict[str, str] = {}
        for text in texts:
            for word in analysis.words(text):
                term = analysis.stem(analysis.fold(word))
                if len(term) <= MAX_TERM_LENGTH:
                    terms.setdefault(term, word.lower())
        suggest_words = {}
        for word in analysis.words(suggest_label):
            folded = analysis.fold(word)
            if len(folded) <= MAX_TERM_LENGTH:
                suggest_words.setdefault(folded, word.lower())
        for kind, found in ((TEXT, terms), (SUGGEST, suggest_words)):
            for term, example in found.items():
                self.counts[(kind, term)] += 1
                self.examples.setdefault((kind, term), example[:MAX_TERM_LENGTH])

    def remove_entries(self, cursor, entry_ids_sql: str, params: list) -> None:
        """Count the terms of entries about to be deleted (selected by `entry_ids_sql`)."""
        cursor.execute(
            f"SELECT CASE WHEN field = %s THEN %s ELSE %s END, token, COUNT(DISTINCT entry_id) "
            f"FROM {_table(SearchToken)} WHERE entry_id IN ({entry_ids_sql}) "
            f"GROUP BY CASE WHEN field = %s THEN %s ELSE %s END, token",
            [SUGGEST_FIELD, SUGGEST, TEXT, *params, SUGGEST_FIELD, SUGGEST, TEXT],
        )
        for kind, term, count in cursor.fetchall():
            self.counts[(kind, term)] -= count

    def apply(self, cursor, index_name: str) -> None:
        """Upsert the non-zero deltas (sorted, so concurrent writers lock rows in one order) and
        drop terms no document holds any more."""
        rows = sorted((kind, term, n) for (kind, term), n in self.counts.items() if n)
        if not rows:
            return
        emptied = any(n < 0 for _, _, n in rows)
        table = _table(SearchTerm)
        upsert = (f"ON CONFLICT (index_name, kind, term) DO UPDATE SET doc_count = {table}.doc_count + "
                  f"excluded.doc_count")
        if connection.vendor == "postgresql":  # one statement for the whole chunk: arrays
            cursor.execute(
                f"INSERT INTO {table} (index_name, kind, term, doc_count, example) "
                f"SELECT %s, * FROM unnest(%s::text[], %s::text[], %s::int[], %s::text[]) {upsert}",
                [index_name, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
                 [self.examples.get((kind, term), term) for kind, term, _ in rows]],
            )
            rows = []
        for batch in chunks(rows, UPSERT_BATCH):
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (index_name, kind, term, doc_count, example) VALUES {values} {upsert}",
                [v for kind, term, n in batch
                 for v in (index_name, kind, term, n, self.examples.get((kind, term), term))],
            )
        # A new version with every change, in the same transaction: the cache key of expansions.
        cursor.execute(f"INSERT INTO {table} (index_name, kind, term, doc_count, example) VALUES (%s, %s, '', 0, %s) "
                       f"ON CONFLICT (index_name, kind, term) DO UPDATE SET example = excluded.example",
                       [index_name, VERSION, uuid.uuid4().hex])
        if emptied:
            cursor.execute(f"DELETE FROM {table} WHERE index_name = %s AND kind <> %s AND doc_count <= 0",
                           [index_name, VERSION])


def version(index_name: str) -> str:
    """Changes whenever the index's vocabulary does ("none" before the first write)."""
    row = SearchTerm.objects.filter(index_name=index_name, kind=VERSION, term="").values_list("example", flat=True)
    return row.first() or "none"


# Reading ---------------------------------------------------------------------------------------

def known(index_name: str, kind: str, terms: Iterable[str]) -> dict[str, tuple[int, str]]:
    """term -> (document count, example word) for those of `terms` the index holds."""
    terms = sorted({t for t in terms if len(t) <= MAX_TERM_LENGTH})
    found: dict[str, tuple[int, str]] = {}
    for batch in chunks(terms, 500):
        rows = SearchTerm.objects.filter(index_name=index_name, kind=kind, term__in=batch)
        found.update((term, (n, example)) for term, n, example in rows.values_list("term", "doc_count", "example"))
    return found


def containing(index_name: str, kind: str, part: str, limit: int) -> list[str]:
    """Terms other than `part` that contain it, the most frequent first (at most `limit`)."""
    table = _table(SearchTerm)
    if connection.vendor == "postgresql":
        # LIKE '%part%' is answered from the trigram index (parts have at least 3 letters, so
        # at least one trigram); folded terms hold letters and digits only, nothing to escape.
        condition, param = "term LIKE %s", f"%{part}%"
    else:
        condition, param = "instr(term, %s) > 0", part
    sql = (f"SELECT term FROM {table} WHERE index_name = %s AND kind = %s AND {condition} AND term <> %s "
           f"ORDER BY doc_count DESC, term LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [index_name, kind, param, part, limit])
        return [term for (term,) in cursor.fetchall()]



def ending_with(index_name: str, kind: str, tails: Iterable[str]) -> dict[str, list[str]]:
    """tail -> the terms longer than it that end with it, for those of `tails` some term ends with."""
    tails = sorted({t for t in tails if t and len(t) <= MAX_TERM_LENGTH})
    found: dict[str, list[str]] = {}
    table = _table(SearchTerm)
    for batch in chunks(tails, 50):
        # LIKE '%tail': on PostgreSQL the trigram index answers each pattern (a tail has 3+ letters).
        patterns = " OR ".join(["term LIKE %s"] * len(batch))
        sql = f"SELECT term FROM {table} WHERE index_name = %s AND kind = %s AND ({patterns})"
        with connection.cursor() as cursor:
            cursor.execute(sql, [index_name, kind, *(f"%{t}" for t in batch)])
            terms = [term for (term,) in cursor.fetchall()]
        for tail in batch:
            if longer := [term for term in terms if term.endswith(tail) and term != tail]:
                found[tail] = longer
    return found
