"""URLs of the marketplace: answers, invitations and conversations."""
from django.urls import path  # noqa: F401

app_name = "marketplace_conversations"
urlpatterns: list = []
