"""Search in the primary database: the embedded default and the fallback.

Analysis happens in Python (search.analysis); the database only looks up analysed tokens,
facet values and municipalities in narrow indexed tables (search.models) and counts.
"""
import hashlib
import json
import logging
import math
import uuid
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from .. import analysis, expansion
from ..models import (
    SUGGEST_FIELD,
    SearchCountVersion,
    SearchEntry,
    SearchEntryMunicipality,
    SearchFacetValue,
    SearchToken,
)
from ..types import (
    EARTH_RADIUS_KM,
    FACET_SIZE,
    IndexSpec,
    PreparedDocument,
    SearchDocument,
    SearchQuery,
    SearchResult,
    haversine_km,
    prepare,
)
from ..vocabulary import VocabularyDelta
from .base import SearchBackend, chunks
from .database_text import text_matching_sql

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# Totals and facet counts of searches without text (the list page as first opened, a facet link
# followed, sorted by distance) are cached under the count versions of the municipalities in
# scope (SearchCountVersion): counting a large share of a big municipality costs far more than
# any other part of a search, the combinations of facet values people click are few, and a write
# changes the key of every scope that holds one of the documents it touches, and of no other.
COUNTS_CACHE_SECONDS = 600
# Distance-sorted pages without text read the entries of a bounding box around the point
# (search_entry_position) instead of computing the distance of every entry in scope. The first
# box has this radius; it widens until enough entries lie within the radius, and past the
# largest radius the page is computed over the whole scope.
NEAR_FIRST_RADIUS_KM = 1.0
NEAR_MAX_RADIUS_KM = 2500.0
MAX_TOKEN_LENGTH = 255  # SearchToken.token; longer "words" (pasted URLs, noise) are not indexed


