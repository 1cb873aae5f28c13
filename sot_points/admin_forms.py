"""The registry form in the Wagtail admin: choices limited to the point's own municipality."""
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from directory.positions import place_position
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
        # Nobody has to type coordinates: left empty, they come from the address (or the locality).
        for name in ("latitude", "longitude"):
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = _("Lämna tomt så placerar vi punkten efter adressen och orten.")

    def clean(self):
        cleaned = super().clean()
        if "latitude" not in self.fields or self.errors.keys() & {"latitude", "longitude"}:
            return cleaned
        typed = [cleaned.get(name) for name in ("latitude", "longitude")]
        if None not in typed:
            return cleaned
        if typed != [None, None]:
            self.add_error("latitude" if typed[0] is None else "longitude",
                           _("Ange både latitud och longitud, eller lämna båda tomma."))
            return cleaned
        position = place_position(street_address=cleaned.get("street_address", ""),
                                  postal_code=cleaned.get("postal_code", ""),
                                  postal_town=cleaned.get("postal_town", ""), locality=cleaned.get("locality"))
        if position is None:
            self.add_error("locality", _("Välj en ort, så placerar vi punkten där (eller ange latitud och longitud)."))
        else:
            cleaned["latitude"], cleaned["longitude"] = position.latitude, position.longitude
        return cleaned
