"""Reads for the platform owners' follow-up (/uppfoljning/): aggregated figures over the municipalities a
viewer may follow up, every count made in SQL (GROUP BY, COUNT DISTINCT company), small cells hidden
by `reporting.suppression` unless the viewer is staff of every municipality in view.

Scope and filters (`FollowupFilters`): the municipalities (all the viewer may follow up, or one),
a period of whole months (a need by its registration, a conversation by the day it was held, a match
and a status change by when they were made), and one of the viewer's own areas of effort or projects.
A need counts under an area (project) when a match or the conversation it came from is tagged with it.
Maturity assessments are not tagged: the area and project filters do not apply to them.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Avg,
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from competence.models import (
    CompetenceNeed,
    CompetenceNeedStatusChange,
    EffortArea,
    FollowupProject,
    LearningForm,
    MaturityAssessment,
    MaturityDimension,
    NeedMatch,
    NeedsConversation,
    NeedStatus,
)
from competence.permissions import is_office_staff, owner_ids_for_user, sees_unsuppressed_figures
from competence.reference import ssyk_groups
from core.params import positive_int
from directory.models import Company, SizeClass
from directory.reference import sni_codes, sni_section_titles
from municipalities.models import Municipality
from municipalities.permissions import can_view_followup
from reporting.suppression import Cell, Relation, relation, suppress

# PostgreSQL work_mem while the board is computed (one board at a time per worker or request).
BOARD_WORK_MEM = "32MB"
OPEN_STATUSES = (NeedStatus.REGISTERED, NeedStatus.MATCHED, NeedStatus.IN_PROGRESS)
UNKNOWN = "–"


# --- Scope and filters ------------------------------------------------------------------------------

def followup_municipalities(user) -> list[Municipality]:
    """The municipalities the user may follow up (staff, granted platform owners, the administrator)."""
    if not user.is_authenticated:
        return []
    return [m for m in Municipality.objects.order_by("name") if can_view_followup(user, m)]


def owner_effort_areas(user):
    return EffortArea.objects.filter(owner_id__in=owner_ids_for_user(user)).select_related("owner")


def owner_projects(user):
    return FollowupProject.objects.filter(owner_id__in=owner_ids_for_user(user)).select_related("owner")


def _month(value) -> dt.date | None:
    """'2026-03' -> 2026-03-01; None for anything else."""
    if not isinstance(value, str) or len(value) != 7 or value[4] != "-":
        return None
    year, month = positive_int(value[:4], maximum=9999), positive_int(value[5:], maximum=12)
    if year is None or month is None or year < 2000:
        return None
    return dt.date(year, month, 1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass
class FollowupFilters:
    municipalities: list[Municipality]
    allowed: list[Municipality]
    municipality: Municipality | None = None
    from_month: dt.date | None = None
    to_month: dt.date | None = None
    area: EffortArea | None = None
    project: FollowupProject | None = None

    def as_query(self) -> dict[str, str]:
        query = {}
        if self.municipality:
            query["kommun"] = str(self.municipality.pk)
        if self.from_month:
            query["fran"] = self.from_month.strftime("%Y-%m")
        if self.to_month:
            query["till"] = self.to_month.strftime("%Y-%m")
        if self.area:
            query["omrade"] = str(self.area.pk)
        if self.project:
            query["projekt"] = str(self.project.pk)
        return query

    def _bounds(self):
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.from_month, dt.time(), tz) if self.from_month else None
        end = dt.datetime.combine(_next_month(self.to_month), dt.time(), tz) if self.to_month else None
        return start, end

    def period_q(self, field: str) -> Q:
        start, end = self._bounds()
        q = Q()
        if start:
            q &= Q(**{f"{field}__gte": start})
        if end:
            q &= Q(**{f"{field}__lt": end})
        return q

    def date_q(self, field: str) -> Q:
        q = Q()
        if self.from_month:
            q &= Q(**{f"{field}__gte": self.from_month})
        if self.to_month:
            q &= Q(**{f"{field}__lt": _next_month(self.to_month)})
        return q


def filters_from_query(user, query: Mapping) -> FollowupFilters | None:
    """The filters a viewer asked for, limited to what they may see; None when they may follow up nothing.
    Unknown or foreign ids are ignored (the page as without them)."""
    allowed = followup_municipalities(user)
    if not allowed:
        return None
    filters = FollowupFilters(municipalities=allowed, allowed=allowed)
    chosen = positive_int(query.get("kommun"))
    for municipality in allowed:
        if municipality.pk == chosen:
            filters.municipality, filters.municipalities = municipality, [municipality]
    filters.from_month, filters.to_month = _month(query.get("fran")), _month(query.get("till"))
    if filters.from_month and filters.to_month and filters.to_month < filters.from_month:
        filters.from_month, filters.to_month = filters.to_month, filters.from_month
    area_id, project_id = positive_int(query.get("omrade")), positive_int(query.get("projekt"))
    if area_id:
        filters.area = owner_effort_areas(user).filter(pk=area_id).first()
    if project_id:
        filters.project = owner_projects(user).filter(pk=project_id).first()
    return filters


def unsuppressed_for(user, municipalities) -> bool:
    return bool(municipalities) and all(sees_unsuppressed_figures(user, m) for m in municipalities)


# --- Base querysets ----------------------------------------------------------------------------------

def _tag_q(filters: FollowupFilters, prefix: str = "") -> Q:
    q = Q()
    if filters.area:
        q &= Q(**{f"{prefix}effort_area": filters.area})
    if filters.project:
        q &= Q(**{f"{prefix}project": filters.project})
    return q


def _needs_unperiod(filters: FollowupFilters):
    needs = CompetenceNeed.objects.filter(municipality__in=filters.municipalities)
    if filters.area or filters.project:
        tagged_matches = NeedMatch.objects.filter(_tag_q(filters), need=OuterRef("pk"))
        needs = needs.filter(Q(Exists(tagged_matches)) | _tag_q(filters, "conversation__"))
    return needs


def needs_in_scope(filters: FollowupFilters):
    return _needs_unperiod(filters).filter(filters.period_q("created_at"))


def conversations_in_scope(filters: FollowupFilters):
    return NeedsConversation.objects.filter(municipality__in=filters.municipalities).filter(
        filters.date_q("held_on"), _tag_q(filters))


def matches_in_scope(filters: FollowupFilters):
    return NeedMatch.objects.filter(municipality__in=filters.municipalities).filter(
        filters.period_q("created_at"), _tag_q(filters))


def assessments_in_scope(filters: FollowupFilters):
    return MaturityAssessment.objects.filter(municipality__in=filters.municipalities).filter(
        filters.period_q("created_at"))


# --- Tables ------------------------------------------------------------------------------------------

@dataclass
class Row:
    label: str
    cells: list[Cell]
    key: str = ""


@dataclass
class Table:
    key: str
    title: str
    description: str
    columns: list[str]
    rows: list[Row]
    total: Row | None = None
    chart_columns: tuple[int, ...] = (0,)
    note: str = ""


@dataclass
class Dashboard:
    filters: FollowupFilters
    unsuppressed: bool
    headline: Table
    tables: list[Table] = field(default_factory=list)
    indicators: Table | None = None
    maturity: Table | None = None
    computed_at: dt.datetime | None = None  # when the figures were computed (None: just now, uncached)
    refreshing: bool = False  # older figures served while a recompute is queued

    def all_tables(self) -> list[Table]:
        return [self.headline, *self.tables, *[t for t in (self.indicators, self.maturity) if t]]


def _need_aggregates() -> dict:
    open_q, met_q = Q(status__in=OPEN_STATUSES), Q(status=NeedStatus.MET)
    dropped_q = Q(status=NeedStatus.DROPPED)
    # A need is one row per group (a company lists a locality once), so needs are counted plainly;
    # only companies need DISTINCT.
    return {
        "n": Count("pk"), "c": Count("company", distinct=True),
        "o": Count("pk", filter=open_q), "oc": Count("company", filter=open_q, distinct=True),
        "m": Count("pk", filter=met_q), "mc": Count("company", filter=met_q, distinct=True),
        "d": Count("pk", filter=dropped_q), "dc": Count("company", filter=dropped_q, distinct=True),
    }


def _per_company(needs, group=None, **counts) -> list[dict]:
    """Counts of needs per group and the number of distinct companies behind each, without COUNT(DISTINCT):
    an inner GROUP BY (group, company) counts the needs per company, the outer query sums them and counts
    the companies with a non-zero count (a hash aggregate each; COUNT DISTINCT sorts every row per column).
    `counts` maps a name to a Q over the needs (None: every need); each gives `name` and `name + "c"`."""
    inner = needs.order_by()
    if group is not None:
        inner = inner.annotate(g=group)
    inner = inner.annotate(company_=F("company")).values(*(["g"] if group is not None else []), "company_").annotate(
        **{name: Count("pk", filter=q) if q is not None else Count("pk") for name, q in counts.items()}).order_by()
    compiler = inner.query.get_compiler(using=inner.db)
    inner_sql, params = compiler.as_sql()
    columns = ", ".join(f"SUM(t.{name}), SUM(CASE WHEN t.{name} > 0 THEN 1 ELSE 0 END)" for name in counts)
    if group is None:
        sql = f"SELECT {columns} FROM ({inner_sql}) t"
    else:
        sql = f"SELECT t.g, {columns} FROM ({inner_sql}) t GROUP BY t.g"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    if group is not None:  # the group's value as the ORM would give it (e.g. TruncMonth in the time zone)
        g_expression = next(col for col, _sql, alias in compiler.select if alias == "g")
        fetched = compiler.apply_converters(fetched, compiler.get_converters([g_expression]))
    result = []
    for row in fetched:
        values = list(row)
        data = {"g": values.pop(0)} if group is not None else {}
        for index, name in enumerate(counts):
            data[name], data[f"{name}c"] = int(values[2 * index] or 0), int(values[2 * index + 1] or 0)
        result.append(data)
    if group is None and not result:
        result = [{**{name: 0 for name in counts}, **{f"{name}c": 0 for name in counts}}]
    return result


def _need_counts(needs, group=None) -> list[dict]:
    """The keys of `_need_aggregates` (n, c, o, oc, m, mc, d, dc) per group, from `_per_company`."""
    rows = _per_company(needs, group, n=None, o=Q(status__in=OPEN_STATUSES), m=Q(status=NeedStatus.MET),
                        d=Q(status=NeedStatus.DROPPED))
    for data in rows:
        data["c"] = data.pop("nc")
    return rows


def _need_counts_by(needs, groups: dict) -> tuple[dict, dict[str, list[dict]]]:
    """The total and `_need_counts` per each of `groups` (name -> expression over a need, one value per
    need). On PostgreSQL in one pass over the needs: GROUPING SETS of (group, company) and (company) in
    the inner query, summed per set and group outside (one scan instead of one per table; measured in
    docs/benchmarks.md); elsewhere one `_need_counts` per group."""
    if connection.vendor != "postgresql":
        return _need_counts(needs)[0], {name: _need_counts(needs, expr) for name, expr in groups.items()}
    names = list(groups)
    inner = needs.order_by().annotate(**{f"g_{name}": expr for name, expr in groups.items()}, company_=F("company"))
    inner = inner.values(*[f"g_{name}" for name in names], "company_", "status")
    compiler = inner.query.get_compiler(using=inner.db)
    inner_sql, params = compiler.as_sql()
    cols = [f"t.g_{name}" for name in names]
    sets = ", ".join([*(f"({col}, t.company_)" for col in cols), "(t.company_)"])
    open_list = ", ".join(f"'{status}'" for status in OPEN_STATUSES)  # constants, as in _skills_table
    conditions = {"n": "TRUE", "o": f"t.status IN ({open_list})", "m": f"t.status = '{NeedStatus.MET}'",
                  "d": f"t.status = '{NeedStatus.DROPPED}'"}
    per_company = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}"
                            for name, cond in conditions.items())
    per_group = ", ".join(f"SUM(u.{name}), SUM(CASE WHEN u.{name} > 0 THEN 1 ELSE 0 END)" for name in conditions)
    u_cols = ", ".join(f"u.g_{name}" for name in names)
    sql = (f"SELECT u.gid, {u_cols}, {per_group} FROM ("
           f"SELECT GROUPING({', '.join(cols)}) AS gid, {', '.join(cols)}, t.company_, {per_company} "
           f"FROM ({inner_sql}) t GROUP BY GROUPING SETS ({sets})) u GROUP BY u.gid, {u_cols}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    width = len(names)
    gid_of = {(2 ** width - 1) - 2 ** (width - 1 - index): name for index, name in enumerate(names)}
    expressions = {alias: col for col, _sql, alias in compiler.select}
    converters = {name: compiler.get_converters([expressions[f"g_{name}"]]) for name in names}
    total = {**{key: 0 for key in "nomd"}, **{f"{key}c": 0 for key in "nomd"}}
    by_group: dict[str, list[dict]] = {name: [] for name in names}
    for gid, *values in fetched:
        group_values, numbers = values[:width], [int(v or 0) for v in values[width:]]
        data = {}
        for index, key in enumerate(conditions):
            data[key], data[f"{key}c"] = numbers[2 * index], numbers[2 * index + 1]
        if gid == 2 ** width - 1:
            total = data
            continue
        name = gid_of[gid]
        value = group_values[names.index(name)]
        value = compiler.apply_converters([[value]], converters[name]).__next__()[0] if converters[name] else value
        by_group[name].append({"g": value, **data})
    total["c"] = total.pop("nc")
    for rows in by_group.values():
        for data in rows:
            data["c"] = data.pop("nc")
    return total, by_group


def _need_row(label: str, data: Mapping, key: str = "") -> tuple[Row, Relation]:
    """A row of needs / open / met; the dropped needs are a cell no one sees but subtraction could."""
    cells = [Cell(data["n"], data["c"]), Cell(data["o"], data["oc"]), Cell(data["m"], data["mc"])]
    dropped = Cell(data["d"], data["dc"])
    return Row(label, cells, key), relation(cells[0], [cells[1], cells[2], dropped])


def _need_columns() -> list[str]:
    return [_("Behov"), _("Öppna"), _("Tillgodosedda")]


def _dimension_table(key, title, description, grouped, label_of, total: Row, *, partition: bool,
                     relations: list) -> Table:
    rows = []
    hidden_dropped = []
    for data in grouped:
        row, rel = _need_row(label_of(data["g"]), data, key=str(data["g"] or ""))
        rows.append(row)
        relations.append(rel)
        hidden_dropped.append(rel.parts[2])
    rows.sort(key=lambda r: (-r.cells[0].value, r.label))
    if partition:
        for index in range(3):
            relations.append(relation(total.cells[index], [r.cells[index] for r in rows]))
        relations.append(relation(total._dropped, hidden_dropped))
    note = "" if partition else _("Ett behov eller företag kan räknas på flera rader; raderna summerar inte till totalen.")
    return Table(key, title, description, _need_columns(), rows, total, chart_columns=(1, 2), note=note)


def _sni_section_case():
    """SNI section letter from the 5-digit code, in SQL: the sections are ranges of 2-digit divisions."""
    ranges: dict[str, list[str]] = {}
    for code in sni_codes().values():
        if code.level == 2:
            ranges.setdefault(code.parent, []).append(code.code)
    whens = []
    for section, divisions in sorted(ranges.items()):
        low, high = min(divisions), max(divisions)
        upper = f"{int(high) + 1:02d}"
        whens.append(When(company__primary_sni__gte=low, company__primary_sni__lt=upper, then=Value(section)))
    return Case(*whens, default=Value(""), output_field=CharField())


class Median(Aggregate):
    """percentile_cont(0.5) on PostgreSQL; other databases compute the median from the values (see _median)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _median_mean(qs, expression) -> tuple[float | None, float | None, int]:
    """(median days, mean days, companies) of a duration expression over the rows where it is known."""
    qs = qs.annotate(_d=expression).filter(_d__isnull=False)
    if connection.vendor == "postgresql":
        agg = qs.aggregate(med=Median("_d", output_field=DurationField()), avg=Avg("_d"),
                           c=Count("company", distinct=True))
        med, avg, companies = agg["med"], agg["avg"], agg["c"]
    else:  # SQLite (the embedded stack): no percentile function
        values = list(qs.values_list("_d", flat=True))
        med = statistics.median(values) if values else None
        avg = sum(values, dt.timedelta()) / len(values) if values else None
        companies = qs.aggregate(c=Count("company", distinct=True))["c"]

    def days(value):
        return None if value is None else round(value.total_seconds() / 86400, 1)
    return days(med), days(avg), companies


