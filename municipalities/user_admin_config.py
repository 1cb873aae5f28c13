"""Wagtail's users app with the platform's user view set (municipalities.admin_users)."""
from wagtail.users.apps import WagtailUsersAppConfig


class PlatformUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "municipalities.admin_users.PlatformUserViewSet"
