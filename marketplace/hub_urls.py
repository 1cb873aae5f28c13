"""URLs of the marketplace: hubs: list, hub page, members, membership."""
from django.urls import path

from marketplace import hub_views as views

app_name = "marketplace_hubs"
urlpatterns: list = [
    path("", views.HubListView.as_view(), name="hub-list"),
    path("ny/", views.HubCreateView.as_view(), name="hub-create"),
    path("<slug:slug>/", views.HubDetailView.as_view(), name="hub-detail"),
    path("<slug:slug>/hantera/", views.HubManageView.as_view(), name="hub-manage"),
    path("<slug:slug>/redigera/", views.HubEditView.as_view(), name="hub-edit"),
]