def _time_to(needs, events, need_field: str) -> tuple[float | None, float | None, int]:
    """(median days, mean days, companies) from each need's registration to its first event (`events`: the
    event rows of any need; only the needs in scope count). On PostgreSQL the needs joined with their
    events in one hash aggregate by need, measured in an outer query; elsewhere per need."""
    if connection.vendor != "postgresql":
        first = Subquery(events.model.objects.filter(**{need_field: OuterRef("pk")}).filter(
            pk__in=events.values("pk")).order_by("created_at").values("created_at")[:1])
        return _median_mean(needs, ExpressionWrapper(first - F("created_at"), output_field=DurationField()))
    # The needs scanned once: filtering the events by `need__in` and reading their need's fields through
    # the foreign key scanned them twice more.
    need_sql, need_params = needs.order_by().values("id", "created_at", "company_id").query.sql_with_params()
    event_sql, event_params = events.order_by().values(f"{need_field}_id", "created_at").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM first_at - registered_at)), "
            "AVG(EXTRACT(EPOCH FROM first_at - registered_at)), COUNT(DISTINCT company_id_) FROM ("
            "SELECT n.id, MIN(n.created_at) AS registered_at, MIN(n.company_id) AS company_id_, "
            f"MIN(e.created_at) AS first_at FROM ({need_sql}) n JOIN ({event_sql}) e ON e.{need_field}_id = n.id "
            "GROUP BY n.id) AS firsts", [*need_params, *event_params])
        median, mean, companies = cursor.fetchone()

    def days(seconds):
        return None if seconds is None else round(float(seconds) / 86400, 1)
    return days(median), days(mean), companies or 0


