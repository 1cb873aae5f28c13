"""The platform owners' follow-up under /uppfoljning/, on any host (the landing host too): figures over
the municipalities the viewer may follow up, charts beside their tables, filters as a plain GET form,
streamed exports, and the owner's own areas of effort and projects. Thin: parse, select, respond."""
import itertools

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from competence import followup_selectors as selectors
from competence import followup_services as services
from competence.followup_forms import EffortAreaForm, FollowupProjectForm, owners_for
from competence.models import EffortArea, FollowupProject
from core.forms import add_validation_errors
from core.scoping import get_scoped_or_404
from reporting.charts import Bar, bar_chart
from reporting.export import csv_response, xlsx_response

CHART_ROWS = 15


class FollowupMixin(LoginRequiredMixin):
    """Anyone who may follow up at least one municipality; every other signed-in user gets a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.filters = selectors.filters_from_query(request.user, request.GET)
            if self.filters is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)


def _hidden_text() -> str:
    return _("dold (färre än 5 företag)")


def _attach_charts(board) -> None:
    for table in board.all_tables():
        table.chart = None
        if not table.chart_columns or not table.rows:
            continue
        rows = sorted(table.rows, key=lambda r: -(r.cells[table.chart_columns[0]].shown or 0))[:CHART_ROWS] \
            if table.key not in ("manad", "mognad", "indikatorer") else table.rows
        bars = [Bar(row.label, tuple(row.cells[i].shown for i in table.chart_columns)) for row in rows]
        series = tuple(table.columns[i] for i in table.chart_columns)
        table.chart = bar_chart(title=table.title, description=table.description, bars=bars, series=series,
                                hidden_text=_("dold"), chart_id=f"chart-{table.key}")
        table.chart_truncated = len(rows) < len(table.rows)


def freshness_text(board) -> str:
    """'Siffrorna uppdaterades för N sekunder sedan.' (minutes, hours; a date after two days)."""
    if board.computed_at is None:
        return ""
    seconds = max(0, int((timezone.now() - board.computed_at).total_seconds()))
    if seconds < 60:
        return ngettext("Siffrorna uppdaterades för %(n)d sekund sedan.",
                        "Siffrorna uppdaterades för %(n)d sekunder sedan.", seconds) % {"n": seconds}
    if seconds < 3600:
        minutes = seconds // 60
        return ngettext("Siffrorna uppdaterades för %(n)d minut sedan.",
                        "Siffrorna uppdaterades för %(n)d minuter sedan.", minutes) % {"n": minutes}
    if seconds < 48 * 3600:
        hours = seconds // 3600
        return ngettext("Siffrorna uppdaterades för %(n)d timme sedan.",
                        "Siffrorna uppdaterades för %(n)d timmar sedan.", hours) % {"n": hours}
    return _("Siffrorna uppdaterades %(when)s.") % {"when": _computed_at_text(board)}


def _computed_at_text(board) -> str:
    return timezone.localtime(board.computed_at).strftime("%Y-%m-%d %H:%M:%S")


class DashboardView(FollowupMixin, TemplateView):
    template_name = "competence/followup/dashboard.html"

    def get_context_data(self, **kwargs):
        board = selectors.cached_dashboard(self.request.user, self.filters)
        _attach_charts(board)
        query = urlencode(self.filters.as_query())
        return {**super().get_context_data(**kwargs), "board": board, "filters": self.filters,
                "areas": selectors.owner_effort_areas(self.request.user),
                "projects": selectors.owner_projects(self.request.user),
                "query": f"?{query}" if query else "", "hidden_text": _hidden_text(),
                "has_owner": owners_for(self.request.user).exists(), "freshness": freshness_text(board)}


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d")


class AggregateExportView(FollowupMixin, View):
    fmt = "csv"

    def get(self, request, *args, **kwargs):
        board = selectors.cached_dashboard(request.user, self.filters)
        header = [_("Tabell"), _("Rad"), _("Kolumn"), _("Värde")]
        rows = selectors.table_rows(board, _hidden_text())
        if board.computed_at is not None:  # the figures may be the previous ones while new are computed
            rows = itertools.chain(rows, [[_("Om siffrorna"), _("Beräknade"), _("Tidpunkt"),
                                           _computed_at_text(board)]])
        name = f"uppfoljning-{_stamp()}"
        if self.fmt == "csv":
            return csv_response(f"{name}.csv", header, rows)
        return xlsx_response(f"{name}.xlsx", [(_("Uppföljning"), header, rows)])


class NeedsExportView(FollowupMixin, View):
    """Individual needs: only the viewer's own municipality's (staff) and consenting companies' rows."""

    fmt = "csv"

    def get(self, request, *args, **kwargs):
        header = selectors.individual_header()
        rows = selectors.individual_rows(request.user, self.filters)
        name = f"kompetensbehov-{_stamp()}"
        if self.fmt == "csv":
            return csv_response(f"{name}.csv", header, rows)
        return xlsx_response(f"{name}.xlsx", [(_("Behov"), header, rows)])


