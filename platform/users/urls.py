from django.urls import path

from users import views

app_name = "users"

urlpatterns = [
    path("", views.AccountView.as_view(), name="account"),
    path("integritet/", views.AccountPrivacyView.as_view(), name="account-privacy"),
    path("integritet/mina-uppgifter.json", views.PersonalDataDownloadView.as_view(), name="account-data-download"),
    path("integritet/radera/", views.AccountDeleteView.as_view(), name="account-delete"),
]
