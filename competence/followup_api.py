"""Read API of the follow-up: aggregated figures per municipality and month for regional analysts.
Signed in by session (the owners' own accounts); 401 for anonymous callers, 403 for a signed-in user who
may follow up no municipality. Cells of fewer than 5 companies are null (with `suppressed` naming them)
unless the caller is staff of that municipality. No individual company's data is ever in this API."""
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from competence import followup_selectors as selectors

router = Router(tags=["uppföljning"])


class MonthlyFilters(Schema):
    kommun: str = Field("", description="En kommuns id; tomt = alla kommuner du får följa upp")
    fran: str = Field("", description="Första månad, ÅÅÅÅ-MM")
    till: str = Field("", description="Sista månad, ÅÅÅÅ-MM")
    omrade: str = Field("", description="Id för ett av din organisations insatsområden")
    projekt: str = Field("", description="Id för ett av din organisations projekt")


class MonthlyOut(Schema):
    municipality_code: str
    municipality: str
    month: str = Field(description="ÅÅÅÅ-MM")
    needs_registered: int | None
    needs_met: int | None
    matches: int | None
    conversations: int | None
    companies_reached: int | None
    suppressed: list[str] = Field(description="Mått som döljs: räknade från färre än 5 företag")


class ErrorOut(Schema):
    detail: str


class _Session(SessionAuth):
    """Session sign-in; CSRF only matters for writes and this API only reads."""

    csrf = False


@router.get("/uppfoljning/manadsvis", response={200: list[MonthlyOut], 401: ErrorOut, 403: ErrorOut},
            auth=_Session(), summary="Kompetensbehov per kommun och månad (sammanställt)")
def monthly(request: HttpRequest, filters: Query[MonthlyFilters]):
    """Registrerade och tillgodosedda behov, matchningar, behovsanalyssamtal och nådda företag per kommun och
    månad, för de kommuner du får följa upp. Celler som räknats från färre än 5 företag är null utanför
    kommunens egen personal."""
    query = {k: v for k, v in filters.dict().items() if v}
    scope = selectors.filters_from_query(request.user, query)
    if scope is None:
        raise HttpError(403, "Du har inte tillgång till uppföljningen.")
    result = []
    for figure in selectors.monthly_figures(request.user, scope):
        result.append({
            "municipality_code": figure.municipality.code, "municipality": figure.municipality.name,
            "month": figure.month.strftime("%Y-%m"),
            **{measure: cell.shown for measure, cell in figure.cells.items()},
            "suppressed": [measure for measure, cell in figure.cells.items() if cell.hidden],
        })
    return result
