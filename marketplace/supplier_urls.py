"""URLs of the marketplace: supplier matching for requests and calls, invitations, and the call figures."""
from django.urls import path  # noqa: F401

app_name = "marketplace_suppliers"
urlpatterns: list = []
