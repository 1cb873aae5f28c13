from django.urls import path

from municipalities import views

app_name = "municipalities"

urlpatterns = [
    path("", views.AccessibilityStatementView.as_view(), name="accessibility-statement"),
]
