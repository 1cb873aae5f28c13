from django.urls import path

from sot_points import views

app_name = "sot_points"
urlpatterns = [
    path("", views.PointListView.as_view(), name="point-list"),
    path("lite/", views.LitePageView.as_view(), name="lite"),
    path("sot.txt", views.AllTextView.as_view(), name="text-all"),
    path("sot.json", views.FeedView.as_view(), {"fmt": "json"}, name="feed-json"),
    path("sot.geojson", views.FeedView.as_view(), {"fmt": "geojson"}, name="feed-geojson"),
    path("hsds.json", views.HsdsExportView.as_view(), name="hsds"),
    path("sw.js", views.ServiceWorkerView.as_view(), name="service-worker"),
    path("mina/", views.MyPointsView.as_view(), name="mine"),
    path("<slug:slug>/", views.PointDetailView.as_view(), name="point-detail"),
    path("<slug:slug>.txt", views.PointTextView.as_view(), name="point-text"),
    path("<slug:slug>/lage/", views.StatusUpdateView.as_view(), name="point-status"),
    path("<slug:slug>/beredskap/", views.ReadinessView.as_view(), name="point-readiness"),
]
