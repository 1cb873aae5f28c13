"""Admin views that change who holds power: each save goes through municipalities.services.

Wagtail's generic snippet views would write MunicipalityMembership and PlatformOwner.members
rows directly, leaving `is_staff` and the role groups behind (a deleted editor kept the group
and still unpublished pages). These views call the services instead.
"""
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView

from municipalities.models import MunicipalityMembership, PlatformOwner
from municipalities.services import (
    membership_change,
    membership_grant,
    membership_revoke,
    platform_owner_set_members,
)


class MembershipCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return membership_grant(municipality=data["municipality"], user=data["user"], role=data["role"],
                                actor=self.request.user)


class MembershipEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return membership_change(membership=self.object, municipality=data["municipality"], user=data["user"],
                                 role=data["role"], actor=self.request.user)


class MembershipDeleteView(DeleteView):
    def delete_action(self):
        membership_revoke(membership=self.object, actor=self.request.user)


class PlatformOwnerForm(WagtailAdminModelForm):
    # Not the model's `members` (left out of the panels): members are added and removed through
    # the services, which also give or take their staff access.
    member_accounts = forms.ModelMultipleChoiceField(
        label=_("medlemmar"), required=False, queryset=get_user_model().objects.filter(is_active=True),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Medlemmar ser uppföljningen för de valda kommunerna och måste använda tvåstegsverifiering."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["member_accounts"] = list(self.instance.members.all())


class _PlatformOwnerMembersMixin:
    def save_instance(self):
        owner = super().save_instance()
        platform_owner_set_members(owner=owner, users=self.form.cleaned_data["member_accounts"],
                                   actor=self.request.user)
        return owner


class PlatformOwnerCreateView(_PlatformOwnerMembersMixin, CreateView):
    pass


class PlatformOwnerEditView(_PlatformOwnerMembersMixin, EditView):
    pass


class PlatformOwnerDeleteView(DeleteView):
    def delete_action(self):
        platform_owner_set_members(owner=self.object, users=[], actor=self.request.user)
        super().delete_action()


def revoke_memberships_in_bulk(request, action_type, objects, action_class_instance):
    """Wagtail's bulk delete would delete membership rows and leave their power behind."""
    if action_type != "delete" or action_class_instance.model not in (MunicipalityMembership, PlatformOwner):
        return None
    for obj in objects:
        if isinstance(obj, MunicipalityMembership):
            membership_revoke(membership=obj, actor=request.user)
        else:
            platform_owner_set_members(owner=obj, users=[], actor=request.user)
            obj.delete()
    messages.success(request, _("%(count)d borttagna.") % {"count": len(objects)})
    return redirect(action_class_instance.next_url or "wagtailadmin_home")