def _size_label(value) -> str:
    return str(dict(SizeClass.choices).get(value, _("Okänd storlek")))


def dashboard(user, filters: FollowupFilters) -> Dashboard:
    """Every figure of the follow-up page, suppressed as the viewer must see them (computed now)."""
    return _suppressed_for(user, filters, *_board(filters))


def cached_dashboard(user, filters: FollowupFilters) -> Dashboard:
    """As `dashboard`, from the filter's last computed figures (`competence.followup_cache`): current, or
    the previous ones while a background recompute is queued; computed here only for a filter never
    computed before. `computed_at` and `refreshing` say which. The viewer's suppression is applied to a
    fresh copy every time."""
    from competence.followup_cache import cached

    figures = cached(filters, lambda: _board(filters))
    board = _suppressed_for(user, filters, *figures.value)
    board.computed_at, board.refreshing = figures.computed_at, figures.refreshing
    return board


def _suppressed_for(user, filters: FollowupFilters, board: Dashboard, relations: list[Relation]) -> Dashboard:
    board.filters = filters
    board.unsuppressed = unsuppressed_for(user, filters.municipalities)
    if not board.unsuppressed:
        all_cells: list[Cell] = []
        for table in board.all_tables():
            for row in [*table.rows, *([table.total] if table.total else [])]:
                all_cells.extend(row.cells)
        suppress(all_cells, relations)
        _hide_shares(board.indicators)
    return board


