"""A company's competence pages; included under /foretag/<slug>/kompetens/ so the company comes from the slug."""
from django.urls import path

from competence import conversation_views, views

app_name = "competence"

urlpatterns = [
    path("", views.NeedListView.as_view(), name="need-list"),
    path("nytt/", views.NeedRegisterView.as_view(), name="need-register"),
    path("<int:need_id>/", views.NeedDetailView.as_view(), name="need-detail"),
    path("<int:need_id>/andra/", views.NeedEditView.as_view(), name="need-edit"),
    path("<int:need_id>/matcha/", views.NeedMatchView.as_view(), name="need-match"),
    path("erbjudanden/", views.PeerOfferListView.as_view(), name="peer-offer-list"),
    path("mognad/", views.MaturityResultView.as_view(), name="maturity"),
    path("mognad/ny/", views.MaturityAssessView.as_view(), name="maturity-assess"),
    path("erbjudanden/<int:offer_id>/", views.PeerOfferDetailView.as_view(), name="peer-offer-detail"),
    # Sharing consent and needs conversations.
    path("delning/", conversation_views.SharingConsentView.as_view(), name="sharing-consent"),
    path("samtal/", conversation_views.ConversationListView.as_view(), name="conversation-list"),
    path("samtal/nytt/", conversation_views.ConversationRecordView.as_view(), name="conversation-record"),
    path("samtal/<int:conversation_id>/", conversation_views.ConversationDetailView.as_view(),
         name="conversation-detail"),
]