class DatabaseSearchBackend(SearchBackend):
    name = "database"

    def ping(self) -> bool:
        return connection.is_usable() if connection.connection else True

    def ensure_index(self, spec: IndexSpec) -> None:
        """The tables come from migrations; an index is just rows with its name."""

    # Writing --------------------------------------------------------------------------------

    def index_documents(self, spec: IndexSpec, docs: Iterable[SearchDocument]) -> int:
        """Write documents whose content changed (by hash); returns how many were written."""
        return sum(self._write(spec, chunk) for chunk in chunks(docs, BATCH_SIZE))

    def delete_documents(self, spec: IndexSpec, ids: Iterable[str]) -> None:
        for chunk in chunks(ids, BATCH_SIZE):
            with transaction.atomic():
                delta = VocabularyDelta()
                self._delete(spec, chunk, delta)
                with connection.cursor() as cursor:
                    delta.apply(cursor, spec.name)

    def rebuild(self, spec: IndexSpec, docs: Iterable[SearchDocument]) -> int:
        """Rewrite every document, then drop the ones `docs` no longer has. Chunk by chunk, each
        in its own short transaction: readers always see a complete index (each document old or
        new), and the web's own index writes never wait behind a long-running rebuild."""
        seen: set[str] = set()
        for chunk in chunks(docs, BATCH_SIZE):
            self._write(spec, chunk, force=True)
            seen.update(doc.id for doc in chunk)
        self.delete_documents(spec, sorted(set(self.document_hashes(spec)) - seen))
        return len(seen)

    def _write(self, spec: IndexSpec, chunk: list[SearchDocument], *, force: bool = False) -> int:
        prepared = {p.id: p for p in (prepare(spec, doc) for doc in chunk)}  # last one wins
        retries = 1
        while True:
            try:
                with transaction.atomic():
                    stored = dict(
                        SearchEntry.objects.filter(index_name=spec.name, doc_id__in=list(prepared))
                        .values_list("doc_id", "content_hash")
                    )
                    changed = [p for p in prepared.values() if force or stored.get(p.id) != p.content_hash]
                    delta = VocabularyDelta()
                    self._delete(spec, [p.id for p in changed if p.id in stored], delta)
                    self._insert(spec, changed, delta)
                    with connection.cursor() as cursor:
                        delta.apply(cursor, spec.name)
                    _new_versions(spec, {m for p in changed for m in p.municipality_ids})
                    return len(changed)
            except IntegrityError:
                # A concurrent writer inserted one of these documents first: read again, replace it.
                if not retries:
                    raise
                retries -= 1

    def document_hashes(self, spec: IndexSpec) -> dict[str, str]:
        return dict(SearchEntry.objects.filter(index_name=spec.name).values_list("doc_id", "content_hash"))

    def _delete(self, spec: IndexSpec, ids: Iterable[str], delta: VocabularyDelta) -> None:
        ids = list(ids)
        if not ids:
            return
        with connection.cursor() as cursor:  # the vocabulary loses the terms of these entries
            delta.remove_entries(cursor, f"SELECT id FROM {_table(SearchEntry)} WHERE index_name = %s "
                                 f"AND doc_id IN ({_marks(ids)})", [spec.name, *ids])
        entry_ids = SearchEntry.objects.filter(index_name=spec.name, doc_id__in=ids).values("pk")
        # The municipalities the documents leave (a moved document also changes its new ones on insert).
        left = set(SearchEntryMunicipality.objects.filter(entry_id__in=entry_ids)
                   .values_list("municipality_id", flat=True).distinct())
        # Plain DELETE statements, children first: the collector behind QuerySet.delete() would
        # load every token row into Python as soon as any app connects a global delete signal.
        for model in (SearchToken, SearchFacetValue, SearchEntryMunicipality):
            model.objects.filter(entry_id__in=entry_ids)._raw_delete(model.objects.db)
        SearchEntry.objects.filter(index_name=spec.name, doc_id__in=ids)._raw_delete(SearchEntry.objects.db)
        _new_versions(spec, left)

    def _insert(self, spec: IndexSpec, prepared: list[PreparedDocument], delta: VocabularyDelta) -> None:
        if not prepared:
            return
        entries = SearchEntry.objects.bulk_create([
            SearchEntry(
                index_name=spec.name, doc_id=p.id, content_hash=p.content_hash,
                suggest_label=p.suggest_label, suggest_sort=p.suggest_sort,
                lat=p.position[0] if p.position else None, lon=p.position[1] if p.position else None,
            )
            for p in prepared
        ])
        # Child rows as plain tuples (about 40 per document): building a model instance for
        # each made indexing several times slower.
        name = spec.name
        tokens, facets, municipalities = [], [], []
        for entry, p in zip(entries, prepared, strict=True):
            municipalities += [(entry.pk, name, m) for m in p.municipality_ids]
            for field_name, text in p.text.items():
                tokens += [(entry.pk, name, field_name, token)
                           for token in sorted(set(analysis.analyse(text))) if len(token) <= MAX_TOKEN_LENGTH]
            suggest_words = sorted(set(analysis.suggest_words(p.suggest_label)))
            tokens += [(entry.pk, name, SUGGEST_FIELD, word) for word in suggest_words if len(word) <= MAX_TOKEN_LENGTH]
            for field_name, values in p.keywords.items():
                facets += [(entry.pk, name, field_name, value) for value in values]
            delta.add_document(p.text.values(), p.suggest_label)
        with connection.cursor() as cursor:
            _insert_rows(cursor, SearchEntryMunicipality, ("entry_id", "index_name", "municipality_id"), municipalities)
            _insert_rows(cursor, SearchToken, ("entry_id", "index_name", "field", "token"), tokens)
            _insert_rows(cursor, SearchFacetValue, ("entry_id", "index_name", "field", "value"), facets)

    # Reading --------------------------------------------------------------------------------
    #
    # Raw SQL, portable between SQLite and PostgreSQL. The matching entries and their scores are
    # computed once, in a CTE `m (entry_id, score)`, which feeds the total, the facet counts and
    # the page in one statement. Every step is an index-only lookup:
    #   text    per query word, the posting lists of its alternatives (search.expansion) grouped
    #           by entry with the best weight x field boost; the words' lists joined on entry_id
    #           and their scores added (backends/database_text.py);
    #   scope   and filters: one probe per candidate (search_muni_entry, search_facet_entry);
    #   facets  one probe per matching entry (search_facet_entry), counted with GROUP BY.
    # Without text, the total and facet counts come from the cache when an earlier search with
    # the same scope, filters and facets counted them under its municipalities' count versions, and a
    # distance-sorted page is read from bounding boxes (_near_page_in_boxes) in statements of its
    # own: the whole scope is then never read for a page.

    def search_plan(self, spec: IndexSpec, query: SearchQuery, plan) -> SearchResult:
        if plan.impossible:  # a term longer than any stored token
            return SearchResult(ids=[], total=0, facets={name: [] for name in query.facets},
                                distances_km={}, backend=self.name)
        has_text = bool(plan.words)
        matching, matching_params = self._matching_sql(spec, query.municipality_ids, plan, query.active_filters)
        cache_key = _counts_key(spec, query, plan)
        cached = _cache_get(cache_key) if cache_key else None
        near_box = query.near is not None and not has_text and not query.beyond_window
        parts, params = self._counts_and_page_parts(spec, query, plan, cached, near_box)
        if not parts and not near_box:  # cached counts, and a page past the result window
            total, facets = cached
            return SearchResult(ids=[], total=total, facets=facets, distances_km={}, backend=self.name)
        rows: list[tuple] = []
        with connection.cursor() as cursor, _index_probe_costs(cursor):
            if parts:
                cursor.execute(f"WITH m (entry_id, score) AS ({matching}) " + " UNION ALL ".join(parts),
                               [*matching_params, *params])
                rows = cursor.fetchall()
            if near_box:
                page_rows = self._near_page_in_boxes(cursor, spec, query)
                if page_rows is None:  # too few positioned entries near the point: the whole scope
                    page_sql, page_params = self._page_sql(spec, query, has_text)
                    cursor.execute(f"WITH m (entry_id, score) AS ({matching}) SELECT doc_id, sort_value, entry_id "
                                   f"FROM ({page_sql}) page", [*matching_params, *page_params])
                    page_rows = cursor.fetchall()
                rows += [(2, doc_id, None, entry_id, value) for doc_id, value, entry_id in page_rows]
        return self._result_from_rows(query, rows, cached, cache_key, has_text)

    def _counts_and_page_parts(self, spec: IndexSpec, query: SearchQuery, plan, cached,
                               near_box: bool) -> tuple[list[str], list]:
        """The SELECTs over m, joined by UNION ALL: (0) the total, (1) facet counts, (2) the page
        -- those not answered by the cache or by the bounding boxes."""
        has_text = bool(plan.words)
        # Explicit NULL types: PostgreSQL resolves UNION column types pair by pair.
        parts = [] if cached else ["SELECT 0, NULL, NULL, COUNT(*), CAST(NULL AS DOUBLE PRECISION) FROM m"]
        params: list = []
        if query.facets and not cached:
            facet_values, in_facets = _table(SearchFacetValue), f"IN ({_marks(query.facets)})"
            if connection.vendor == "postgresql" and has_text:
                # A probe per matching entry; OFFSET 0 stops the planner from flattening this
                # into a hash join over every facet row of the index, which it tends to pick
                # because it cannot estimate how few entries a set of terms matches. (Without
                # terms its estimate of the scope is good; the plain join below is then better.)
                source = (f"m CROSS JOIN LATERAL (SELECT f.field, f.value FROM {facet_values} f "
                          f"WHERE f.entry_id = m.entry_id AND f.field {in_facets} OFFSET 0) fv")
            else:
                source = f"m JOIN {facet_values} fv ON fv.entry_id = m.entry_id AND fv.field {in_facets}"
            parts.append(f"SELECT 1, fv.field, fv.value, COUNT(*), CAST(NULL AS DOUBLE PRECISION) "
                         f"FROM {source} GROUP BY fv.field, fv.value")
            params += [*query.facets]
        if not query.beyond_window and not near_box:
            page_sql, page_params = self._page_sql(spec, query, has_text)
            parts.append(f"SELECT 2, doc_id, NULL, entry_id, sort_value FROM ({page_sql}) page")
            params += page_params
        return parts, params

    def _result_from_rows(self, query: SearchQuery, rows: list[tuple], cached, cache_key: str | None,
                          has_text: bool) -> SearchResult:
        total = cached[0] if cached else 0
        counts: dict[str, list[tuple[str, int]]] = defaultdict(list)
        page: list[tuple[str, float | None, int]] = []
        for kind, a, b, n, value in rows:
            if kind == 0:
                total = n
            elif kind == 1:
                counts[a].append((b, n))
            else:
                page.append((a, value, n))
        if cached:
            facets = cached[1]
        else:
            facets = {name: sorted(counts[name], key=lambda vc: (-vc[1], vc[0]))[:FACET_SIZE]
                      for name in query.facets}
            if cache_key:
                _cache_set(cache_key, (total, facets))
        # UNION ALL keeps no order: sort the page again by the keys the SQL paged by
        # (distance then id; score then entry; id).
        if query.near is not None:
            page.sort(key=lambda row: (row[1] is None, row[1] or 0.0, row[0]))
        elif has_text:
            page.sort(key=lambda row: (-row[1], row[2]))
        else:
            page.sort(key=lambda row: row[0])
        distances = {doc_id: value for doc_id, value, _ in page if value is not None} if query.near else {}
        return SearchResult(ids=[doc_id for doc_id, _, _ in page], total=total, facets=facets,
                            distances_km=distances, backend=self.name)

    def _matching_sql(self, spec: IndexSpec, municipality_ids: list[int], plan,
                      filters: dict[str, list[str]]) -> tuple[str, list]:
        """SELECT entry_id, score of every matching entry, once each (score NULL without text)."""
        municipality_ids = sorted(set(municipality_ids))
        if plan.words:
            scope = _scope_conditions(spec, municipality_ids, filters, "w0.entry_id")
            return text_matching_sql(spec, plan, _table(SearchToken), scope)
        # DISTINCT: a document may belong to several of the municipalities in scope.
        conditions, params = _filter_conditions(spec, filters, "s.entry_id")
        where = " AND ".join([f"s.index_name = %s AND s.municipality_id IN ({_marks(municipality_ids)})",
                              *conditions])
        sql = (f"SELECT DISTINCT s.entry_id, CAST(NULL AS DOUBLE PRECISION) "
               f"FROM {_table(SearchEntryMunicipality)} s WHERE {where}")
        return sql, [spec.name, *municipality_ids, *params]

    def _page_sql(self, spec: IndexSpec, query: SearchQuery, has_text: bool) -> tuple[str, list]:
        """doc_id and its sort value (distance or score) of one page, in result order."""
        source, by_id = f"m JOIN {_table(SearchEntry)} e ON e.id = m.entry_id", _ordinal_sql("e.doc_id")
        window, window_params = "LIMIT %s OFFSET %s", [query.page_size, query.offset]
        if query.near is not None:
            distance, distance_params = _distance_sql(query.near)
            sql = (f"SELECT e.doc_id AS doc_id, {distance} AS sort_value, e.id AS entry_id FROM {source} "
                   f"ORDER BY CASE WHEN e.lat IS NULL THEN 1 ELSE 0 END, sort_value, {by_id} {window}")
            return sql, [*distance_params, *window_params]
        if has_text:
            # Ties in score go by entry (stable between pages), so only the page's own entries
            # are looked up; the id order is the contract only without text.
            sql = (f"SELECT e.doc_id AS doc_id, p.score AS sort_value, e.id AS entry_id "
                   f"FROM (SELECT entry_id, score FROM m ORDER BY score DESC, entry_id {window}) p "
                   f"JOIN {_table(SearchEntry)} e ON e.id = p.entry_id")
        else:
            # Not from m (the planner knows nothing of its size) but the same conditions probed
            # per entry: PostgreSQL can then walk search_entry_doc_order (SQLite: the
            # (index_name, doc_id) unique index) in id order and stop after the page.
            conditions, params = _scope_conditions(spec, query.municipality_ids, query.active_filters, "e.id")
            sql = (f"SELECT e.doc_id AS doc_id, CAST(NULL AS DOUBLE PRECISION) AS sort_value, e.id AS entry_id "
                   f"FROM {_table(SearchEntry)} e WHERE {' AND '.join(['e.index_name = %s', *conditions])} "
                   f"ORDER BY {by_id} {window}")
            return sql, [spec.name, *params, *window_params]
        return sql, window_params

    def _near_page_in_boxes(self, cursor, spec: IndexSpec, query: SearchQuery) -> list[tuple] | None:
        """(doc_id, distance, entry_id) of a distance-sorted page without text, read from the
        entries inside a bounding box around the point, or None when no box up to
        NEAR_MAX_RADIUS_KM holds enough of them.

        Exact, ties included: when at least `offset + page_size` entries in scope lie within
        `radius` of the point, every entry of the page does too (any entry farther away sorts
        after all of those), and the box holds every entry within `radius`. Sorting the whole
        box by (distance, id) therefore gives the same page as sorting the whole scope."""
        wanted = query.offset + query.page_size
        distance, distance_params = _distance_sql(query.near)
        conditions, condition_params = _scope_conditions(spec, query.municipality_ids, query.active_filters, "e.id")
        radius = NEAR_FIRST_RADIUS_KM
        while radius <= NEAR_MAX_RADIUS_KM:
            box = bounding_box(query.near, radius)
            if box is None:
                return None
            (lat_min, lat_max), lon_range = box
            where = ["e.index_name = %s", "e.lat BETWEEN %s AND %s"]
            params: list = [*distance_params, spec.name, lat_min, lat_max]
            if lon_range is not None:  # None: the box crosses the antimeridian, the latitude band alone
                where.append("e.lon BETWEEN %s AND %s")
                params += list(lon_range)
            # The box's entries once (a CTE used twice is materialised by both databases): the
            # page, and how many of them lie within the radius.
            sql = (f"WITH b AS (SELECT e.doc_id AS doc_id, {distance} AS d, e.id AS entry_id "
                   f"FROM {_table(SearchEntry)} e WHERE {' AND '.join([*where, *conditions])}) "
                   f"SELECT * FROM (SELECT doc_id, d, entry_id FROM b "
                   f"ORDER BY d, {_ordinal_sql('doc_id')} LIMIT %s OFFSET %s) page "
                   f"UNION ALL SELECT NULL, NULL, COUNT(*) FROM b WHERE d <= %s")
            cursor.execute(sql, [*params, *condition_params, query.page_size, query.offset, radius])
            rows = cursor.fetchall()
            within = next(n for doc_id, _, n in rows if doc_id is None)
            if within >= wanted:
                return [row for row in rows if row[0] is not None]
            # Widen by what the density seen so far suggests (an area grows with the square).
            factor = 8.0 if not within else min(8.0, max(2.0, 1.5 * math.sqrt(wanted / within)))
            radius *= factor
        return None

    def suggest(self, spec: IndexSpec, prefix: str, municipality_ids: list[int],
                limit: int = 8) -> list[tuple[str, str]]:
        if not spec.suggest_field:
            raise ValueError(f"index {spec.name} has no suggest field")
        words = analysis.suggest_prefixes(prefix)
        if not words or not municipality_ids:
            return []
        municipality_ids = sorted(set(municipality_ids))
        tokens = _table(SearchToken)
        # Entries with a suggest word starting with (or, for 4+ letters, containing) the first
        # typed word (ranges of the token index), then a probe per candidate for the other words
        # and for the scope.
        match, match_params = _suggest_word_match(spec, words[0])
        conditions = [f"e.id IN (SELECT t.entry_id FROM {tokens} t WHERE t.index_name = %s "
                      f"AND t.field = %s AND ({match}))"]
        params: list = [spec.name, SUGGEST_FIELD, *match_params]
        for word in words[1:]:
            match, match_params = _suggest_word_match(spec, word)
            conditions.append(f"EXISTS (SELECT 1 FROM {tokens} t WHERE t.entry_id = e.id "
                              f"AND ({match}) AND t.field = %s)")
            params += [*match_params, SUGGEST_FIELD]
        conditions.append(f"EXISTS (SELECT 1 FROM {_table(SearchEntryMunicipality)} s WHERE s.entry_id = e.id "
                          f"AND s.municipality_id IN ({_marks(municipality_ids)}))")
        params += municipality_ids
        sql = (f"SELECT e.doc_id, e.suggest_label FROM {_table(SearchEntry)} e WHERE {' AND '.join(conditions)} "
               f"ORDER BY {_ordinal_sql('e.suggest_sort')}, {_ordinal_sql('e.doc_id')} LIMIT %s")
        with connection.cursor() as cursor, _index_probe_costs(cursor):
            cursor.execute(sql, [*params, limit])
            rows = cursor.fetchall()
        return [(doc_id, label) for doc_id, label in rows]


