"""URLs of the marketplace: the public marketplace: search, listing pages, iCal feeds."""
from django.urls import path  # noqa: F401

app_name = "marketplace"
urlpatterns: list = []
