from django.urls import path

from directory import admin_views

app_name = "directory_admin"

urlpatterns = [
    path("", admin_views.moderation_queue, name="queue"),
    path("import/", admin_views.import_upload, name="import-upload"),
    path("import/<int:import_id>/", admin_views.import_detail, name="import-detail"),
    path("import/<int:import_id>/starta/", admin_views.import_start, name="import-start"),
    path("<int:company_id>/", admin_views.company_review, name="review"),
    path("<int:company_id>/sla-ihop/", admin_views.company_merge, name="merge"),
    path("<int:company_id>/<slug:decision>/", admin_views.company_decide, name="decide"),
    path("<int:company_id>/versioner/<int:company_revision_id>/aterstall/", admin_views.company_rollback,
         name="rollback"),
    path("ansprak/<int:claim_id>/<slug:decision>/", admin_views.claim_decide, name="claim-decide"),
]
