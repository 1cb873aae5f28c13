from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.CompanyListView.as_view(), name="company-list"),
    path("export.csv", views.CompanyExportView.as_view(), {"fmt": "csv"}, name="company-export-csv"),
    path("export.geojson", views.CompanyExportView.as_view(), {"fmt": "geojson"}, name="company-export-geojson"),
    path("forslag/", views.CompanySuggestView.as_view(), name="company-suggest"),
    path("branscher/", views.SniSuggestView.as_view(), name="company-sni-suggest"),
    path("registrera/", views.CompanyRegisterView.as_view(), name="company-register"),
    path("gor-ansprak/", views.CompanyClaimView.as_view(), name="company-claim"),
    path("mina/", views.MyCompaniesView.as_view(), name="company-mine"),
    path("<slug:slug>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("<slug:slug>/redigera/", views.CompanyEditView.as_view(), name="company-edit"),
    path("<slug:slug>/bilder/", views.CompanyImagesView.as_view(), name="company-images"),
    path("<slug:slug>/medlemmar/", views.CompanyMembersView.as_view(), name="company-members"),
    path("<slug:slug>/bekrafta/", views.CompanyConfirmView.as_view(), name="company-confirm"),
]
