"""The marketplace's search document, how a listing becomes one, and the list page's query parsing.

Only live public listings are in the index (published, not expired, audience "public"): a members-only hub
listing never is. A listing is found on the host of the municipality where it is located and on the hosts of
every municipality its hub spans. Whether a listing is "open for answers" depends on the clock (a call's
answer deadline); the hourly `marketplace_expire_listings` command re-indexes calls whose deadline passed and
removes listings whose expiry passed, and the list page reads the listings themselves through
`selectors.listing_list_live_by_ids`, which checks live-ness in the database, so an expired listing never
shows even before the job runs."""
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from core.params import clean_text_list, correction_to_offer, facet_link_pairs, positive_int, text_param
from directory.reference import sni_search_titles
from marketplace.models import Audience, CallStatus, Category, Listing, ListingKind, ListingStatus
from marketplace.selectors import hub_names_by_slug, listing_list_live_by_ids
from municipalities.models import Municipality
from search.registry import (
    delete_documents,
    get_database_backend,
    index_documents,
    register_index,
    search_documents,
    suggest,
)
from search.types import MAX_RESULT_WINDOW, IndexSpec, SearchDocument, SearchQuery, prepare

FACETS = ("kind", "category", "locality", "hub", "open")
LISTING_INDEX = IndexSpec(
    name="marketplace.listing",
    text_fields={"title": 3.0, "owner": 1.5, "description": 1.0, "items": 1.0, "places": 1.0, "industry": 1.0},
    keyword_fields=FACETS + ("municipality",),
    suggest_field="title",
    geo_field="location",
)
PAGE_SIZE = 20
MAX_PAGE = MAX_RESULT_WINDOW // PAGE_SIZE + 1
MAX_FACET_VALUES = 10
OPEN = "1"


def is_indexable(listing: Listing) -> bool:
    """Live and public: what anyone may find. Checked again in the database when results are read."""
    return (listing.status == ListingStatus.PUBLISHED and listing.expires_on >= timezone.localdate()
            and listing.audience == Audience.PUBLIC)


def is_open_for_answers(listing: Listing, *, now=None) -> bool:
    """A published request, or a call that is open with its answer deadline still ahead."""
    if listing.kind == ListingKind.REQUEST:
        return listing.status == ListingStatus.PUBLISHED
    if listing.kind == ListingKind.CALL:
        return (listing.call_status == CallStatus.OPEN and listing.answer_deadline is not None
                and listing.answer_deadline > (now or timezone.now()))
    return False


def listing_municipality_ids(listing: Listing) -> list[int]:
    """The municipality where it is located and, for a hub's listing, every municipality the hub spans."""
    ids = {listing.municipality_id}
    if listing.hub_id:
        ids.update(m.pk for m in listing.hub.municipalities.all())
    return sorted(ids)


def listing_document(listing: Listing) -> SearchDocument:
    items = list(listing.items.all())
    locality = listing.locality
    location = None
    if listing.latitude is not None and listing.longitude is not None:
        location = (listing.latitude, listing.longitude)
    elif locality is not None:
        location = (locality.latitude, locality.longitude)
    places = [locality.name if locality else "", listing.venue, listing.delivery_place,
              *(item.delivery_place for item in items)]
    return SearchDocument(
        id=str(listing.pk),
        municipality_ids=listing_municipality_ids(listing),
        fields={
            "title": listing.title,
            "owner": listing.owner_name,
            "description": listing.description,
            "items": [item.description for item in items],
            "places": [place for place in places if place],
            # The SNI 2007 names of the listing's and its items' codes (and their classes).
            "industry": sni_search_titles(listing_sni_codes(listing, items)),
            "kind": [listing.kind],
            "category": [listing.category] if listing.category else [],
            "locality": [locality.name] if locality else [],
            "hub": [listing.hub.slug] if listing.hub_id else [],
            "open": [OPEN] if is_open_for_answers(listing) else [],
            "municipality": [listing.municipality.name],
            "location": location,
        },
    )


def listing_sni_codes(listing: Listing, items) -> list[str]:
    codes = listing.sni_codes if isinstance(listing.sni_codes, list) else []
    return [*codes, *(item.sni_code for item in items if item.sni_code)]


def _document_queryset():
    return Listing.objects.select_related("municipality", "company", "hub", "locality").prefetch_related(
        "items", "hub__municipalities")


def listing_get_for_index(pk: int) -> Listing | None:
    return _document_queryset().filter(pk=pk).first()


def live_listing_documents():
    """Every document the index should hold (the provider for rebuild and reconcile)."""
    listings = _document_queryset().filter(status=ListingStatus.PUBLISHED, audience=Audience.PUBLIC,
                                           expires_on__gte=timezone.localdate())
    for listing in listings.iterator(chunk_size=500):
        yield listing_document(listing)


register_index(LISTING_INDEX, provider=live_listing_documents)


# The list page ------------------------------------------------------------------------------------

@dataclass
class SearchParams:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1

    def querystring(self, **changes) -> str:
        """The query string for a link that changes one thing (facet links work without JavaScript)."""
        data = facet_link_pairs(text=changes.get("text", self.text), filters=self.filters, facets=FACETS,
                                toggle=changes.get("toggle"))
        page = changes.get("page", 1)
        if page and page > 1:
            data.append(("sida", str(page)))
        return "?" + urlencode(data) if data else "?"


