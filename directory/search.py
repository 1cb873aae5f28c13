"""The directory's search document and how a company becomes one; query parsing for the list page."""
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from core.params import clean_text_list, correction_to_offer, facet_link_pairs, position, positive_int, text_param
from directory.models import Company, SizeClass, Visibility
from directory.reference import sni_search_titles, sni_section, sni_section_titles
from municipalities.models import Locality, Municipality
from search.registry import register_index, search_documents, suggest
from search.types import MAX_RESULT_WINDOW, IndexSpec, SearchDocument, SearchQuery

FACETS = ("sni_section", "locality", "size_class", "crisis")
COMPANY_INDEX = IndexSpec(
    name="directory.company",
    text_fields={"name": 3.0, "industry": 2.0, "products": 1.5, "description": 1.0, "places": 1.0},
    keyword_fields=FACETS + ("municipality",),
    suggest_field="name",
    geo_field="location",
)
PAGE_SIZE = 20


def company_document(company: Company) -> SearchDocument:
    localities = list(company.localities.all())
    location = None
    if company.latitude is not None and company.longitude is not None:
        location = (company.latitude, company.longitude)
    elif localities:
        location = (localities[0].latitude, localities[0].longitude)
    public_crisis = company.crisis_resources and company.crisis_visibility == Visibility.PUBLIC
    return SearchDocument(
        id=str(company.pk),
        municipality_ids=sorted({company.municipality_id, *(loc.municipality_id for loc in localities)}),
        fields={
            "name": " ".join(filter(None, [company.legal_name, company.trading_name])),
            # The SNI 2007 names of its codes and their classes ("Tandläkarverksamhet").
            "industry": "\n".join(sni_search_titles([company.primary_sni, *company.secondary_sni])),
            "products": company.products_services,
            "description": company.description,
            "places": " ".join([loc.name for loc in localities] + [company.postal_town]),
            "sni_section": [sni_section(company.primary_sni)],
            "locality": sorted({loc.name for loc in localities}),
            "size_class": [company.size_class] if company.size_class else [],
            "crisis": ["1"] if public_crisis else [],
            "municipality": [company.municipality.name],
            "location": location,
        },
    )


def published_company_documents():
    companies = Company.objects.filter(status=Company.Status.PUBLISHED).select_related("municipality")
    for company in companies.prefetch_related("localities").iterator(chunk_size=500):
        yield company_document(company)


register_index(COMPANY_INDEX, provider=published_company_documents)


@dataclass
class SearchParams:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    near_locality: Locality | None = None
    near_point: tuple[float, float] | None = None  # the browser's position ("near me"), when shared
    regional: bool = False
    page: int = 1

    def querystring(self, **changes) -> str:
        """The query string for a link that changes one thing (facet links work without JavaScript)."""
        data = facet_link_pairs(text=changes.get("text", self.text), filters=self.filters, facets=FACETS,
                                toggle=changes.get("toggle"))
        near = changes.get("near", self.near_locality)
        if near:
            data.append(("nara", str(near.pk)))
        elif self.near_point:
            data.extend([("lat", f"{self.near_point[0]:.4f}"), ("lon", f"{self.near_point[1]:.4f}")])
        if changes.get("regional", self.regional):
            data.append(("region", "1"))
        page = changes.get("page", 1)
        if page and page > 1:
            data.append(("sida", str(page)))
        return "?" + urlencode(data) if data else "?"


# Pages past this one are past the deepest result either search backend serves; a larger number
# in the address is treated as no number.
MAX_PAGE = MAX_RESULT_WINDOW // PAGE_SIZE + 1
MAX_FACET_VALUES = 10


def clean_filters(filters: dict) -> dict[str, list[str]]:
    """Facet values from a request, without control characters (PostgreSQL refuses NUL) or empty values."""
    cleaned = {name: clean_text_list(filters.get(name), max_values=MAX_FACET_VALUES) for name in FACETS}
    return {name: values for name, values in cleaned.items() if values}