def _board(filters: FollowupFilters) -> tuple[Dashboard, list[Relation]]:
    """The unsuppressed board and the additive relations between its cells (for the suppression).
    On PostgreSQL without JIT: its cost estimates for the JSON unnesting pass the JIT threshold, and
    compiling each aggregate took 1–2.5 s of the page against ~0.1 s of execution (docs/benchmarks.md).
    And with BOARD_WORK_MEM for these queries only: the per-(group, company) aggregates of 100k needs
    hold ~100k groups, which the default 4 MB sends to sorts on disk (about twice as slow, measured)."""
    if connection.vendor != "postgresql":
        return _compute_board(filters)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = %s", [BOARD_WORK_MEM])
        return _compute_board(filters)


def _compute_board(filters: FollowupFilters) -> tuple[Dashboard, list[Relation]]:
    needs = needs_in_scope(filters)
    relations: list[Relation] = []

    totals, grouped = _need_counts_by(needs, {"yrke": F("ssyk_code"), "bransch": _sni_section_case(),
                                              "storlek": F("company__size_class"), "manad": TruncMonth("created_at")})
    total_row, total_rel = _need_row(_("Totalt"), totals)
    total_row._dropped = total_rel.parts[2]
    relations.append(total_rel)

    ssyk = ssyk_groups()
    sections = sni_section_titles()
    tables = [
        _dimension_table("yrke", _("Behov per yrke (SSYK 2012)"), _("Antal behov per yrkesgrupp, öppna och tillgodosedda."),
                         grouped["yrke"],
                         lambda code: f"{code} {ssyk.get(code, '')}".strip() if code else _("Yrke ej angivet"),
                         total_row, partition=True, relations=relations),
        _dimension_table("bransch", _("Behov per bransch (SNI-avdelning)"), _("Antal behov efter företagets huvudsakliga bransch."),
                         grouped["bransch"],
                         lambda s: f"{s} {sections.get(s, '')}".strip() if s else _("Okänd bransch"),
                         total_row, partition=True, relations=relations),
        _dimension_table("storlek", _("Behov per storleksklass"), _("Antal behov efter företagets storleksklass."),
                         grouped["storlek"],
                         _size_label, total_row, partition=True, relations=relations),
        _dimension_table("manad", _("Behov per månad"), _("Antal behov efter registreringsmånad."),
                         grouped["manad"], lambda d: d.strftime("%Y-%m") if d else UNKNOWN,
                         total_row, partition=True, relations=relations),
        _dimension_table("ort", _("Behov per ort"), _("Antal behov efter de orter företaget verkar i."),
                         _need_counts(needs, F("company__localities__name")),
                         lambda name: name or _("Ort ej angiven"), total_row, partition=False, relations=relations),
        _skills_table(needs, total_row, relations),
    ]
    tables[3].rows.sort(key=lambda r: r.key)  # months in order
    tables.append(_forms_table(needs, total_row))

    headline = _headline(filters, needs, total_row)
    indicators = _indicators(filters, needs, relations)
    maturity = _maturity(filters)
    return Dashboard(filters, True, headline, tables, indicators, maturity), relations


