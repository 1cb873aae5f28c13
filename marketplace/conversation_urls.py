"""URLs of the marketplace: answers, invitations and conversations."""
from django.urls import path

from marketplace import conversation_views as views

app_name = "marketplace_conversations"
urlpatterns: list = [
    path("", views.ConversationListView.as_view(), name="conversation-list"),
    path("<int:pk>/", views.ConversationDetailView.as_view(), name="conversation-detail"),
    path("svara/<int:listing_pk>/", views.AnswerCreateView.as_view(), name="answer-create"),
    path("annons/<int:listing_pk>/svar/", views.AnswerListView.as_view(), name="answer-list"),
]
