"""URLs of the marketplace: hubs: list, hub page, members, membership."""
from django.urls import path  # noqa: F401

app_name = "marketplace_hubs"
urlpatterns: list = []
