"""/sot-snapshot/<municipality>/: the static snapshot, answered by the app where no nginx serves it."""
from django.urls import path

from sot_points import views

app_name = "sot_snapshot"
urlpatterns = [
    path("<slug:slug>/", views.SnapshotFileView.as_view(), name="index"),
    path("<slug:slug>/<str:name>", views.SnapshotFileView.as_view(), name="file"),
]
