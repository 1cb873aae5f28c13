"""The registry form in the Wagtail admin: choices limited to the point's own municipality."""
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from sot_points.models import Capability


class SotPointForm(WagtailAdminModelForm):
    capabilities = forms.MultipleChoiceField(label=_("Förmågor"), choices=Capability.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    # Not the model's `hosts`: hosts change the point's public status, so they are added and removed
    # through the services (sot_points.services.point_hosts_set), never by writing the relation here.
    host_accounts = forms.ModelMultipleChoiceField(
        label=_("Värdar med inloggning"), required=False, queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Personer som får ändra punktens läge. Nya värdar bjuder du in under Kris och SOT-punkter."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality_id = self.instance.municipality_id
        scoped = {"host_company": "municipality_id", "locality": "municipality_id"}
        for name, lookup in scoped.items():
            if name in self.fields:
                self.fields[name].queryset = self.fields[name].queryset.filter(**{lookup: municipality_id})
        # Only people already tied to this municipality or its companies; never a list of every account.
        self.fields["host_accounts"].queryset = get_user_model().objects.filter(
            Q(municipality_memberships__municipality_id=municipality_id)
            | Q(company_memberships__company__municipality_id=municipality_id)).distinct().order_by("email")
        if self.instance.pk:
            self.initial["host_accounts"] = list(self.instance.hosts.all())