def _skills_per_company(alias: str) -> tuple[str, str]:
    open_list = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    conditions = (("o", f"{alias}.status IN ({open_list})"), ("m", f"{alias}.status = 'met'"),
                  ("d", f"{alias}.status = 'dropped'"))
    per_company = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}" for name, cond in conditions)
    per_skill = ", ".join(f"SUM(y.{name}), SUM(CASE WHEN y.{name} > 0 THEN 1 ELSE 0 END)" for name in "omd")
    return per_company, per_skill


def _skills_sql_postgresql(needs) -> tuple[str, list]:
    """Each need's distinct skills unnested in a lateral subquery (a need may list a skill twice; PostgreSQL
    memoizes it per distinct skills list), straight from the needs in scope, then per (skill, company),
    then per skill: no second scan of the needs and one hash aggregate fewer than the SQLite form
    (about half the time at 100k needs, docs/benchmarks.md)."""
    inner_sql, params = needs.order_by().values("id", "company_id", "status", "skills").query.sql_with_params()
    per_company, per_skill = _skills_per_company("n")
    sql = (f"SELECT y.sid, MAX(y.label), SUM(y.n), COUNT(*), {per_skill} FROM ("
           f"SELECT s.sid, MAX(s.label) AS label, n.company_id, COUNT(*) AS n, {per_company} FROM ({inner_sql}) n "
           f"CROSS JOIN LATERAL (SELECT e->>'id' AS sid, MAX(e->>'label') AS label "
           f"FROM jsonb_array_elements(n.skills) e GROUP BY e->>'id') s "
           f"GROUP BY s.sid, n.company_id) y GROUP BY y.sid")
    return sql, list(params)


def _skills_sql_sqlite(needs) -> tuple[str, list]:
    """One row per (skill, need) (a need may list a skill twice), then per (skill, company), then per skill:
    hash aggregates only, no COUNT(DISTINCT)."""
    inner_sql, params = needs.order_by().values("pk").query.sql_with_params()
    table = CompetenceNeed._meta.db_table
    skill_id, label = "json_extract(s.value, '$.id')", "json_extract(s.value, '$.label')"
    per_company, per_skill = _skills_per_company("x")
    sql = (f"SELECT y.sid, MAX(y.label), SUM(y.n), COUNT(*), {per_skill} FROM ("
           f"SELECT x.sid, MAX(x.label) AS label, x.company_id, COUNT(*) AS n, {per_company} FROM ("
           f"SELECT {skill_id} AS sid, MAX({label}) AS label, n.id, n.company_id, n.status "
           f"FROM {table} n, json_each(n.skills) s WHERE n.id IN ({inner_sql}) "
           f"GROUP BY {skill_id}, n.id, n.company_id, n.status) x GROUP BY x.sid, x.company_id) y GROUP BY y.sid")
    return sql, list(params)


