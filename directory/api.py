"""Read API for published companies (OpenAPI at /api/v1/openapi.json). Scoped to the host's municipality."""
from django.http import Http404
from ninja import Field, Query, Router, Schema

from core.params import clean_text
from directory.exports import company_public_record
from directory.search import MAX_PAGE, PAGE_SIZE, SearchParams, clean_filters, company_search

router = Router(tags=["företag"])


class CompanyOut(Schema):
    name: str
    legal_name: str
    org_number: str = Field(description="Organisationsnummer (556016-0680). Tomt för en enskild firma: "
                                        "dess nummer är ägarens personnummer och publiceras aldrig.")
    legal_form: str
    primary_sni: str
    sni_section: str
    phone: str
    email: str
    website: str
    street_address: str
    postal_code: str
    postal_town: str
    localities: list[str]
    latitude: float | None
    longitude: float | None
    size_class: str
    crisis_resources: list[str]
    verified: bool
    url: str


class CompanyPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[CompanyOut]


class CompanyFilters(Schema):
    q: str = ""
    sni_section: list[str] = []
    locality: list[str] = []
    size_class: list[str] = []
    crisis: bool = False
    page: int = 1


@router.get("/foretag", response=CompanyPage, summary="Publicerade företag i kommunen")
def list_companies(request, filters: Query[CompanyFilters]):
    """Full-text search (Swedish stemming, å/ä/ö folded) and filters as on the directory page."""
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        raise Http404
    facet_filters = {"sni_section": filters.sni_section, "locality": filters.locality,
                     "size_class": filters.size_class, "crisis": ["1"] if filters.crisis else []}
    # The same cleaning as the list page: no control characters (PostgreSQL refuses NUL), bounded counts.
    params = SearchParams(text=clean_text(filters.q, max_length=200), filters=clean_filters(facet_filters),
                          page=min(max(1, filters.page), MAX_PAGE))
    result = company_search(params=params, municipality=municipality)
    base_url = municipality.site.root_url
    return {"count": result.total, "page": result.page, "pages": result.pages, "page_size": PAGE_SIZE,
            "results": [company_public_record(company, base_url=base_url) for company, _ in result.rows]}
