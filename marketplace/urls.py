"""URLs of the marketplace: the public marketplace: search, listing pages, iCal feeds."""
from django.urls import path

from marketplace import attachment_views, views

app_name = "marketplace"
urlpatterns: list = [
    path("", views.ListingListView.as_view(), name="listing-list"),
    path("evenemang/", views.EventListView.as_view(), name="event-list"),
    path("evenemang.ics", views.EventFeedView.as_view(), name="event-feed"),
    path("hubbar/<slug:slug>/evenemang.ics", views.HubEventFeedView.as_view(), name="hub-event-feed"),
    path("<int:pk>/", views.ListingDetailView.as_view(), name="listing-detail"),
    path("bilagor/<int:pk>/", attachment_views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("<int:pk>/evenemang.ics", views.ListingEventFeedView.as_view(), name="listing-event-feed"),
]