def _skills_table(needs, total_row: Row, relations: list) -> Table:
    """Skills are a JSON list on each need: unnested in SQL (jsonb_array_elements / json_each)."""
    sql, params = _skills_sql_postgresql(needs) if connection.vendor == "postgresql" else _skills_sql_sqlite(needs)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    rows = []
    for sid, name, *numbers in fetched:
        n, c, o, oc, m, mc, d, dc = (int(number or 0) for number in numbers)
        row, rel = _need_row(name or sid, {"n": n, "c": c, "o": o, "oc": oc, "m": m, "mc": mc, "d": d, "dc": dc},
                             key=sid)
        rows.append(row)
        relations.append(rel)
    rows.sort(key=lambda r: (-r.cells[0].value, r.label))
    return Table("kompetens", _("Behov per kompetens"), _("Antal behov som nämner kompetensen (JobTech)."),
                 _need_columns(), rows, total_row, chart_columns=(1, 2),
                 note=_("Ett behov kan nämna flera kompetenser; raderna summerar inte till totalen."))


def _forms_table(needs, total_row: Row) -> Table:
    text = Cast("preferred_forms", CharField())
    annotated = needs.annotate(_forms=text)
    data = _per_company(annotated, **{f"f{index}": Q(_forms__contains=f'"{form}"')
                                      for index, form in enumerate(LearningForm.values)})[0]
    rows = [Row(str(label), [Cell(data[f"f{index}"], data[f"f{index}c"])], form)
            for index, (form, label) in enumerate(LearningForm.choices)]
    rows.sort(key=lambda r: -r.cells[0].value)
    return Table("former", _("Former företagen kan tänka sig (70:20:10)"),
                 _("Antal behov där företaget kan tänka sig formen."), [_("Behov")], rows,
                 Row(_("Totalt antal behov"), [total_row.cells[0]]), chart_columns=(0,),
                 note=_("Ett behov kan ange flera former; raderna summerar inte till totalen."))


def _headline(filters: FollowupFilters, needs, total_row: Row) -> Table:
    conversations = conversations_in_scope(filters).aggregate(n=Count("pk"), c=Count("company", distinct=True))
    matches = matches_in_scope(filters).aggregate(n=Count("pk"), c=Count("need__company", distinct=True))
    met = CompetenceNeedStatusChange.objects.filter(
        need__in=_needs_unperiod(filters), to_status=NeedStatus.MET).filter(filters.period_q("created_at")).aggregate(
        n=Count("need", distinct=True), c=Count("need__company", distinct=True))
    to_match = _time_to(needs, NeedMatch.objects.all(), "need")
    to_met = _time_to(needs, CompetenceNeedStatusChange.objects.filter(to_status=NeedStatus.MET),
                      "need")
    rows = [
        Row(_("Registrerade behov"), [total_row.cells[0]], "needs"),
        Row(_("Behovsanalyssamtal"), [Cell(conversations["n"], conversations["c"])], "conversations"),
        Row(_("Matchningar"), [Cell(matches["n"], matches["c"])], "matches"),
        Row(_("Tillgodosedda behov under perioden"), [Cell(met["n"], met["c"])], "met"),
        Row(_("Dagar till första matchning, median"), [Cell(to_match[0], to_match[2])], "match_median"),
        Row(_("Dagar till första matchning, medel"), [Cell(to_match[1], to_match[2])], "match_mean"),
        Row(_("Dagar till tillgodosett, median"), [Cell(to_met[0], to_met[2])], "met_median"),
        Row(_("Dagar till tillgodosett, medel"), [Cell(to_met[1], to_met[2])], "met_mean"),
    ]
    return Table("nyckeltal", _("Nyckeltal"), _("Behov, samtal, matchningar och tider under perioden."),
                 [_("Värde")], rows, None, chart_columns=())


def _indicators(filters: FollowupFilters, needs, relations: list) -> Table:
    """The funders' indicators: companies reached (a need, a conversation or a maturity assessment) and
    supported (a match or a conversation), by size class, with the woman-led share."""
    conversations = conversations_in_scope(filters)
    reached_q = Q(pk__in=needs.values("company")) | Q(pk__in=conversations.values("company"))
    if not (filters.area or filters.project):
        reached_q |= Q(pk__in=assessments_in_scope(filters).values("company"))
    supported_q = Q(pk__in=matches_in_scope(filters).values("need__company")) | Q(pk__in=conversations.values("company"))
    woman = Q(woman_led=True)
    grouped = (Company.objects.filter(municipality__in=filters.municipalities)
               .values(g=Coalesce("size_class", Value("")))
               .annotate(r=Count("pk", filter=reached_q), rw=Count("pk", filter=reached_q & woman),
                         s=Count("pk", filter=supported_q), sw=Count("pk", filter=supported_q & woman)).order_by())
    by_size = {data["g"]: data for data in grouped}
    order = [*SizeClass.values, ""]
    rows, hidden = [], []
    total_data = {k: sum(d[k] for d in by_size.values()) for k in ("r", "rw", "s", "sw")}

    def build(label, data, key):
        reached, reached_w = Cell(data["r"], data["r"]), Cell(data["rw"], data["rw"])
        supported, supported_w = Cell(data["s"], data["s"]), Cell(data["sw"], data["sw"])
        reached_other = Cell(data["r"] - data["rw"], data["r"] - data["rw"])
        supported_other = Cell(data["s"] - data["sw"], data["s"] - data["sw"])
        share = Cell(round(100 * data["rw"] / data["r"], 1) if data["r"] else None, data["r"])
        relations.extend([relation(reached, [reached_w, reached_other]),
                          relation(supported, [supported_w, supported_other])])
        return Row(label, [reached, reached_w, share, supported, supported_w], key), (reached_other, supported_other)

    for key in order:
        if key in by_size and (by_size[key]["r"] or by_size[key]["s"]):
            row, others = build(_size_label(key), by_size[key], key)
            rows.append(row)
            hidden.append(others)
    total, total_others = build(_("Totalt"), total_data, "")
    for index in (0, 1, 3, 4):
        relations.append(relation(total.cells[index], [r.cells[index] for r in rows]))
    relations.append(relation(total_others[0], [h[0] for h in hidden]))
    relations.append(relation(total_others[1], [h[1] for h in hidden]))
    return Table("indikatorer", _("Företag nådda och stödda per storleksklass"),
                 _("Nådda: har ett behov, ett samtal eller en mognadsmätning. Stödda: har fått en matchning eller ett "
                   "samtal. Andel kvinnoledda av de nådda."),
                 [_("Nådda företag"), _("varav kvinnoledda"), _("Andel kvinnoledda (%)"), _("Stödda företag"),
                  _("varav kvinnoledda")], rows, total, chart_columns=(0, 3))


