"""Admin registration: the moderators' queue "Marknadsplats att granska" and the office's marketplace settings,
scoped per municipality."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView

from marketplace import admin_urls
from marketplace.manage_selectors import listing_list_pending_for_staff, report_list_open_for_staff
from marketplace.models import MarketplaceSettings
from marketplace.permissions import can_view_moderation_queue
from municipalities.admin_scoping import CreateInOwnMunicipalityMixin, MunicipalityScopedSnippetViewSet
from municipalities.models import Role
from municipalities.review_queues import ReviewQueue, register_review_queue


@hooks.register("register_admin_urls")
def _marketplace_admin_urls():
    return [path("marknadsplats/", include(admin_urls, namespace="marketplace_admin"))]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_moderation_queue(request.user)


@hooks.register("register_admin_menu_item")
def _moderation_menu_item():
    return ModerationMenuItem(_("Marknadsplats att granska"), reverse("marketplace_admin:queue"), icon_name="tasks",
                              order=150)


class MarketplaceSettingsCreateView(CreateInOwnMunicipalityMixin, CreateView):
    """The settings row belongs to the municipality whose admin the editor works in (one per municipality)."""

    def form_valid(self, form):
        if MarketplaceSettings.objects.filter(municipality=form.instance.municipality).exists():
            form.add_error(None, _("%(name)s har redan inställningar för marknadsplatsen. Ändra dem i listan.")
                           % {"name": form.instance.municipality.name})
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return super().form_valid(form)


class MarketplaceSettingsViewSet(MunicipalityScopedSnippetViewSet):
    model = MarketplaceSettings
    icon = "cog"
    menu_label = _("Inställningar för marknadsplatsen")
    add_view_class = MarketplaceSettingsCreateView
    # The office's editors choose how their marketplace is moderated; moderators only follow it.
    staff_actions = {"view", "change", "add"}
    staff_roles = [Role.EDITOR]
    admin_actions = {"view", "change", "add"}
    list_display = ["municipality", "moderation", "max_expiry_days", "expiry_reminder_days"]


register_snippet(MarketplaceSettingsViewSet)


def _listings_to_review(user) -> ReviewQueue | None:
    if not can_view_moderation_queue(user):
        return None
    return ReviewQueue(_("Annonser att granska"), listing_list_pending_for_staff(user=user).count(),
                       reverse("marketplace_admin:queue"))


def _reports_to_handle(user) -> ReviewQueue | None:
    if not can_view_moderation_queue(user):
        return None
    return ReviewQueue(_("Anmälda annonser"), report_list_open_for_staff(user=user).count(),
                       reverse("marketplace_admin:queue"))


register_review_queue("marketplace_listings", _listings_to_review, order=30)
register_review_queue("marketplace_reports", _reports_to_handle, order=40)
