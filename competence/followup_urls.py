"""The platform owners' follow-up; included at /uppfoljning/ on every host."""
from django.urls import path

from competence import followup_views as views

app_name = "followup"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("export.csv", views.AggregateExportView.as_view(fmt="csv"), name="export-csv"),
    path("export.xlsx", views.AggregateExportView.as_view(fmt="xlsx"), name="export-xlsx"),
    path("behov.csv", views.NeedsExportView.as_view(fmt="csv"), name="needs-csv"),
    path("behov.xlsx", views.NeedsExportView.as_view(fmt="xlsx"), name="needs-xlsx"),
    path("insatsomraden/", views.EffortAreaListView.as_view(), name="area-list"),
    path("insatsomraden/<int:area_id>/", views.EffortAreaEditView.as_view(), name="area-edit"),
    path("projekt/", views.ProjectListView.as_view(), name="project-list"),
    path("projekt/<int:project_id>/", views.ProjectEditView.as_view(), name="project-edit"),
]