def parse_search_params(query, *, municipality: Municipality) -> SearchParams:
    regional = query.get("region") == "1"
    near = None
    locality_id = positive_int(query.get("nara"))
    if locality_id is not None:
        near = Locality.objects.filter(pk=locality_id, municipality_id__in=_scope_ids(municipality, regional)).first()
    return SearchParams(
        near_point=position(query.get("lat"), query.get("lon")),
        text=text_param(query, "q"),
        filters=clean_filters({name: query.getlist(name) for name in FACETS}),
        near_locality=near, regional=regional, page=positive_int(query.get("sida"), maximum=MAX_PAGE) or 1,
    )


def _scope_ids(municipality: Municipality, regional: bool) -> list[int]:
    """The municipality alone, or every municipality of its county on the platform."""
    if not regional:
        return [municipality.pk]
    return list(Municipality.objects.filter(county_code=municipality.county_code).values_list("pk", flat=True))


@dataclass
class FacetLink:
    value: str
    label: str
    count: int
    selected: bool
    querystring: str


@dataclass
class CompanySearchResult:
    rows: list[tuple[Company, float | None]]  # (company, distance in km when sorted by distance)
    total: int
    facets: dict[str, list[FacetLink]]
    backend: str
    page: int
    pages: int
    # "Menade du …?": the corrected query and the link that searches it (empty when none).
    did_you_mean: str = ""
    did_you_mean_querystring: str = ""
    # When a text search finds nothing: the same search without the chosen facets ("" when none
    # are chosen) and the industries to browse instead, never a list of every company.
    without_filters_querystring: str = ""
    browse_sections: list[FacetLink] = field(default_factory=list)
    searched_text: str = ""

    @property
    def text_found_nothing(self) -> bool:
        return self.total == 0 and bool(self.searched_text)


def _facet_label(name: str, value: str) -> str:
    if name == "sni_section":
        return f"{value} – {sni_section_titles().get(value, '')}"
    if name == "size_class":
        return dict(SizeClass.choices).get(value, value)
    if name == "crisis":
        return _("Erbjuder resurser vid kris")
    return value


def company_search(*, params: SearchParams, municipality: Municipality) -> CompanySearchResult:
    near = (params.near_locality.latitude, params.near_locality.longitude) if params.near_locality else params.near_point
    result = search_documents(COMPANY_INDEX.name, SearchQuery(
        text=params.text, filters=params.filters, facets=FACETS,
        municipality_ids=_scope_ids(municipality, params.regional), near=near,
        page=params.page, page_size=PAGE_SIZE,
    ))
    ids = [int(i) for i in result.ids]
    by_id = Company.objects.filter(pk__in=ids, status=Company.Status.PUBLISHED).select_related(
        "municipality").prefetch_related("localities").in_bulk()
    facets = {
        name: [FacetLink(value, _facet_label(name, value), count, value in params.filters.get(name, []),
                         params.querystring(toggle=(name, value), near=params.near_locality))
               for value, count in result.facets.get(name, [])]
        for name in FACETS
    }
    found = CompanySearchResult(
        rows=[(by_id[i], result.distances_km.get(str(i))) for i in ids if i in by_id],
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
        found.browse_sections = _browse_sections(params=params, municipality=municipality)
    return found


def _browse_sections(*, params: SearchParams, municipality: Municipality) -> list[FacetLink]:
    """The industries (SNI sections) with companies in scope, each a link to browse them: a search
    without text, whose counts come from the cache like the list page's first view."""
    result = search_documents(COMPANY_INDEX.name, SearchQuery(
        facets=("sni_section",), municipality_ids=_scope_ids(municipality, params.regional), page_size=1,
    ))
    browse = SearchParams(regional=params.regional)
    return [FacetLink(value, _facet_label("sni_section", value), count, False,
                      browse.querystring(toggle=("sni_section", value)))
            for value, count in result.facets.get("sni_section", []) if value]


def company_suggest(*, prefix: str, municipality: Municipality) -> list[str]:
    return [label for _id, label in suggest(COMPANY_INDEX.name, prefix, municipality_ids=[municipality.pk])]
