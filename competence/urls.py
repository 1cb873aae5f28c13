"""A company's competence pages; included under /foretag/<slug>/kompetens/ so the company comes from the slug."""
from django.urls import path

from competence import views

app_name = "competence"

urlpatterns = [
    path("", views.NeedListView.as_view(), name="need-list"),
    path("nytt/", views.NeedRegisterView.as_view(), name="need-register"),
    path("<int:need_id>/", views.NeedDetailView.as_view(), name="need-detail"),
    path("<int:need_id>/matcha/", views.NeedMatchView.as_view(), name="need-match"),
    path("erbjudanden/", views.PeerOfferListView.as_view(), name="peer-offer-list"),
    path("erbjudanden/<int:offer_id>/", views.PeerOfferDetailView.as_view(), name="peer-offer-detail"),
]