class OwnerTagsMixin(FollowupMixin):
    """An owner's own areas and projects: its members (and the platform administrator); others 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.owners = owners_for(request.user)
            if not self.owners.exists():
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def owner_choices(self):
        return self.owners if self.owners.count() > 1 else None

    def save_or_redisplay(self, form, save, *, saved_message, instance=None):
        """Call the service with the valid form's data; then say so and go back to the list, or show the
        form again (400) with the service's errors by their fields and `instance` as it is stored."""
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(self.request, saved_message)
                return redirect(self.list_url)
        if instance is not None:
            instance.refresh_from_db()  # the form wrote the refused values onto it
        return self.render_to_response(self.get_context_data(form=form), status=400)


class EffortAreaListView(OwnerTagsMixin, TemplateView):
    template_name = "competence/followup/area_list.html"
    list_url = "followup:area-list"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "areas": EffortArea.objects.filter(owner__in=self.owners).select_related("owner"),
                "form": kwargs.get("form") or EffortAreaForm(owners=self.owner_choices())}

    def post(self, request, *args, **kwargs):
        return self.save_or_redisplay(
            EffortAreaForm(request.POST, owners=self.owner_choices()),
            lambda data: services.effort_area_create(actor=request.user, owner=data.get("owner") or self.owners.first(),
                                                     name=data["name"], description=data["description"]),
            saved_message=_("Insatsområdet är sparat."))


class EffortAreaEditView(OwnerTagsMixin, TemplateView):
    template_name = "competence/followup/area_edit.html"
    list_url = "followup:area-list"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.area = get_scoped_or_404(EffortArea.objects.filter(owner__in=owners_for(request.user)), kwargs["area_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "area": self.area,
                "form": kwargs.get("form") or EffortAreaForm(instance=self.area)}

    def post(self, request, *args, **kwargs):
        return self.save_or_redisplay(
            EffortAreaForm(request.POST, instance=self.area),
            lambda data: services.effort_area_update(actor=request.user, area=self.area, name=data["name"],
                                                     description=data["description"]),
            saved_message=_("Insatsområdet är sparat."), instance=self.area)


def _project_fields(data) -> dict:
    fields = {name: data.get(name) for name in services.PROJECT_FIELDS}
    fields["funder"] = fields["funder"] or ""
    return fields


class ProjectListView(OwnerTagsMixin, TemplateView):
    template_name = "competence/followup/project_list.html"
    list_url = "followup:project-list"

    def _areas(self):
        return EffortArea.objects.filter(owner__in=self.owners)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "projects": FollowupProject.objects.filter(owner__in=self.owners).select_related("owner",
                                                                                                  "effort_area"),
                "form": kwargs.get("form") or FollowupProjectForm(owners=self.owner_choices(), areas=self._areas())}

    def post(self, request, *args, **kwargs):
        return self.save_or_redisplay(
            FollowupProjectForm(request.POST, owners=self.owner_choices(), areas=self._areas()),
            lambda data: services.project_create(actor=request.user, owner=data.get("owner") or self.owners.first(),
                                                 **_project_fields(data)),
            saved_message=_("Projektet är sparat."))


class ProjectEditView(OwnerTagsMixin, TemplateView):
    template_name = "competence/followup/project_edit.html"
    list_url = "followup:project-list"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.project = get_scoped_or_404(FollowupProject.objects.filter(owner__in=owners_for(request.user)),
                                             kwargs["project_id"])
        return super().dispatch(request, *args, **kwargs)

    def _areas(self):
        return EffortArea.objects.filter(owner=self.project.owner)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "project": self.project,
                "form": kwargs.get("form") or FollowupProjectForm(instance=self.project, areas=self._areas())}

    def post(self, request, *args, **kwargs):
        return self.save_or_redisplay(
            FollowupProjectForm(request.POST, instance=self.project, areas=self._areas()),
            lambda data: services.project_update(actor=request.user, project=self.project, **_project_fields(data)),
            saved_message=_("Projektet är sparat."), instance=self.project)


def followup_work_link(user):
    """The follow-up in the header and on "Mitt konto", for those who may follow up (users.navigation)."""
    from competence.permissions import owner_ids_for_user
    from municipalities.permissions import is_platform_admin, municipality_ids_for_user
    from users.navigation import WorkLink

    if is_platform_admin(user) or municipality_ids_for_user(user) or owner_ids_for_user(user):
        return WorkLink(_("Uppföljning"), reverse("followup:dashboard"),
                        _("Kompetensbehov och matchningar i siffror för dina kommuner."))
    return None


def followup_url_for(user) -> str | None:
    """Where a platform owner's member lands after signing in (registered with users.adapters)."""
    from competence.permissions import owner_ids_for_user
    from municipalities.models import Municipality

    if owner_ids_for_user(user) and Municipality.objects.filter(platform_owners__members=user).exists():
        return reverse("followup:dashboard")
    return None
