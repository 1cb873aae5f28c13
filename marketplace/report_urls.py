"""URLs of the marketplace: reporting a listing to the municipality's moderators."""
from django.urls import path  # noqa: F401

app_name = "marketplace_reports"
urlpatterns: list = []