def _suggest_word_match(spec: IndexSpec, word: str) -> tuple[str, list]:
    """A condition on t.token: a suggest word starting with the typed `word` or containing it
    (search.expansion.suggest_parts). Elasticsearch's suggest field holds the first
    SUGGEST_MAX_PREFIX letters of each word; a containing word that long is matched by that
    prefix here too, so both backends offer the same labels."""
    alternatives = [_starts_with("t.token")]
    params: list = [_prefix_pattern(word)]
    parts = sorted({part[:analysis.SUGGEST_MAX_PREFIX] for part in expansion.suggest_parts(spec.name, word)})
    whole = [part for part in parts if len(part) < analysis.SUGGEST_MAX_PREFIX]
    if whole:
        alternatives.append(f"t.token IN ({_marks(whole)})")
        params += whole
    for part in parts:
        if len(part) == analysis.SUGGEST_MAX_PREFIX:
            alternatives.append(_starts_with("t.token"))
            params.append(_prefix_pattern(part))
    return " OR ".join(alternatives), params


# PostgreSQL's default random_page_cost (4) models spinning disks: with it the planner prefers
# hashing every token or facet row of an index over a few thousand index probes, 2-5x slower
# here. The search tables are read constantly and stay in memory; 1.1 is the usual value for
# SSDs and cached data. The default work_mem (4MB) spills the hash of a large municipality's
# facet rows to disk. Set per statement so search does not depend on the server's tuning.
PG_PLANNER_SETTINGS = {"random_page_cost": "1.1", "work_mem": "16MB"}


