"""Admin URLs of the marketplace's moderation (mounted at /admin/marknadsplats/ by wagtail_hooks)."""
from django.urls import path

from marketplace import moderation_views as views

app_name = "marketplace_admin"

urlpatterns = [
    path("", views.moderation_queue, name="queue"),
    path("<int:listing_id>/", views.listing_review, name="listing"),
    path("<int:listing_id>/<slug:decision>/", views.listing_decide, name="listing-decide"),
    path("anmalningar/<int:report_id>/<slug:decision>/", views.report_decide, name="report-decide"),
]
