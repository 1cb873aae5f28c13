"""Admin registration: the moderation queue and directory settings, scoped per municipality."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from directory import admin_urls
from directory.models import DirectorySettings
from directory.selectors import claim_list_in_moderation, company_list_in_moderation
from municipalities.admin_scoping import MunicipalityScopedSnippetViewSet
from municipalities.models import STAFF_ROLES
from municipalities.permissions import is_platform_admin, municipality_ids_for_user
from municipalities.review_queues import ReviewQueue, register_review_queue


@hooks.register("register_admin_urls")
def _directory_admin_urls():
    return [path("foretag/", include(admin_urls, namespace="directory_admin"))]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return is_platform_admin(request.user) or bool(municipality_ids_for_user(request.user, STAFF_ROLES))


@hooks.register("register_admin_menu_item")
def _moderation_menu_item():
    return ModerationMenuItem(_("Företag att granska"), reverse("directory_admin:queue"), icon_name="tasks",
                              order=140)


class DirectorySettingsViewSet(MunicipalityScopedSnippetViewSet):
    model = DirectorySettings
    icon = "cog"
    menu_label = _("Inställningar för företagsregistret")
    admin_actions = {"view", "change"}  # one per municipality, created on first use
    list_display = ["municipality", "moderate_changes"]


register_snippet(DirectorySettingsViewSet)


def _companies_to_review(user) -> ReviewQueue | None:
    if not (is_platform_admin(user) or municipality_ids_for_user(user, STAFF_ROLES)):
        return None
    return ReviewQueue(_("Företag att granska (nya och ändrade)"), company_list_in_moderation(user=user).count(),
                       reverse("directory_admin:queue"))


def _claims_to_review(user) -> ReviewQueue | None:
    if not (is_platform_admin(user) or municipality_ids_for_user(user, STAFF_ROLES)):
        return None
    return ReviewQueue(_("Anspråk på företag"), claim_list_in_moderation(user=user).count(),
                       reverse("directory_admin:queue"))


register_review_queue("directory_companies", _companies_to_review, order=10)
register_review_queue("directory_claims", _claims_to_review, order=20)