@contextmanager
def _index_probe_costs(cursor):
    if connection.vendor != "postgresql":
        yield
        return
    names = list(PG_PLANNER_SETTINGS)
    with transaction.atomic():
        cursor.execute("SELECT " + ", ".join("current_setting(%s), set_config(%s, %s, true)" for _ in names),
                       [value for name in names for value in (name, name, PG_PLANNER_SETTINGS[name])])
        previous = cursor.fetchone()[0::2]
        yield
        # Needed inside an enclosing transaction only (a savepoint's RELEASE keeps the settings);
        # on an error the rollback restores them.
        cursor.execute("SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names),
                       [value for name, old in zip(names, previous, strict=True) for value in (name, old)])


def _distance_sql(near: tuple[float, float]) -> tuple[str, list]:
    """Haversine from `near` to entry e in km, the same formula as types.haversine_km."""
    lat0, lon0 = near
    if connection.vendor == "sqlite":
        return f"{SQLITE_DISTANCE_FUNCTION}(e.lat, e.lon, %s, %s)", [lat0, lon0]
    h = ("POWER(SIN((RADIANS(e.lat) - %s) / 2), 2) "
         "+ %s * COS(RADIANS(e.lat)) * POWER(SIN((RADIANS(e.lon) - %s) / 2), 2)")
    h_params = [math.radians(lat0), math.cos(math.radians(lat0)), math.radians(lon0)]
    return (f"2 * %s * ASIN(CASE WHEN SQRT({h}) > 1 THEN 1 ELSE SQRT({h}) END)",
            [EARTH_RADIUS_KM, *h_params, *h_params])


