"""URLs of the marketplace: supplier matching for requests and calls, invitations, and the call figures."""
from django.urls import path

from marketplace import supplier_views as views

app_name = "marketplace_suppliers"
urlpatterns: list = [
    path("<int:listing_pk>/forslag/", views.SupplierSuggestView.as_view(), name="supplier-suggest"),
    path("uppfoljning/", views.CallFollowupView.as_view(), name="call-followup"),
]
