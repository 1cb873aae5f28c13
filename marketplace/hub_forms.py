"""Plain forms for hubs: starting and editing a hub, applying to one, inviting a company. The services check
the rules again (who may, which county); the forms only parse and give field-level Swedish messages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Company
from municipalities.models import Municipality

_NAME_REQUIRED = {"required": _("Skriv hubbens namn.")}
_PURPOSE_REQUIRED = {"required": _("Skriv i en mening vad hubben är till för.")}


class HubForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=150, error_messages=_NAME_REQUIRED)
    purpose = forms.CharField(label=_("Syfte"), max_length=300, error_messages=_PURPOSE_REQUIRED,
                              help_text=_("En mening om vad hubben är till för, visas i listor."))
    description = forms.CharField(label=_("Beskrivning"), max_length=6000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Kommuner hubben spänner över"), queryset=Municipality.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj kommuner i listan: bara kommuner i samma län kan ingå."),
                        "invalid_pk_value": _("Välj kommuner i listan: bara kommuner i samma län kan ingå.")},
        help_text=_("Hemkommunen ingår alltid. Bara kommuner i samma län kan väljas."))
    open_to_applications = forms.BooleanField(label=_("Företag kan ansöka om medlemskap"), required=False,
                                              initial=True)
    public_member_list = forms.BooleanField(label=_("Medlemslistan är offentlig"), required=False, initial=True)

    def __init__(self, *args, county_municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if county_municipalities is not None:
            self.fields["municipalities"].queryset = county_municipalities


class HubCreateForm(HubForm):
    owner = forms.ChoiceField(label=_("Vem äger hubben?"), error_messages={
        "required": _("Välj vem som äger hubben."),
        "invalid_choice": _("Välj en ägare i listan.")})
    field_order = ["owner", "name", "purpose", "description", "municipalities", "open_to_applications",
                   "public_member_list"]

    def __init__(self, *args, platform_owners=(), companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._owners = {f"platform:{o.pk}": ("owner_platform", o) for o in platform_owners}
        self._owners.update({f"company:{c.pk}": ("owner_company", c) for c in companies})
        self.fields["owner"].choices = [("", _("Välj ägare"))] + [
            (key, str(obj.display_name if isinstance(obj, Company) else obj)) for key, (_kind, obj)
            in self._owners.items()]

    def owner_kwargs(self) -> dict:
        kind, owner = self._owners[self.cleaned_data["owner"]]
        return {kind: owner}


class HubEditForm(HubForm):
    active = forms.BooleanField(label=_("Hubben är aktiv och visas"), required=False)
    logo = forms.FileField(label=_("Ny logotyp"), required=False,
                           help_text=_("JPEG, PNG eller WebP. Lämna tomt för att behålla den nuvarande."))


class HubApplyForm(forms.Form):
    company = forms.ModelChoiceField(label=_("Företag som ansöker"), queryset=Company.objects.none(),
                                     empty_label=None, error_messages={
                                         "required": _("Välj vilket företag som ansöker."),
                                         "invalid_choice": _("Välj ett av dina företag i listan.")})
    message = forms.CharField(label=_("Meddelande till hubbens ansvariga"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if companies is not None:
            self.fields["company"].queryset = companies


class HubInviteForm(forms.Form):
    company = forms.ModelChoiceField(label=_("Företag att bjuda in"), queryset=Company.objects.none(),
                                     error_messages={"required": _("Välj ett företag att bjuda in."),
                                                     "invalid_choice": _("Välj ett företag i listan.")})
    message = forms.CharField(label=_("Meddelande till företaget"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if companies is not None:
            self.fields["company"].queryset = companies
            self.fields["company"].label_from_instance = lambda c: f"{c.display_name} ({c.municipality.name})"
