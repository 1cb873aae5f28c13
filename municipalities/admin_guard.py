"""Tenant guards for Wagtail admin views that Wagtail itself leaves platform-wide.

The tenant walk (tests/municipalities/test_tenant_isolation.py) found these: the admin
API's image and document endpoints list every collection, the page chooser browses
every site's tree, and the page-types report names pages of every site. Pages,
images and documents are otherwise scoped by Wagtail's group permissions per
municipality (services._sync_role_groups).
"""
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core.params import positive_int
from municipalities.models import Municipality
from municipalities.permissions import is_platform_admin, municipality_ids_for_user

# Admin views that summarise every site at once: platform administrators only.
PLATFORM_ADMIN_ONLY_VIEWS = {
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
}
PAGE_ID_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")


def pages_visible_to_staff(user):
    """The page trees of the municipalities where the user holds a staff role."""
    homes = Page.objects.filter(
        pk__in=Municipality.objects.filter(pk__in=municipality_ids_for_user(user)).values("site__root_page_id")
    )
    trees = Page.objects.none()
    for home in homes:
        trees = trees | Page.objects.descendant_of(home, inclusive=True)
    return trees


def restrict_page_chooser(pages, request):
    if is_platform_admin(request.user):
        return pages
    return pages & pages_visible_to_staff(request.user)


class AdminTenantGuardMiddleware:
    """404 for another municipality's pages in any admin URL, and for platform-wide reports."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not request.path.startswith("/admin/") or match is None:
            return None
        if match.view_name == "wagtail_bulk_action" and not _bulk_targets_allowed(request, **view_kwargs):
            raise Http404
        if is_platform_admin(request.user):
            return None
        if match.view_name in PLATFORM_ADMIN_ONLY_VIEWS:
            raise Http404
        page_ids = [view_kwargs[k] for k in PAGE_ID_KWARGS if k in view_kwargs]
        if page_ids and request.user.is_authenticated:
            visible = pages_visible_to_staff(request.user).filter(pk__in=page_ids).count()
            if visible != len(set(page_ids)):
                raise Http404
        return None


def objects_visible_to_staff(model, user):
    """What a non-administrator may see of a model in the admin: the page trees, or the model's policy."""
    if issubclass(model, Page):
        return pages_visible_to_staff(user)
    try:
        policy = policy_registry.get_by_type(model)
    except Exception:  # no policy registered: nothing of it is shown to municipality staff
        return model._default_manager.none()
    return policy.instances_user_has_any_permission_for(user, ["view", "change", "delete", "choose", "publish"])


def _bulk_target_ids(request, model, *, app_label, model_name, action) -> set | None:
    """The ids a bulk action would list, or None when they are malformed (a 500 in Wagtail's own view)."""
    ids = request.GET.getlist("id")
    if "all" in ids:
        action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
        if action_class is None:
            return set()
        try:
            ids = list(action_class(request, model).get_all_objects_in_listing_query(request.GET.get("childOf")))
        except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):  # childOf names no page
            return None
    # As every id in an address: ASCII digits within a database integer, else it names nothing (a
    # non-digit or an id past the column made Wagtail's own view raise).
    wanted = {positive_int(str(pk)) for pk in ids}
    return None if None in wanted else wanted


def _bulk_targets_allowed(request, **view_kwargs) -> bool:
    """Bulk-action confirm pages list the titles of every id asked for, including ones the user may not touch."""
    try:
        model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
    except LookupError:
        return True  # the view answers 404 itself
    wanted = _bulk_target_ids(request, model, **view_kwargs)
    if wanted is None:
        return False
    if not request.user.is_authenticated or is_platform_admin(request.user):
        return True  # anonymous users are sent to log in by the view
    return objects_visible_to_staff(model, request.user).filter(pk__in=wanted).count() == len(wanted)


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        policy = policy_registry.get_by_type(get_image_model())
        return policy.instances_user_has_any_permission_for(self.request.user, ["choose", "change"])


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        policy = policy_registry.get_by_type(get_document_model())
        return policy.instances_user_has_any_permission_for(self.request.user, ["choose", "change"])
