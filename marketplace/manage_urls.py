"""URLs of the marketplace: listings' owners: my listings, create, edit, withdraw, call status."""
from django.urls import path  # noqa: F401

app_name = "marketplace_manage"
urlpatterns: list = []
