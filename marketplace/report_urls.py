"""URLs of the marketplace: reporting a listing to the municipality's moderators."""
from django.urls import path

from marketplace import report_views as views

app_name = "marketplace_reports"
urlpatterns = [
    path("<int:pk>/anmal/", views.ListingReportView.as_view(), name="listing-report"),
    path("<int:pk>/anmal/tack/", views.ListingReportThanksView.as_view(), name="listing-report-thanks"),
]