def _hide_shares(table: Table) -> None:
    for row in [*table.rows, table.total]:
        reached, woman, share = row.cells[0], row.cells[1], row.cells[2]
        if reached.hidden or woman.hidden:
            share.hide("secondary")


def _maturity(filters: FollowupFilters) -> Table:
    """Per dimension: the median score at T0, at T1, and the median change T0→T1 of the companies with both.
    One query per column (six medians each) on PostgreSQL."""
    assessments = assessments_in_scope(filters)
    dims = MaturityDimension.values

    def score(dim):
        return Cast(KT(f"scores__{dim}"), FloatField())

    def t0_of_company(dim):
        return Subquery(MaturityAssessment.objects.filter(company=OuterRef("company"), round=0)
                        .annotate(v=score(dim)).values("v")[:1], output_field=FloatField())

    t0 = assessments.filter(round=0).annotate(**{f"v_{d}": score(d) for d in dims})
    t1 = assessments.filter(round=1).annotate(**{f"v_{d}": score(d) for d in dims})
    change = assessments.filter(round=1, company__maturity_assessments__round=0).annotate(
        **{f"v_{d}": score(d) - t0_of_company(d) for d in dims})
    columns = [_median_cells(qs, dims) for qs in (t0, t1, change)]
    rows = [Row(str(label), [column[dim] for column in columns], dim)
            for dim, label in MaturityDimension.choices]
    note = _("Mognadsmätningar märks inte med insatsområde eller projekt; de filtren gäller inte dem.") \
        if (filters.area or filters.project) else ""
    return Table("mognad", _("Digital mognad per dimension"),
                 _("Median av företagens poäng 0–100 vid T0 och T1, och median av förändringen T0→T1."),
                 [_("Median T0"), _("Median T1"), _("Förändring T0→T1 (median)")], rows, None,
                 chart_columns=(0, 1), note=note)


def _median_cells(qs, dims) -> dict[str, Cell]:
    if connection.vendor == "postgresql":
        agg = qs.aggregate(_c=Count("company", distinct=True),
                           **{d: Median(f"v_{d}", output_field=FloatField()) for d in dims})
        companies, values = agg["_c"], {d: agg[d] for d in dims}
    else:  # SQLite: no percentile function
        fetched = list(qs.values_list(*[f"v_{d}" for d in dims]))
        companies = len(fetched)
        values = {d: statistics.median([row[i] for row in fetched]) if fetched else None
                  for i, d in enumerate(dims)}
    return {d: Cell(None if values[d] is None else round(values[d], 1), companies) for d in dims}


# --- Monthly figures (the read API) ------------------------------------------------------------------

MONTHLY_MEASURES = ("needs_registered", "needs_met", "matches", "conversations", "companies_reached")


@dataclass
class MonthlyFigure:
    municipality: Municipality
    month: dt.date
    cells: dict[str, Cell]


