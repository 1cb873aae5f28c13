"""The plain-data types of the search layer: what an index holds, a document, a query, a result.

Nothing here knows about Django models. A domain app describes its index with an `IndexSpec`,
turns its objects into `SearchDocument`s, and asks with a `SearchQuery`.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from . import analysis

# Elasticsearch's default index.max_result_window: the deepest page either backend serves.
MAX_RESULT_WINDOW = 10_000
MAX_PAGE_SIZE = 100
# Values returned per facet (top by count, then value). Counts are exact on both backends.
FACET_SIZE = 100
MAX_ID_LENGTH = 128
MAX_VALUE_LENGTH = 255

# Index names may be dotted ("directory.company"); field names are plain identifiers.
_INDEX_NAME_RE = re.compile(r"^[a-z][a-z0-9_.]{0,62}$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
# Field names the backends use for their own bookkeeping in an index.
RESERVED_FIELDS = frozenset({"doc_id", "municipality_ids", "suggest", "suggest_sort", "content_hash"})


@dataclass(frozen=True, kw_only=True)
class IndexSpec:
    """What one searchable collection holds and how each field is searched.

    text_fields: field -> boost; analysed Swedish text, every query term must match one of them.
    keyword_fields: exact values (lists of strings) for filters and facets.
    suggest_field: the field whose value autocomplete matches by word prefix and returns as label.
    geo_field: the field holding (lat, lon) or None; enables `near` distance sorting.
    """

    name: str
    text_fields: Mapping[str, float]
    keyword_fields: tuple[str, ...] = ()
    suggest_field: str | None = None
    geo_field: str | None = None

    def __post_init__(self) -> None:
        if not _INDEX_NAME_RE.match(self.name):
            raise ValueError(f"index name {self.name!r} must match {_INDEX_NAME_RE.pattern}")
        if not self.text_fields:
            raise ValueError(f"index {self.name}: at least one text field is required")
        object.__setattr__(self, "text_fields", dict(self.text_fields))
        object.__setattr__(self, "keyword_fields", tuple(self.keyword_fields))
        named = [*self.text_fields, *self.keyword_fields, *([self.geo_field] if self.geo_field else [])]
        if len(named) != len(set(named)):
            raise ValueError(f"index {self.name}: a field is listed twice in {named}")
        for name in [*named, *([self.suggest_field] if self.suggest_field else [])]:
            if not _NAME_RE.match(name) or name in RESERVED_FIELDS:
                raise ValueError(f"index {self.name}: field name {name!r} is reserved or invalid")
        for name, boost in self.text_fields.items():
            if not (isinstance(boost, (int, float)) and boost > 0):
                raise ValueError(f"index {self.name}: boost of {name} must be a positive number")

    @property
    def fields(self) -> frozenset[str]:
        """Every key a document's `fields` may have."""
        extra = {f for f in (self.suggest_field, self.geo_field) if f}
        return frozenset({*self.text_fields, *self.keyword_fields, *extra})

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever stored documents of this spec must be rewritten."""
        body = json.dumps(
            [analysis.ANALYSIS_VERSION, self.name, sorted(self.text_fields.items()),
             list(self.keyword_fields), self.suggest_field, self.geo_field],
        )
        return hashlib.sha256(body.encode()).hexdigest()[:16]

    def check_query(self, query: SearchQuery) -> None:
        unknown = (set(query.filters) | set(query.facets)) - set(self.keyword_fields)
        if unknown:
            raise ValueError(f"index {self.name}: {sorted(unknown)} are not keyword fields")
        if query.near is not None and not self.geo_field:
            raise ValueError(f"index {self.name} has no geo field to sort by distance")


@dataclass(frozen=True, kw_only=True)
class SearchDocument:
    """One searchable item: a string id unique within its index, the municipalities that show it,
    and its field values (text: str; keyword: list of str; geo: (lat, lon) or None)."""

    id: str
    municipality_ids: list[int]
    fields: dict


@dataclass(frozen=True, kw_only=True)
class SearchQuery:
    """A search within the given municipalities (required: a regional view passes several).

    filters: keyword field -> accepted values (AND across fields, OR within one; an empty list
    means no filter). facets: keyword fields to count over the matching documents.
    near: (lat, lon); results are then ordered by distance, then id.
    Pages past the first MAX_RESULT_WINDOW hits have no ids (Elasticsearch cannot page there).
    """

    text: str = ""
    municipality_ids: list[int]
    filters: dict[str, list[str]] = field(default_factory=dict)
    facets: tuple[str, ...] = ()
    near: tuple[float, float] | None = None
    page: int = 1
    page_size: int = 20

    def __post_init__(self) -> None:
        if not self.municipality_ids:
            raise ValueError("a search needs at least one municipality id")
        if self.page < 1 or not (1 <= self.page_size <= MAX_PAGE_SIZE):
            raise ValueError(f"page must be >= 1 and page_size between 1 and {MAX_PAGE_SIZE}")
        if self.near is not None:
            _check_position(self.near)
        object.__setattr__(self, "facets", tuple(self.facets))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def beyond_window(self) -> bool:
        """Pages past the first MAX_RESULT_WINDOW hits come back empty (with total and facets)."""
        return self.offset + self.page_size > MAX_RESULT_WINDOW

    @property
    def active_filters(self) -> dict[str, list[str]]:
        return {name: sorted({str(v) for v in values}) for name, values in self.filters.items() if values}


@dataclass(frozen=True, kw_only=True)
class SearchResult:
    """One page of ids in result order, the total count, facet counts
    (field -> [(value, count)], count descending then value) and, with `near`,
    each positioned hit's distance in kilometres. `backend` names who answered.
    `did_you_mean` is a corrected query text to offer ("Menade du …?"), empty when none."""

    ids: list[str]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    distances_km: dict[str, float]
    backend: str
    did_you_mean: str = ""


@dataclass(frozen=True)
class PreparedDocument:
    """A document checked against its spec and normalised once for both backends."""

    id: str
    municipality_ids: list[int]
    text: dict[str, str]
    keywords: dict[str, list[str]]
    position: tuple[float, float] | None
    suggest_label: str
    suggest_sort: str
    content_hash: str


def prepare(spec: IndexSpec, doc: SearchDocument) -> PreparedDocument:
    if not isinstance(doc.id, str) or not doc.id or len(doc.id) > MAX_ID_LENGTH:
        raise ValueError(f"index {spec.name}: document id must be 1..{MAX_ID_LENGTH} characters")
    municipality_ids = sorted({int(m) for m in doc.municipality_ids})
    if not municipality_ids:
        raise ValueError(f"index {spec.name}: document {doc.id} belongs to no municipality")
    unknown = set(doc.fields) - spec.fields
    if unknown:
        raise ValueError(f"index {spec.name}: document {doc.id} has unknown fields {sorted(unknown)}")

    text = {name: _text_value(doc.fields.get(name)) for name in spec.text_fields}
    keywords = {}
    for name in spec.keyword_fields:
        values = doc.fields.get(name) or []
        if isinstance(values, str) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"index {spec.name}: {name} of {doc.id} must be a list of strings")
        if any(len(v) > MAX_VALUE_LENGTH for v in values):
            raise ValueError(f"index {spec.name}: a {name} value of {doc.id} is too long")
        keywords[name] = sorted({v for v in values if v})
    position = None
    if spec.geo_field and doc.fields.get(spec.geo_field) is not None:
        lat, lon = doc.fields[spec.geo_field]
        position = (float(lat), float(lon))
        _check_position(position)
    suggest_label = _text_value(doc.fields.get(spec.suggest_field)) if spec.suggest_field else ""
    suggest_label = suggest_label[:MAX_VALUE_LENGTH]
    suggest_sort = analysis.sort_key(suggest_label)[:MAX_VALUE_LENGTH]

    body = json.dumps(
        [spec.fingerprint, doc.id, municipality_ids, text, keywords, position, suggest_label],
        sort_keys=True, ensure_ascii=False,
    )
    content_hash = hashlib.sha256(body.encode()).hexdigest()
    return PreparedDocument(doc.id, municipality_ids, text, keywords, position, suggest_label,
                            suggest_sort, content_hash)


def _text_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return analysis.normalize(value)
    return analysis.normalize("\n".join(str(v) for v in value if v))


def _check_position(position: tuple[float, float]) -> None:
    lat, lon = position
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{position} is not a (lat, lon) position")


EARTH_RADIUS_KM = 6371.0087714  # the mean radius Lucene's haversine (arc distance) uses


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