# SQLite runs every SQL function Django gives it (RADIANS, SIN, POWER, ...) as a Python call: the
# haversine above took a dozen per entry. One call of types.haversine_km does the same
# operations in the same order on the same IEEE doubles, so it returns the same distances.
SQLITE_DISTANCE_FUNCTION = "search_distance_km"


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created receiver (search.apps): the backend's own SQL functions on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_DISTANCE_FUNCTION, 4, _sqlite_distance_km, deterministic=True)


def _sqlite_distance_km(lat: float | None, lon: float | None, lat0: float, lon0: float) -> float | None:
    if lat is None or lon is None:
        return None
    return haversine_km((lat0, lon0), (lat, lon))


def bounding_box(point: tuple[float, float], radius_km: float
                 ) -> tuple[tuple[float, float], tuple[float, float] | None] | None:
    """((lat_min, lat_max), (lon_min, lon_max)) in degrees holding every position within
    `radius_km` of `point`; the longitude range is None when the box crosses the antimeridian
    (the latitude band alone then holds them), and the whole result None when a pole lies within
    the radius. After http://janmatuschek.de/LatitudeLongitudeBoundingCoordinates; widened by a
    relative 1e-9 so that rounding in the database's distance never leaves a position outside."""
    lat, lon = map(math.radians, point)
    angle = radius_km * (1 + 1e-9) / EARTH_RADIUS_KM + 1e-12
    lat_min, lat_max = lat - angle, lat + angle
    if lat_min <= -math.pi / 2 or lat_max >= math.pi / 2:
        return None
    # The largest difference in longitude of a point at angular distance `angle`.
    delta = math.asin(min(1.0, math.sin(angle) / math.cos(lat))) * (1 + 1e-9)
    lon_min, lon_max = lon - delta, lon + delta
    lats = (math.degrees(lat_min), math.degrees(lat_max))
    if lon_min < -math.pi or lon_max > math.pi:
        return lats, None
    return lats, (math.degrees(lon_min), math.degrees(lon_max))


