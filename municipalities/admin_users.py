"""Admin → Users, with roles that are memberships: the form grants and revokes through the services.

Wagtail's own user form assigns Django groups directly, which would leave `is_staff`, groups and
memberships disagreeing (a revoked editor kept the group and its page rights). Here the "Roles" tab
offers municipality roles instead of raw groups, and saving calls `user_set_roles` and
`user_set_platform_admin`, so every change of power goes through municipalities.services.
"""
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_user_views

from municipalities.models import Municipality, MunicipalityMembership, Role
from municipalities.services import user_set_platform_admin, user_set_roles


def _role_choices():
    return [
        (f"{municipality.pk}:{role}", f"{municipality.name} – {label}")
        for municipality in Municipality.objects.order_by("name")
        for role, label in Role.choices
    ]


class RolesFormMixin(forms.Form):
    # Named like Wagtail's field so its template shows it in the "Roles" tab; it is not the model's
    # `groups` (left out of Meta.fields): groups are derived from these roles by the services.
    groups = forms.MultipleChoiceField(
        label=_("Roller i kommuner"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Redaktörer och moderatorer får tillgång till administrationen och måste använda "
                    "tvåstegsverifiering."),
    )
    is_superuser = forms.BooleanField(
        label=_("Plattformsadministratör"), required=False,
        help_text=_("Full behörighet i alla kommuner. Måste använda tvåstegsverifiering."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = _role_choices()
        if self.instance.pk:
            self.initial["groups"] = [
                f"{municipality_id}:{role}" for municipality_id, role
                in MunicipalityMembership.objects.filter(user=self.instance).values_list("municipality_id", "role")
            ]
            self.initial["is_superuser"] = self.instance.is_superuser

    def selected_roles(self) -> set[tuple[int, str]]:
        roles = set()
        for value in self.cleaned_data.get("groups", []):
            municipality_id, role = value.split(":", 1)
            roles.add((int(municipality_id), role))
        return roles


class PlatformUserCreationForm(RolesFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields - {"groups", "is_superuser"}


class PlatformUserEditForm(RolesFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields - {"groups", "is_superuser"}


class _ApplyRolesMixin:
    def save_instance(self):
        user = super().save_instance()
        if "is_superuser" in self.form.fields:
            user_set_platform_admin(user=user, is_admin=self.form.cleaned_data["is_superuser"],
                                    actor=self.request.user)
        user_set_roles(user=user, roles=self.form.selected_roles(), actor=self.request.user)
        return user


class PlatformUserCreateView(_ApplyRolesMixin, wagtail_user_views.CreateView):
    pass


class PlatformUserEditView(_ApplyRolesMixin, wagtail_user_views.EditView):
    pass


class PlatformUserViewSet(wagtail_user_views.UserViewSet):
    add_view_class = PlatformUserCreateView
    edit_view_class = PlatformUserEditView

    def get_form_class(self, for_update=False):
        return PlatformUserEditForm if for_update else PlatformUserCreationForm


def refuse_bulk_group_assignment(request, action_type, objects, action_class_instance):
    """Wagtail's "assign role" bulk action adds raw groups; roles are given in the user form instead."""
    if action_type == "assign_role" and action_class_instance.model._meta.label_lower == "users.user":
        messages.error(request, _("Roller ges en användare i taget under Användare → Roller, så att "
                                  "behörighet och tvåstegsverifiering följer med."))
        return redirect("wagtailusers_users:index")
    return None
