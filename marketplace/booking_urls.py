"""URLs of the marketplace: booking shared resources."""
from django.urls import path  # noqa: F401

app_name = "marketplace_bookings"
urlpatterns: list = []
