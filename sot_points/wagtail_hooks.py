"""Admin registration: the crisis desk and the SOT registry, scoped per municipality."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView

from municipalities.admin_scoping import CreateInOwnMunicipalityMixin, MunicipalityScopedSnippetViewSet
from municipalities.models import STAFF_ROLES, Role
from municipalities.permissions import is_platform_admin, municipality_ids_for_user
from sot_points import admin_urls
from sot_points.admin_forms import SotPointForm
from sot_points.models import SotPoint
from sot_points.services import point_hosts_set


@hooks.register("register_admin_urls")
def _sot_admin_urls():
    return [path("sot/", include(admin_urls, namespace="sot_admin"))]


class CrisisDeskMenuItem(MenuItem):
    def is_shown(self, request):
        return is_platform_admin(request.user) or bool(municipality_ids_for_user(request.user, STAFF_ROLES))


@hooks.register("register_admin_menu_item")
def _crisis_desk_menu_item():
    return CrisisDeskMenuItem(_("Kris och SOT-punkter"), reverse("sot_admin:desk"), icon_name="warning", order=130)


class _HostsThroughServicesMixin:
    def save_instance(self):
        point = super().save_instance()
        point_hosts_set(actor=self.request.user, point=point, users=self.form.cleaned_data["host_accounts"])
        return point


class SotPointEditView(_HostsThroughServicesMixin, EditView):
    pass


class SotPointCreateView(CreateInOwnMunicipalityMixin, _HostsThroughServicesMixin, CreateView):
    """A new point belongs to the municipality whose admin the editor is working in."""


class SotPointViewSet(MunicipalityScopedSnippetViewSet):
    model = SotPoint
    icon = "warning"
    menu_label = _("SOT-punkter")
    add_view_class = SotPointCreateView
    edit_view_class = SotPointEditView
    staff_actions = {"view", "change", "add", "delete"}
    staff_roles = [Role.EDITOR]
    list_display = ["name", "municipality", "status", "status_changed_at"]
    edit_handler = ObjectList([
        MultiFieldPanel([FieldPanel("name"), FieldPanel("slug"), FieldPanel("host_name"), FieldPanel("host_company"),
                         FieldPanel("host_accounts"), FieldPanel("is_published")], heading=_("Punkten")),
        MultiFieldPanel([FieldPanel("street_address"), FieldRowPanel([FieldPanel("postal_code"),
                                                                      FieldPanel("postal_town")]),
                         FieldPanel("locality"), FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                         FieldPanel("phone"), FieldPanel("accessibility_notes")], heading=_("Plats och kontakt")),
        MultiFieldPanel([FieldPanel("capabilities"), FieldRowPanel([FieldPanel("generator_kva"),
                                                                    FieldPanel("fuel_hours")]),
                         FieldPanel("warm_room_places")], heading=_("Förmågor")),
        InlinePanel("opening_hours", heading=_("Öppettider"), label=_("Öppettid"),
                    panels=[FieldPanel("kind"), FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        InlinePanel("opening_exceptions", heading=_("Avvikande öppettider"), label=_("Avvikande dag"),
                    panels=[FieldPanel("date"), FieldPanel("closed"), FieldPanel("opens"), FieldPanel("closes"),
                            FieldPanel("note")]),
    ], base_form_class=SotPointForm)


register_snippet(SotPointViewSet)
