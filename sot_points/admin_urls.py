from django.urls import path

from sot_points import admin_views

app_name = "sot_admin"

urlpatterns = [
    path("", admin_views.crisis_desk, name="desk"),
    path("<int:municipality_id>/utlys/", admin_views.disruption_declare, name="disruption-declare"),
    path("storning/<int:disruption_id>/", admin_views.disruption_update, name="disruption-update"),
    path("storning/<int:disruption_id>/avsluta/", admin_views.disruption_end, name="disruption-end"),
    path("<int:point_id>/vardar/", admin_views.point_hosts, name="point-hosts"),
    path("<int:point_id>/vardar/<int:user_id>/ta-bort/", admin_views.host_remove, name="host-remove"),
    path("<int:point_id>/inbjudan/<int:invitation_id>/aterkalla/", admin_views.host_invitation_withdraw,
         name="host-invitation-withdraw"),
]
