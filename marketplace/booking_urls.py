"""URLs of the marketplace: booking shared resources."""
from django.urls import path

from marketplace import booking_views as views

app_name = "marketplace_bookings"
urlpatterns: list = [
    path("bokningar/", views.MyBookingsView.as_view(), name="booking-mine"),
    path("<int:pk>/boka/", views.BookingRequestView.as_view(), name="booking-request"),
    path("<int:pk>/bokningar/", views.ListingBookingsView.as_view(), name="listing-bookings"),
]