def parse_search_params(query) -> SearchParams:
    filters = {name: clean_text_list(query.getlist(name), max_values=MAX_FACET_VALUES) for name in FACETS}
    return SearchParams(
        text=text_param(query, "q"),
        filters={name: values for name, values in filters.items() if values},
        page=positive_int(query.get("sida"), maximum=MAX_PAGE) or 1,
    )


@dataclass
class FacetLink:
    value: str
    label: str
    count: int
    selected: bool
    querystring: str


@dataclass
class ListingSearchResult:
    listings: list[Listing]
    total: int
    facets: dict[str, list[FacetLink]]
    backend: str
    page: int
    pages: int
    # "Menade du …?": the corrected query and the link that searches it (empty when none).
    did_you_mean: str = ""
    did_you_mean_querystring: str = ""
    # When a text search finds nothing: the same search without the chosen facets ("" when none
    # are chosen) and the categories to browse instead, never a list of every listing.
    without_filters_querystring: str = ""
    browse_categories: list[FacetLink] = field(default_factory=list)
    searched_text: str = ""

    @property
    def text_found_nothing(self) -> bool:
        return self.total == 0 and bool(self.searched_text)


def _facet_labels(name: str, values: list[str]) -> dict[str, str]:
    if name == "kind":
        return {v: str(label) for v, label in ListingKind.choices}
    if name == "category":
        return {v: str(label) for v, label in Category.choices}
    if name == "hub":
        return hub_names_by_slug(slugs=values)
    if name == "open":
        return {OPEN: _("Öppna för svar")}
    return {}


def listing_search(*, params: SearchParams, municipality: Municipality) -> ListingSearchResult:
    result = search_documents(LISTING_INDEX.name, SearchQuery(
        text=params.text, filters=params.filters, facets=FACETS, municipality_ids=[municipality.pk],
        page=params.page, page_size=PAGE_SIZE,
    ))
    facets = {}
    for name in FACETS:
        counted = result.facets.get(name, [])
        labels = _facet_labels(name, [value for value, _count in counted])
        facets[name] = [
            FacetLink(value, labels.get(value, value), count, value in params.filters.get(name, []),
                      params.querystring(toggle=(name, value)))
            for value, count in counted
        ]
    found = ListingSearchResult(
        listings=listing_list_live_by_ids(municipality=municipality, ids=[int(i) for i in result.ids]),
        total=result.total, facets=facets, backend=result.backend,
        page=params.page, pages=max(1, -(-result.total // PAGE_SIZE)), searched_text=params.text,
    )
    suggestion = correction_to_offer(params.text, result.did_you_mean)
    if suggestion:
        found.did_you_mean = suggestion
        found.did_you_mean_querystring = params.querystring(text=suggestion)
    if found.text_found_nothing:
        if params.filters:
            found.without_filters_querystring = replace(params, filters={}).querystring()
        found.browse_categories = _browse_categories(municipality=municipality)
    return found


def _browse_categories(*, municipality: Municipality) -> list[FacetLink]:
    """The categories with live listings, each a link to browse them (a search without text, whose
    counts come from the cache like the list page's first view)."""
    result = search_documents(LISTING_INDEX.name, SearchQuery(
        facets=("category",), municipality_ids=[municipality.pk], page_size=1,
    ))
    counted = result.facets.get("category", [])
    labels = _facet_labels("category", [value for value, _count in counted])
    return [FacetLink(value, labels.get(value, value), count, False,
                      SearchParams().querystring(toggle=("category", value)))
            for value, count in counted if value]


def listing_suggest(*, prefix: str, municipality: Municipality) -> list[str]:
    return [label for _id, label in suggest(LISTING_INDEX.name, prefix, municipality_ids=[municipality.pk])]


# The hourly job ------------------------------------------------------------------------------------

def listing_index_refresh(*, now=None) -> tuple[int, int]:
    """Take out of the index every listing that is no longer live and public (its expiry passed), and
    re-index calls whose answer deadline passed while the index still says "open for answers".

    Reads what the database index holds (always written, so it lists whatever Elasticsearch should hold too)
    and compares it with the listings; running it again changes nothing. Returns (removed, refreshed)."""
    now = now or timezone.now()
    stored = get_database_backend().document_hashes(LISTING_INDEX)
    stored_ids = [int(doc_id) for doc_id in stored if doc_id.isdigit()]
    live_ids = set(Listing.objects.filter(pk__in=stored_ids, status=ListingStatus.PUBLISHED,
                                          audience=Audience.PUBLIC, expires_on__gte=timezone.localdate(now))
                   .values_list("pk", flat=True))
    gone = [doc_id for doc_id in stored if not doc_id.isdigit() or int(doc_id) not in live_ids]
    if gone:
        delete_documents(LISTING_INDEX.name, gone)
    closed_calls = _document_queryset().filter(pk__in=live_ids, kind=ListingKind.CALL, call_status=CallStatus.OPEN,
                                               answer_deadline__lte=now)
    stale = [doc for doc in map(listing_document, closed_calls)
             if prepare(LISTING_INDEX, doc).content_hash != stored.get(doc.id)]
    if stale:
        index_documents(LISTING_INDEX.name, stale)
    return len(gone), len(stale)
