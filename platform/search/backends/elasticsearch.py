"""Search in Elasticsearch 8 (used when ELASTICSEARCH_URL is set).

One index per IndexSpec, reached through an alias named after the spec (plus an optional
prefix); `rebuild` loads a fresh timestamped index and swaps the alias atomically. Analysis is
built from Elasticsearch's own components so that it equals search.analysis (the Python twin
the database backend uses); tests/search/test_parity.py holds the two to the same answers.
"""
import logging
import time
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch.dsl import (
    GeoPoint,
    Index,
    Integer,
    Keyword,
    Mapping,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)

from .. import analysis, expansion
from ..types import FACET_SIZE, IndexSpec, PreparedDocument, SearchDocument, SearchQuery, SearchResult, prepare
from .base import SearchBackend, SearchBackendError, SearchBackendUnavailable, chunks
from .transport import PlainJsonHttpNode

logger = logging.getLogger(__name__)

# Pages must fall back to database search quickly when the cluster is away.
REQUEST_TIMEOUT_SECONDS = 1.0
# Commands (rebuild, reconcile) move whole indexes and may wait longer.
MAINTENANCE_TIMEOUT_SECONDS = 60.0
# After a connection failure, requests skip Elasticsearch for this long instead of each
# paying the timeout again (a black-holed host would otherwise cost every page a second).
RETRY_AFTER_SECONDS = 15.0
BULK_CHUNK = 500

# --- Analysis: the Elasticsearch half of the contract in search.analysis ---------------------
# `pattern` with group 0 emits the matches (runs of letters/digits) as tokens. (The default,
# group -1, treats the pattern as the separator; osmem-server indexes that variant wrongly.)
WORDS = tokenizer("search_words", "pattern", pattern=r"[\p{L}\p{N}]+", group=0)
SWEDISH_STEMMER = token_filter("search_swedish_stemmer", "stemmer", language="swedish")
SUGGEST_EDGES = token_filter("search_suggest_edges", "edge_ngram", min_gram=1,
                             max_gram=analysis.SUGGEST_MAX_PREFIX)
SUGGEST_TRUNCATE = token_filter("search_suggest_truncate", "truncate", length=analysis.SUGGEST_MAX_PREFIX)
SWEDISH_TEXT = analyzer("search_swedish", tokenizer=WORDS,
                        filter=["lowercase", "asciifolding", SWEDISH_STEMMER])
SUGGEST_INDEX = analyzer("search_suggest", tokenizer=WORDS,
                         filter=["lowercase", "asciifolding", SUGGEST_EDGES])
SUGGEST_QUERY = analyzer("search_suggest_query", tokenizer=WORDS,
                         filter=["lowercase", "asciifolding", SUGGEST_TRUNCATE])


def index_definition(spec: IndexSpec, name: str) -> Index:
    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    mapping.field("doc_id", Keyword())
    mapping.field("municipality_ids", Integer())
    mapping.field("content_hash", Keyword(index=False))
    for field_name in spec.text_fields:
        mapping.field(field_name, Text(analyzer=SWEDISH_TEXT))
    for field_name in spec.keyword_fields:
        mapping.field(field_name, Keyword())
    if spec.geo_field:
        mapping.field(spec.geo_field, GeoPoint())
    mapping.field("suggest", Text(analyzer=SUGGEST_INDEX, search_analyzer=SUGGEST_QUERY))
    mapping.field("suggest_sort", Keyword())
    index = Index(name)
    # One shard: terms aggregations (facet counts) are then exact, like the database's.
    index.settings(number_of_shards=1)
    index.mapping(mapping)
    return index


def _source(spec: IndexSpec, doc: PreparedDocument) -> dict:
    source = {
        "doc_id": doc.id, "municipality_ids": doc.municipality_ids, "content_hash": doc.content_hash,
        **doc.text, **doc.keywords, "suggest": doc.suggest_label, "suggest_sort": doc.suggest_sort,
    }
    if spec.geo_field and doc.position:
        source[spec.geo_field] = {"lat": doc.position[0], "lon": doc.position[1]}
    return source


def word_query(spec: IndexSpec, word) -> Q:
    """A query word (search.expansion.QueryWord) as constant scores, so that Elasticsearch scores
    exactly as the database does (not BM25): the best of the word's alternatives, a one-term
    alternative worth its weight x the boost of the best field holding the term, a multi-term
    one (every term in some text field) each term's share of its weight x its best field's boost."""
    by_weight: dict[float, list[str]] = {}
    for term, weight in word.single_terms.items():
        by_weight.setdefault(weight, []).append(term)
    alternatives = [
        Q("constant_score", filter=Q("terms", **{field: sorted(terms)}), boost=weight * boost)
        for weight, terms in by_weight.items() for field, boost in spec.text_fields.items()
    ]
    for phrase in word.phrases:
        # bool sums its must clauses: each term adds its share of the weight x its best field's boost.
        share = phrase.weight / len(phrase.terms)
        every_term = [Q("dis_max", tie_breaker=0.0, queries=[
            Q("constant_score", filter=Q("term", **{field: term}), boost=share * boost)
            for field, boost in spec.text_fields.items()]) for term in phrase.terms]
        alternatives.append(Q("bool", must=every_term))
    return Q("dis_max", queries=alternatives, tie_breaker=0.0)


class ElasticsearchSearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, *, compat_headers: bool = True, index_prefix: str = "",
                 request_timeout: float = REQUEST_TIMEOUT_SECONDS):
        self.url = url
        self.request_timeout = request_timeout
        self.compat_headers = compat_headers
        self.index_prefix = index_prefix
        self._ensured: set[str] = set()
        self._unavailable_until = 0.0

    @cached_property
    def client(self) -> Elasticsearch:
        extra = {} if self.compat_headers else {"node_class": PlainJsonHttpNode}
        return Elasticsearch(self.url, request_timeout=self.request_timeout, max_retries=0,
                             retry_on_timeout=False, **extra)

    @property
    def maintenance_client(self) -> Elasticsearch:
        return self.client.options(request_timeout=MAINTENANCE_TIMEOUT_SECONDS)

    def alias(self, spec: IndexSpec) -> str:
        return f"{self.index_prefix}{spec.name}"

    def ping(self) -> bool:
        return bool(self.client.ping())

    # Errors ---------------------------------------------------------------------------------

    def _skip_while_unavailable(self) -> None:
        if time.monotonic() < self._unavailable_until:
            raise SearchBackendUnavailable(f"{self.url} failed recently; retrying after a pause")

    @contextmanager
    def _errors(self, action: str):
        """Translate client errors; connection trouble pauses request-path use for a while."""
        try:
            yield
        except (TransportConnectionError, ConnectionTimeout) as exc:
            self._unavailable_until = time.monotonic() + RETRY_AFTER_SECONDS
            raise SearchBackendUnavailable(f"{action}: {exc.__class__.__name__}: {exc}") from exc
        except ApiError as exc:
            if exc.meta.status >= 500 or exc.meta.status == 429:
                self._unavailable_until = time.monotonic() + RETRY_AFTER_SECONDS
                raise SearchBackendUnavailable(f"{action}: {exc}") from exc
            raise SearchBackendError(f"{action}: {exc}") from exc
        except TransportError as exc:
            raise SearchBackendError(f"{action}: {exc.__class__.__name__}: {exc}") from exc

    # Indexes --------------------------------------------------------------------------------

    def ensure_index(self, spec: IndexSpec) -> None:
        alias = self.alias(spec)
        if alias in self._ensured:
            return
        with self._errors(f"ensure index {alias}"):
            if not self.client.indices.exists_alias(name=alias):
                try:
                    # A fixed first name: processes racing to create it cannot end up with an
                    # alias pointing at two indexes.
                    index_definition(spec, f"{alias}-v0").aliases(**{alias: {}}).create(using=self.client)
                except ApiError as exc:
                    if exc.message != "resource_already_exists_exception":
                        raise
        self._ensured.add(alias)

    def rebuild(self, spec: IndexSpec, docs: Iterable[SearchDocument]) -> int:
        """Load a new timestamped index, then point the alias at it and drop the old one(s).
        Searches answer from the old index until the single alias update."""
        alias = self.alias(spec)
        client = self.maintenance_client
        new_index = f"{alias}-v{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        with self._errors(f"rebuild {alias}"):
            index_definition(spec, new_index).create(using=client)
            try:
                count = self._write(spec, new_index, docs, client)
                client.indices.refresh(index=new_index)
                old = list(client.indices.get_alias(name=alias)) if client.indices.exists_alias(name=alias) else []
                client.indices.update_aliases(actions=[
                    *({"remove": {"index": name, "alias": alias}} for name in old),
                    {"add": {"index": new_index, "alias": alias}},
                ])
            except BaseException:
                client.indices.delete(index=new_index, ignore_unavailable=True)
                raise
            for name in old:
                client.indices.delete(index=name, ignore_unavailable=True)
        self._ensured.add(alias)
        logger.info("search index %s rebuilt as %s with %d documents (replaced %s)",
                    alias, new_index, count, ", ".join(old) or "nothing")
        return count

    # Writing --------------------------------------------------------------------------------

    def index_documents(self, spec: IndexSpec, docs: Iterable[SearchDocument]) -> int:
        self._skip_while_unavailable()
        self.ensure_index(spec)
        with self._errors(f"index into {self.alias(spec)}"):
            return self._write(spec, self.alias(spec), docs, self.client)

    def _write(self, spec: IndexSpec, index: str, docs: Iterable[SearchDocument], client) -> int:
        count = 0
        for chunk in chunks(docs, BULK_CHUNK):
            operations = []
            for doc in chunk:
                prepared = prepare(spec, doc)
                operations += [{"index": {"_index": index, "_id": prepared.id}}, _source(spec, prepared)]
            self._bulk(client, operations)
            count += len(chunk)
        return count

    def delete_documents(self, spec: IndexSpec, ids: Iterable[str]) -> None:
        self._skip_while_unavailable()
        self.ensure_index(spec)
        with self._errors(f"delete from {self.alias(spec)}"):
            for chunk in chunks(ids, BULK_CHUNK):
                self._bulk(self.client, [{"delete": {"_index": self.alias(spec), "_id": i}} for i in chunk])

    @staticmethod
    def _bulk(client: Elasticsearch, operations: list[dict]) -> None:
        response = client.bulk(operations=operations)
        if not response["errors"]:
            return
        failures = [
            f"{item_id}: {result.get('error', {}).get('type', result.get('status'))}"
            for item in response["items"] for action, result in item.items()
            for item_id in [result.get("_id")]
            if result.get("status", 500) >= 300 and not (action == "delete" and result.get("status") == 404)
        ]
        if failures:
            raise SearchBackendError(f"{len(failures)} bulk operations failed: {', '.join(failures[:5])}")

    def document_hashes(self, spec: IndexSpec) -> dict[str, str]:
        search = Search(using=self.maintenance_client, index=self.alias(spec)).source(["content_hash"])
        with self._errors(f"list {self.alias(spec)}"):
            try:
                return {hit.meta.id: hit.content_hash for hit in search.params(size=1000).scan()}
            except NotFoundError:
                return {}

    # Reading --------------------------------------------------------------------------------

    def search_plan(self, spec: IndexSpec, query: SearchQuery, plan) -> SearchResult:
        self._skip_while_unavailable()
        if plan.impossible:  # a term longer than any token the database stores: the same answer
            return SearchResult(ids=[], total=0, facets={name: [] for name in query.facets},
                                distances_km={}, backend=self.name)
        # One clause per query word: every word must match one of its alternatives (AND), scored
        # like the database (see word_query).
        must = [word_query(spec, word) for word in plan.words]
        filters = [Q("terms", municipality_ids=sorted(set(query.municipality_ids)))]
        filters += [Q("terms", **{name: values}) for name, values in query.active_filters.items()]
        search = Search(using=self.client, index=self.alias(spec)).query(Q("bool", must=must, filter=filters))
        search = search.source(False).extra(track_total_hits=True)
        for name in query.facets:
            search.aggs.bucket(name, "terms", field=name, size=FACET_SIZE,
                               order=[{"_count": "desc"}, {"_key": "asc"}])
        if query.near is not None:
            lat, lon = query.near
            search = search.sort(
                {"_geo_distance": {spec.geo_field: {"lat": lat, "lon": lon}, "order": "asc",
                                   "unit": "km", "distance_type": "arc"}},
                {"doc_id": "asc"},
            )
        elif must:
            search = search.sort("_score", {"doc_id": "asc"})
        else:
            search = search.sort({"doc_id": "asc"})
        window = slice(0, 0) if query.beyond_window else slice(query.offset, query.offset + query.page_size)
        search = search[window]

        with self._errors(f"search {self.alias(spec)}"):
            response = search.execute().to_dict()

        hits = response["hits"]["hits"]
        distances = {}
        if query.near is not None:
            distances = {hit["_id"]: float(hit["sort"][0]) for hit in hits
                         if hit["sort"][0] is not None and float(hit["sort"][0]) != float("inf")}
        aggregations = response.get("aggregations", {})
        facets = {
            name: sorted(((b["key"], b["doc_count"]) for b in aggregations[name]["buckets"]),
                         key=lambda vc: (-vc[1], vc[0]))
            for name in query.facets
        }
        return SearchResult(ids=[hit["_id"] for hit in hits], total=response["hits"]["total"]["value"],
                            facets=facets, distances_km=distances, backend=self.name)

    def suggest(self, spec: IndexSpec, prefix: str, municipality_ids: list[int],
                limit: int = 8) -> list[tuple[str, str]]:
        if not spec.suggest_field:
            raise ValueError(f"index {spec.name} has no suggest field")
        words = analysis.suggest_prefixes(prefix)
        if not words or not municipality_ids:
            return []
        self._skip_while_unavailable()
        # Per typed word: a suggest word starting with it (the edge n-grams), or one of the
        # vocabulary's words containing it (cut like the n-grams), as the database does.
        must = []
        for word in words:
            parts = sorted({p[:analysis.SUGGEST_MAX_PREFIX] for p in expansion.suggest_parts(spec.name, word)})
            clauses = [Q("term", suggest=word)] + ([Q("terms", suggest=parts)] if parts else [])
            must.append(Q("bool", should=clauses, minimum_should_match=1))
        search = (
            Search(using=self.client, index=self.alias(spec))
            .query(Q("bool", must=must, filter=[Q("terms", municipality_ids=sorted(set(municipality_ids)))]))
            .sort({"suggest_sort": "asc"}, {"doc_id": "asc"})
            .source(["suggest"])[:limit]
        )
        with self._errors(f"suggest {self.alias(spec)}"):
            response = search.execute().to_dict()
        return [(hit["_id"], hit["_source"]["suggest"]) for hit in response["hits"]["hits"]]
