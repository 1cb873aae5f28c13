"""The database search index: one entry per document, with its analysed tokens, facet values
and municipalities in narrow indexed tables (written always, so the fallback is current).

A query is a chain of semi-joins: the entries of the first term (or of the municipality scope)
that also have every other term, a value of each filter and a municipality in scope - each an
index-only lookup. Facet counts are a GROUP BY over the facet rows of the matching ids.
`SynonymGroup` is not part of the index: the trade synonyms applied to queries (search.synonyms).
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import analysis

# Token rows of this pseudo-field hold the folded, unstemmed words of the suggest label.
SUGGEST_FIELD = "_suggest"


class SearchEntry(models.Model):
    """One document. On PostgreSQL the migration adds search_entry_doc_order
    (index_name, doc_id COLLATE "C") for the id-ordered pages of searches without text;
    search_entry_position serves the bounding boxes of distance-sorted ones."""

    index_name = models.CharField(max_length=64)
    doc_id = models.CharField(max_length=128)
    suggest_label = models.CharField(max_length=255, blank=True)
    suggest_sort = models.CharField(max_length=255, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index_name", "doc_id"], name="search_entry_doc_unique"),
        ]
        indexes = [
            # Distance-sorted searches read the entries of a bounding box around the point: a
            # range of latitudes, the longitude checked in the index.
            models.Index(fields=["index_name", "lat", "lon"], name="search_entry_position"),
        ]

    def __str__(self) -> str:
        return f"{self.index_name}:{self.doc_id}"


class SearchEntryMunicipality(models.Model):
    # Indexed by search_muni_entry below, which leads with the entry.
    entry = models.ForeignKey(
        SearchEntry, on_delete=models.CASCADE, related_name="municipalities", db_index=False
    )
    index_name = models.CharField(max_length=64)
    municipality_id = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # The scope as a set (no query text) and as a probe per candidate entry.
            models.Index(fields=["index_name", "municipality_id", "entry"], name="search_muni_lookup"),
            models.Index(fields=["entry", "municipality_id"], name="search_muni_entry"),
        ]


class SearchToken(models.Model):
    """One distinct analysed token of one text field of an entry (or a suggest word)."""

    # Indexed by search_token_entry below, which leads with the entry.
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tokens", db_index=False)
    index_name = models.CharField(max_length=64)
    field = models.CharField(max_length=64)
    token = models.CharField(max_length=255)

    class Meta:
        indexes = [
            # Scoring probes one matching entry for the query's tokens; deletes find an entry's rows.
            models.Index(fields=["entry", "token", "field"], name="search_token_entry"),
            # Covers the whole lookup, so PostgreSQL answers from the index alone: the entries of
            # a token in entry order (a posting list), or one probe (token, entry) per candidate.
            # varchar_pattern_ops (PostgreSQL only; ignored elsewhere) also serves
            # autocomplete's LIKE 'prefix%' whatever the database's collation.
            models.Index(
                fields=["index_name", "token", "entry", "field"],
                name="search_token_lookup",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "int8_ops", "varchar_pattern_ops"],
            ),
        ]


class SearchFacetValue(models.Model):
    # Indexed by search_facet_entry below, which leads with the entry.
    entry = models.ForeignKey(
        SearchEntry, on_delete=models.CASCADE, related_name="facet_values", db_index=False
    )
    index_name = models.CharField(max_length=64)
    field = models.CharField(max_length=64)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [
            models.Index(fields=["index_name", "field", "value", "entry"], name="search_facet_lookup"),
            # Facet counting and filter probes read the values of the matching entries.
            models.Index(fields=["entry", "field", "value"], name="search_facet_entry"),
        ]


class SearchCountVersion(models.Model):
    """A new random value for a municipality of an index on every write that adds, changes or
    removes one of its documents (in the same transaction, so a rollback takes it back too).
    The cache key of the totals and facet counts of searches without text names the versions of
    every municipality in their scope: a write in one municipality leaves the cached counts of
    the others in place, and a cached count is never older than the index."""

    index_name = models.CharField(max_length=64)
    municipality_id = models.PositiveIntegerField()
    version = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index_name", "municipality_id"], name="search_count_version_unique"),
        ]


class SearchMissedWrite(models.Model):
    """A document a backend other than the database failed to write or delete (the search server
    was away). The database index is current; this one is behind until reconcile repairs it.
    /healthz reports the distinct documents per index and backend as drift; a reconcile that
    succeeds deletes the rows noted before it read the provider."""

    index_name = models.CharField(max_length=64)
    backend = models.CharField(max_length=32)
    doc_id = models.CharField(max_length=128)
    missed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["index_name", "backend", "doc_id"], name="search_missed_write_doc")]

    def __str__(self) -> str:
        return f"{self.backend}:{self.index_name}:{self.doc_id}"


class SearchReconcileRun(models.Model):
    """The last reconcile of one index in one backend: when it finished and what it repaired."""

    index_name = models.CharField(max_length=64)
    backend = models.CharField(max_length=32)
    finished_at = models.DateTimeField()
    missing = models.PositiveIntegerField(default=0)
    stale = models.PositiveIntegerField(default=0)
    extra = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index_name", "backend"], name="search_reconcile_run_unique"),
        ]


class SearchTerm(models.Model):
    """The vocabulary of an index: each distinct analysed term of its text fields (kind "t", a
    stem) and each distinct folded word of its suggest labels (kind "s"), with the number of
    documents holding it. Kept current in the same transaction as the token rows; query
    expansion (search.expansion) finds compound parts, compound splits and one-edit neighbours
    here once per query word, for every backend. On PostgreSQL migration 0005 adds a trigram
    GIN index (pg_trgm) on `term` for the substring lookups."""

    TEXT, SUGGEST = "t", "s"  # and one row of kind "v" per index: its version (search.vocabulary)

    index_name = models.CharField(max_length=64)
    kind = models.CharField(max_length=1)
    term = models.CharField(max_length=255)
    doc_count = models.IntegerField()
    # A lower-cased word as typed in a document (unfolded, unstemmed) that gave this term: what a
    # "Menade du …?" suggestion shows instead of a bare stem.
    example = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index_name", "kind", "term"], name="search_term_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.index_name}:{self.kind}:{self.term}"

class SynonymGroup(models.Model):
    """Words that mean the same trade ("rörmokare, VVS"): a search for one also finds the others.

    Seeded from data/trade_synonyms.csv (migration 0006) and edited by the platform administrator
    only (wagtail_hooks.py). Applied when a query is analysed (search.synonyms), so an edit is in
    effect for the next search without reindexing anything."""

    name = models.CharField(_("namn"), max_length=100, unique=True,
                            help_text=_("Vad gruppen gäller, t.ex. ”Rörmokare och VVS”."))
    words = models.TextField(
        _("ord"),
        help_text=_("Ord eller uttryck som betyder samma sak, ett per rad eller åtskilda med kommatecken. "
                    "Böjningar behövs inte: ”snickare” hittar också ”snickaren”."),
    )
    enabled = models.BooleanField(_("används"), default=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("synonymgrupp")
        verbose_name_plural = _("synonymgrupper")

    def __str__(self) -> str:
        return self.name

    @property
    def word_list(self) -> list[str]:
        return split_words(self.words)

    def clean(self) -> None:
        words = self.word_list
        if len(words) < 2:
            raise ValidationError({"words": _("Skriv minst två ord eller uttryck som betyder samma sak.")})
        empty = [word for word in words if not analysis.query_terms(word)]
        if empty:
            raise ValidationError({"words": _("Innehåller inga bokstäver eller siffror: %(words)s")
                                   % {"words": ", ".join(empty)}})
        too_long = [word for word in words if len(word) > MAX_SYNONYM_LENGTH]
        if too_long:
            raise ValidationError({"words": _("För långt (högst %(max)d tecken): %(words)s")
                                   % {"max": MAX_SYNONYM_LENGTH, "words": ", ".join(too_long)}})
        self.words = "\n".join(words)  # one per line, as the form shows them


MAX_SYNONYM_LENGTH = 60


def split_words(text: str) -> list[str]:
    """The entries of a group: separated by newlines or commas, trimmed, each once, in order."""
    entries = (" ".join(part.split()) for line in text.splitlines() for part in line.split(","))
    return list(dict.fromkeys(entry for entry in entries if entry))
