"""Tenant guards for Wagtail admin views that Wagtail itself leaves platform-wide.

The tenant walk (tests/municipalities/test_tenant_isolation.py) found these: the admin
API's image and document endpoints list every collection, the page chooser browses
every site's tree, and the page-types report names pages of every site. Pages,
images and documents are otherwise scoped by Wagtail's group permissions per
municipality (services._sync_role_groups).
"""
from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

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
        if not request.path.startswith("/admin/") or match is None or is_platform_admin(request.user):
            return None
        if match.view_name in PLATFORM_ADMIN_ONLY_VIEWS:
            raise Http404
        page_ids = [view_kwargs[k] for k in PAGE_ID_KWARGS if k in view_kwargs]
        if page_ids and request.user.is_authenticated:
            visible = pages_visible_to_staff(request.user).filter(pk__in=page_ids).count()
            if visible != len(set(page_ids)):
                raise Http404
        return None


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        policy = policy_registry.get_by_type(get_image_model())
        return policy.instances_user_has_any_permission_for(self.request.user, ["choose", "change"])


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        policy = policy_registry.get_by_type(get_document_model())
        return policy.instances_user_has_any_permission_for(self.request.user, ["choose", "change"])
