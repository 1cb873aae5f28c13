from django.urls import path

from alerts import admin_views

app_name = "alerts_admin"

urlpatterns = [
    path("", admin_views.alert_list, name="list"),
]