def monthly_figures(user, filters: FollowupFilters) -> list[MonthlyFigure]:
    """Per municipality and month: needs registered, needs met, matches made, conversations held and
    companies reached; each cell suppressed unless the viewer is staff of that municipality."""
    needs = needs_in_scope(filters)
    met = CompetenceNeedStatusChange.objects.filter(
        need__in=_needs_unperiod(filters), to_status=NeedStatus.MET).filter(filters.period_q("created_at"))
    conversations = conversations_in_scope(filters)
    queries = {
        "needs_registered": needs.annotate(mo=TruncMonth("created_at")).values("municipality", "mo")
        .annotate(n=Count("pk"), c=Count("company", distinct=True)),
        "needs_met": met.annotate(mo=TruncMonth("created_at")).values("municipality", "mo")
        .annotate(n=Count("need", distinct=True), c=Count("need__company", distinct=True)),
        "matches": matches_in_scope(filters).annotate(mo=TruncMonth("created_at")).values("municipality", "mo")
        .annotate(n=Count("pk"), c=Count("need__company", distinct=True)),
        "conversations": conversations.annotate(mo=TruncMonth("held_on")).values("municipality", "mo")
        .annotate(n=Count("pk"), c=Count("company", distinct=True)),
    }
    found: dict[tuple[int, dt.date], dict[str, Cell]] = {}
    for measure, qs in queries.items():
        for data in qs.order_by():
            month = data["mo"].date() if isinstance(data["mo"], dt.datetime) else data["mo"]
            found.setdefault((data["municipality"], month), {})[measure] = Cell(data["n"], data["c"])
    # Companies reached in a month: distinct over needs, conversations and assessments of that month.
    reached_sql = _reached_by_month(filters, needs, conversations)
    for (municipality_id, month), companies in reached_sql.items():
        found.setdefault((municipality_id, month), {})["companies_reached"] = Cell(companies, companies)
    by_id = {m.pk: m for m in filters.municipalities}
    result = []
    for (municipality_id, month), cells in sorted(found.items(), key=lambda kv: (by_id[kv[0][0]].name, kv[0][1])):
        for measure in MONTHLY_MEASURES:
            cells.setdefault(measure, Cell(0, 0))
        if not sees_unsuppressed_figures(user, by_id[municipality_id]):
            suppress(cells.values())
        result.append(MonthlyFigure(by_id[municipality_id], month, cells))
    return result


def _reached_by_month(filters, needs, conversations) -> dict[tuple[int, dt.date], int]:
    parts = [needs.annotate(mo=TruncMonth("created_at")).values("municipality", "mo", "company"),
             conversations.annotate(mo=TruncMonth("held_on")).values("municipality", "mo", "company")]
    if not (filters.area or filters.project):
        parts.append(assessments_in_scope(filters).annotate(mo=TruncMonth("created_at"))
                     .values("municipality", "mo", "company"))
    seen: dict[tuple[int, dt.date], set[int]] = {}
    union = parts[0].order_by().union(*[p.order_by() for p in parts[1:]])
    for row in union:
        month = row["mo"].date() if isinstance(row["mo"], dt.datetime) else row["mo"]
        seen.setdefault((row["municipality"], month), set()).add(row["company"])
    return {key: len(companies) for key, companies in seen.items()}


# --- Individual needs (export) -----------------------------------------------------------------------

def shareable_needs(user, filters: FollowupFilters):
    """Needs the viewer may see one by one: their own municipality's (office staff) and those of companies
    that consent to share with one of the viewer's owners granted the company's municipality. The consent
    is checked per row in the query that streams the export, so a withdrawal bites at once."""
    staff_ids = [m.pk for m in filters.municipalities if is_office_staff(user, m)]
    owner_ids = owner_ids_for_user(user)
    consent = Q(pk__in=[])
    if owner_ids:
        from competence.models import SharingConsent

        consenting = SharingConsent.objects.filter(
            company=OuterRef("company"), owner_id__in=owner_ids, withdrawn_at__isnull=True,
            owner__municipalities=OuterRef("municipality"))
        consent = Exists(consenting)
    return (needs_in_scope(filters).filter(Q(municipality_id__in=staff_ids) | consent)
            .order_by("municipality__name", "created_at", "pk"))


def individual_header() -> list[str]:
    return [_("Kommun"), _("Företag"), _("Registrerat"), _("Behov"), _("Yrke (SSYK 2012)"), _("Yrkesbenämning"),
            _("Kompetenser"), _("Antal personer"), _("Rekrytera eller kompetensutveckla"), _("När"),
            _("Former"), _("Status")]


def individual_rows(user, filters: FollowupFilters) -> Iterator[list]:
    """Plain tuples from the database and labels translated once: the export's cost per row stays small."""
    from competence.models import Horizon, NeedKind

    ssyk = ssyk_groups()
    kinds, horizons = ({k: str(v) for k, v in c.choices} for c in (NeedKind, Horizon))
    forms, statuses = ({k: str(v) for k, v in c.choices} for c in (LearningForm, NeedStatus))
    tz = timezone.get_current_timezone()
    rows = shareable_needs(user, filters).values_list(
        "municipality__name", "company__trading_name", "company__legal_name", "created_at", "description",
        "ssyk_code", "skills", "headcount", "kind", "horizon", "preferred_forms", "status")
    for (municipality, trading_name, legal_name, created_at, description, code, skills, headcount, kind, horizon,
         preferred, status) in rows.iterator(chunk_size=2000):
        yield [municipality, trading_name or legal_name, created_at.astimezone(tz).strftime("%Y-%m-%d"),
               description, code, ssyk.get(code, ""), ", ".join(s.get("label", "") for s in skills), headcount,
               kinds.get(kind, kind), horizons.get(horizon, horizon),
               ", ".join(forms[f] for f in preferred if f in forms), statuses.get(status, status)]


def table_rows(board: Dashboard, hidden_text: str) -> Iterator[list]:
    """The aggregated tables as rows for export: table, row, column, value (hidden cells as text)."""
    for table in board.all_tables():
        for row in [*table.rows, *([table.total] if table.total else [])]:
            for column, cell in zip(table.columns, row.cells):
                yield [table.title, row.label, column, hidden_text if cell.hidden else cell.value]
