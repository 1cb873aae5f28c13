"""Admin registration: the read-only "Officiella varningar" listing."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from alerts import admin_urls
from alerts.permissions import can_view_official_alerts


@hooks.register("register_admin_urls")
def _alerts_admin_urls():
    return [path("varningar/", include(admin_urls, namespace="alerts_admin"))]


class OfficialAlertsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_official_alerts(request.user)


@hooks.register("register_admin_menu_item")
def _alerts_menu_item():
    return OfficialAlertsMenuItem(_("Officiella varningar"), reverse("alerts_admin:list"), icon_name="warning",
                                  order=150)