def _insert_rows(cursor, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY on PostgreSQL; multi-row VALUES (500 rows a statement, within SQLite's parameter
    limit) elsewhere. Either is one round trip per batch, unlike a statement per row."""
    if not rows:
        return
    table, names = _table(model), ", ".join(columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    for batch in chunks(rows, 500):
        values = ", ".join([f"({_marks(columns)})"] * len(batch))
        cursor.execute(f"INSERT INTO {table} ({names}) VALUES {values}", [value for row in batch for value in row])


def _new_versions(spec: IndexSpec, municipality_ids: Iterable[int]) -> None:
    """Give each municipality a new count version, in the caller's transaction (see
    SearchCountVersion). In municipality order, so concurrent writers lock the rows in one order."""
    rows = [SearchCountVersion(index_name=spec.name, municipality_id=m, version=uuid.uuid4().hex)
            for m in sorted(set(municipality_ids))]
    if rows:
        SearchCountVersion.objects.bulk_create(rows, update_conflicts=True, unique_fields=["index_name", "municipality_id"],
                                               update_fields=["version"])


def _counts_key(spec: IndexSpec, query: SearchQuery, plan) -> str:
    """The cache key of the total and facet counts of a search: its expanded words (so a new
    vocabulary or synonym makes a new key), scope, filters and facets under the current count
    versions of the municipalities in scope (one query). A municipality without a version has
    never been written to; its first write gives it one. A popular word ("skog") then pays for
    counting its thousands of matches once per change in the municipality, not once per search."""
    municipality_ids = sorted(set(query.municipality_ids))
    versions = dict(SearchCountVersion.objects.filter(index_name=spec.name, municipality_id__in=municipality_ids)
                    .values_list("municipality_id", "version"))
    words = [[word.term, sorted([list(a.terms), a.weight] for a in word.alternatives)] for word in plan.words]
    body = json.dumps([[[m, versions.get(m, "")] for m in municipality_ids], sorted(query.active_filters.items()),
                       list(query.facets), FACET_SIZE, words], ensure_ascii=False)
    digest = hashlib.sha256(body.encode()).hexdigest()[:32]
    return f"search:counts:{spec.name}:{digest}"


# The cache is a convenience: when it is away, search counts again rather than failing.
def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception as exc:  # noqa: BLE001 - any cache backend error
        logger.debug("search counts cache unavailable: %s", exc)
        return None


def _cache_set(key: str, value) -> None:
    try:
        cache.set(key, value, COUNTS_CACHE_SECONDS)
    except Exception as exc:  # noqa: BLE001
        logger.debug("search counts cache unavailable: %s", exc)


def _scope_conditions(spec: IndexSpec, municipality_ids: list[int], filters: dict[str, list[str]],
                      entry: str) -> tuple[list[str], list]:
    """SQL conditions that the entry `entry` (a column) is in scope and passes every filter."""
    municipality_ids = sorted(set(municipality_ids))
    scope = (f"EXISTS (SELECT 1 FROM {_table(SearchEntryMunicipality)} s WHERE s.entry_id = {entry} "
             f"AND s.municipality_id IN ({_marks(municipality_ids)}))")
    conditions, params = _filter_conditions(spec, filters, entry)
    return [scope, *conditions], [*municipality_ids, *params]


def _filter_conditions(spec: IndexSpec, filters: dict[str, list[str]], entry: str) -> tuple[list[str], list]:
    conditions, params = [], []
    for name, values in filters.items():
        # index_name too, so the planner may also drive from search_facet_lookup.
        conditions.append(f"EXISTS (SELECT 1 FROM {_table(SearchFacetValue)} f WHERE f.entry_id = {entry} "
                          f"AND f.index_name = %s AND f.field = %s AND f.value IN ({_marks(values)}))")
        params += [spec.name, name, *values]
    return conditions, params


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def _ordinal_sql(column: str) -> str:
    """Order strings by code point, like Elasticsearch and Python, whatever the collation."""
    return f'{column} COLLATE "C"' if connection.vendor == "postgresql" else column


def _starts_with(column: str) -> str:
    """A prefix match the database answers from the token index: LIKE on PostgreSQL (the
    index has varchar_pattern_ops), GLOB on SQLite (case-sensitive, so its index applies)."""
    return f"{column} GLOB %s" if connection.vendor == "sqlite" else f"{column} LIKE %s ESCAPE '\\'"


def _prefix_pattern(word: str) -> str:
    if connection.vendor == "sqlite":  # words hold only letters and digits: nothing to escape
        return word + "*"
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
