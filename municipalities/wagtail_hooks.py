"""Admin registration for municipalities, their themes, localities, staff roles and platform owners."""
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from municipalities.admin_guard import (
    ScopedDocumentsAdminAPIViewSet,
    ScopedImagesAdminAPIViewSet,
    restrict_page_chooser,
)
from municipalities.admin_onboarding import MunicipalityCreateView
from municipalities.admin_scoping import MunicipalityScopedSnippetViewSet
from municipalities.admin_users import refuse_bulk_group_assignment
from municipalities.admin_views import (
    MembershipCreateView,
    MembershipDeleteView,
    MembershipEditView,
    PlatformOwnerCreateView,
    PlatformOwnerDeleteView,
    PlatformOwnerEditView,
    PlatformOwnerForm,
    revoke_memberships_in_bulk,
)
from municipalities.models import Locality, Municipality, MunicipalityMembership, PlatformOwner
from municipalities.permissions import is_platform_admin
from municipalities.review_queues import review_queues_for
from themes.models import Theme


class MunicipalityViewSet(MunicipalityScopedSnippetViewSet):
    model = Municipality
    municipality_lookup = "id"
    icon = "site"
    menu_label = _("Kommun")
    list_display = ["name", "code", "county_name", "office_email"]
    add_to_admin_menu = False
    add_view_class = MunicipalityCreateView  # through onboarding.municipality_onboard
    copy_view_enabled = False  # a copy would be a bare row without site, collection or theme


class ThemeViewSet(MunicipalityScopedSnippetViewSet):
    model = Theme
    municipality_lookup = "municipality__id"
    icon = "image"
    menu_label = _("Tema")
    list_display = ["name", "preset", "municipality"]


class MembershipViewSet(MunicipalityScopedSnippetViewSet):
    model = MunicipalityMembership
    icon = "group"
    menu_label = _("Roller")
    staff_actions: set[str] = set()  # only platform administrators grant roles
    list_display = ["user", "role", "municipality"]
    list_filter = ["role", "municipality"]
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView


class PlatformOwnerViewSet(MunicipalityScopedSnippetViewSet):
    """Platform administrators only: the owners' names and members are no municipality's business."""

    model = PlatformOwner
    municipality_lookup = "municipalities__id"
    staff_actions: set[str] = set()
    icon = "globe"
    menu_label = _("Plattformsägare")
    list_display = ["name", "kind"]
    add_view_class = PlatformOwnerCreateView
    edit_view_class = PlatformOwnerEditView
    delete_view_class = PlatformOwnerDeleteView
    edit_handler = ObjectList([FieldPanel("name"), FieldPanel("kind"), FieldPanel("municipalities"),
                               FieldPanel("member_accounts")], base_form_class=PlatformOwnerForm)


class LocalityViewSet(MunicipalityScopedSnippetViewSet):
    model = Locality
    icon = "site"
    menu_label = _("Orter")
    # Localities come from the reference list (directory.services.localities_ensure); staff correct them.
    admin_actions = {"view", "change", "delete"}
    list_display = ["name", "municipality", "latitude", "longitude"]


class MunicipalityAdminGroup(SnippetViewSetGroup):
    items = (MunicipalityViewSet, ThemeViewSet, MembershipViewSet)
    menu_icon = "site"
    menu_label = _("Min kommun")
    menu_order = 150


register_snippet(MunicipalityAdminGroup)
register_snippet(PlatformOwnerViewSet)
register_snippet(LocalityViewSet)



# Registered after Wagtail's own hooks (higher order) so the scoped endpoints win.
@hooks.register("construct_admin_api", order=100)
def _scope_admin_api(router):
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


hooks.register("construct_page_chooser_queryset", restrict_page_chooser)
hooks.register("before_bulk_action", revoke_memberships_in_bulk)
hooks.register("before_bulk_action", refuse_bulk_group_assignment)


@hooks.register("construct_reports_menu")
def _hide_platform_wide_reports(request, menu_items):
    if not is_platform_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


@hooks.register("before_serve_document")
def _serve_documents_on_their_own_site(document, request):
    """A municipality's documents are served on its own host only."""
    current = getattr(request, "municipality", None)
    owner = Municipality.objects.filter(collection__in=document.collection.get_ancestors(inclusive=True)).first()
    if owner is not None and owner != current:
        raise Http404


class ReviewQueuesPanel(Component):
    """The dashboard's "Att granska": what waits in each review queue of the user's municipalities."""

    template_name = "municipalities/admin/review_queues_panel.html"
    order = 50  # above Wagtail's own panels: the office's first question on opening the admin

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {**super().get_context_data(parent_context), "queues": review_queues_for(self.user)}


@hooks.register("construct_homepage_panels")
def _review_queues_panel(request, panels):
    panels.append(ReviewQueuesPanel(request.user))
