"""Providers' learning offers on a municipality's host, under /kompetens/."""
from django.urls import path

from competence import provider_views as views

app_name = "competence_providers"

urlpatterns = [
    path("utbildningar/", views.OfferListView.as_view(), name="offer-list"),
    path("utbildningar/<int:learning_offer_id>/", views.OfferDetailView.as_view(), name="offer-detail"),
    path("utbildare/", views.MyProvidersView.as_view(), name="my-providers"),
    path("utbildare/<int:provider_id>/", views.ProviderHomeView.as_view(), name="provider-home"),
    path("utbildare/<int:provider_id>/erbjudanden/<int:learning_offer_id>/", views.ProviderOfferView.as_view(),
         name="provider-offer"),
    path("utbildare/<int:provider_id>/medlemmar/", views.ProviderMembersView.as_view(), name="provider-members"),
]
