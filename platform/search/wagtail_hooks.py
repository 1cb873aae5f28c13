"""Admin registration of the trade synonym groups: the platform administrator's alone.

The groups apply to every municipality's search, so no municipality's editor may see or change
them; Wagtail then answers an editor's request with its "no permission" page. The kernel knows
the platform administrator as Django's superuser (municipalities.permissions.is_platform_admin
says the same), which keeps this module free of domain imports.
"""
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


def _is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


class PlatformAdminOnlyPolicy(BasePermissionPolicy):
    """Every action for platform administrators, none for anyone else."""

    def user_has_permission(self, user, action):
        return _is_platform_admin(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return _is_platform_admin(user)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        return queryset if _is_platform_admin(user) else queryset.none()

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_superuser=True, is_active=True)


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = _("Synonymer för sökning")
    add_to_settings_menu = True
    list_display = ["name", "words", "enabled", "updated_at"]
    list_filter = ["enabled"]
    ordering = ["name"]

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(self.model)

    def register_chooser_viewset(self):
        pass  # never picked from another form; no chooser URL to guard


register_permission_policy(SynonymGroup, PlatformAdminOnlyPolicy(SynonymGroup))
register_snippet(SynonymGroupViewSet)
