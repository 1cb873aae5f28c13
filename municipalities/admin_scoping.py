"""Tenant scoping for the Wagtail admin, built once and reused by every municipality-owned snippet.

Pages, images and documents are scoped by Wagtail's own group permissions on each
municipality's page subtree and collection (see services._sync_role_groups). Snippets
use the permission policy and view set below: listings show only the user's
municipalities, and every URL that names an object answers 404 for another
municipality's object, whichever Wagtail view sits behind it.
"""
from functools import wraps

from django.contrib.admin.utils import unquote
from django.http import Http404
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from municipalities.admin_forms import ScopedChoicesFormMixin, municipality_id_of
from municipalities.permissions import is_platform_admin, municipality_ids_for_user


class MunicipalityScopedPermissionPolicy(BasePermissionPolicy):
    """Platform admins may do anything; municipality staff the `staff_actions` on their own objects.

    `municipality_lookup` is the ORM path from the model to Municipality's id,
    e.g. "municipality__id" for a theme or "id" for the municipality itself.
    """

    def __init__(self, model, *, municipality_lookup: str, staff_actions: set[str], staff_roles=None,
                 admin_actions: set[str] | None = None):
        super().__init__(model)
        self.municipality_lookup = municipality_lookup
        self.staff_actions = set(staff_actions)
        self.staff_roles = staff_roles
        # None: platform administrators may do anything; a set limits them too (e.g. no "add"
        # for objects that only services create).
        self.admin_actions = admin_actions

    def _admin_may(self, user, action) -> bool:
        return is_platform_admin(user) and (self.admin_actions is None or action in self.admin_actions)

    def _municipality_ids(self, user) -> set[int]:
        return municipality_ids_for_user(user, self.staff_roles) if user.is_authenticated else set()

    def _instance_municipality_id(self, instance):
        return municipality_id_of(instance, self.municipality_lookup)

    # Only these four are ours; BasePermissionPolicy builds the "any of these actions" and single-action
    # variants from them.

    def user_has_permission(self, user, action):
        if is_platform_admin(user):
            return self._admin_may(user, action)
        return action in self.staff_actions and bool(self._municipality_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if is_platform_admin(user):
            return self._admin_may(user, action)
        return action in self.staff_actions and self._instance_municipality_id(instance) in self._municipality_ids(user)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        if is_platform_admin(user):
            return queryset
        if not self.staff_actions.intersection(actions):
            return queryset.none()
        return queryset.filter(**{f"{self.municipality_lookup}__in": self._municipality_ids(user)})

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_superuser=True, is_active=True)


class MunicipalityScopedSnippetViewSet(SnippetViewSet):
    """A snippet view set whose listings and object URLs are limited to the user's municipalities."""

    municipality_lookup: str = "municipality__id"
    staff_actions: set[str] = {"view", "change"}
    staff_roles = None
    admin_actions: set[str] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        register_permission_policy(self.model, MunicipalityScopedPermissionPolicy(
            self.model, municipality_lookup=self.municipality_lookup,
            staff_actions=self.staff_actions, staff_roles=self.staff_roles, admin_actions=self.admin_actions,
        ))

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(self.model)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(request.user, ["view", "change"])

    def get_form_class(self, for_update=False):
        """The edit handler's form with every model choice limited to the municipality (admin_forms)."""
        cache = self.__dict__.setdefault("_scoped_form_classes", {})
        if for_update not in cache:
            form_class = super().get_form_class(for_update)
            cache[for_update] = type(f"Scoped{form_class.__name__}", (ScopedChoicesFormMixin, form_class), {
                "__module__": __name__, "municipality_lookup": self.municipality_lookup,
            })
        return cache[for_update]

    def register_chooser_viewset(self):
        # No chooser: these objects are never picked from another model's form, and an
        # unscoped chooser listing would show every municipality's objects.
        pass

    def get_urlpatterns(self):
        return [self._guard(pattern) for pattern in super().get_urlpatterns()]

    def _guard(self, pattern):
        """Wrap views whose URL names an object: another municipality's object is a 404."""
        if "pk" not in str(pattern.pattern):
            return pattern
        view = pattern.callback
        policy = self.permission_policy
        model = self.model

        @wraps(view)
        def guarded(request, *args, **kwargs):
            instance = model._default_manager.filter(pk=unquote(str(kwargs.get("pk")))).first()
            if instance is None or not policy.user_has_any_permission_for_instance(
                request.user, ["view", "change"], instance
            ):
                raise Http404
            return view(request, *args, **kwargs)

        pattern.callback = guarded
        return pattern


class CreateInOwnMunicipalityMixin:
    """For a scoped snippet's create view: the new object belongs to the municipality whose admin the editor
    is working in (the request's host), or else to the first municipality the user is an editor of; a user
    who edits none gets a 403. The municipality is never a form field (tenancy is not editable)."""

    def get_initial_form_instance(self):
        from django.core.exceptions import PermissionDenied

        from municipalities.models import Municipality, Role
        from municipalities.permissions import can_edit_municipality

        municipality = getattr(self.request, "municipality", None)
        if municipality is None or not can_edit_municipality(self.request.user, municipality):
            editable = municipality_ids_for_user(self.request.user, [Role.EDITOR])
            municipality = Municipality.objects.filter(pk__in=editable).order_by("name").first()
        if municipality is None:
            raise PermissionDenied
        return self.model(municipality=municipality)
