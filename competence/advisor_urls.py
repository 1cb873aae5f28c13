"""An advisor's own overview of needs conversations, on a municipality host: /kompetens/samtal/."""
from django.urls import path

from competence import conversation_views

app_name = "competence_advisor"

urlpatterns = [
    path("", conversation_views.AdvisorConversationsView.as_view(), name="conversations"),
]
