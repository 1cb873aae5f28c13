"""Forms for companies' own pages. Validation messages are Swedish and sit next to their field."""
from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import SPOKEN_LANGUAGES, Company, CrisisResource
from municipalities.models import Locality
from directory.reference import sni_choices
from directory.services import PROFILE_FIELDS
from directory.validators import normalise_org_number

# Room for every spelling people copy from their papers, e.g. "SE 556016-0680 01" (stored as 556016-0680).
ORG_NUMBER_INPUT_LENGTH = 20

class LocalityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Locality) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class CompanyProfileForm(forms.ModelForm):
    primary_sni = forms.ChoiceField(label=gettext_lazy("Huvudsaklig bransch (SNI 2007)"))
    secondary_sni = forms.MultipleChoiceField(label=gettext_lazy("Övriga branscher"), required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 6}))
    localities = LocalityChoiceField(label=gettext_lazy("Orter där företaget verkar"), required=False,
                                     queryset=Locality.objects.none(), widget=forms.CheckboxSelectMultiple)
    crisis_resources = forms.MultipleChoiceField(
        label=gettext_lazy("Det här kan vi erbjuda vid en kris"), required=False,
        choices=CrisisResource.choices, widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=gettext_lazy("Språk vi talar"), required=False,
                                          choices=SPOKEN_LANGUAGES, widget=forms.CheckboxSelectMultiple)
    website = forms.URLField(label=gettext_lazy("Webbplats"), required=False, assume_scheme="https")
    social_links = forms.CharField(
        label=gettext_lazy("Sociala medier"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("En adress per rad, t.ex. https://www.facebook.com/snickerietasele"))

    class Meta:
        model = Company
        fields = [f for f in PROFILE_FIELDS] + ["localities"]
        widgets = {
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "products_services": forms.Textarea(attrs={"rows": 3}),
            "woman_led": forms.NullBooleanSelect,
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Välj bransch"))] + sni_choices()
        self.fields["primary_sni"].choices = choices
        self.fields["secondary_sni"].choices = sni_choices()
        # Companies often serve neighbouring municipalities: offer the places of the whole county.
        self.fields["localities"].queryset = Locality.objects.filter(
            municipality__county_code=municipality.county_code).select_related("municipality").order_by(
            "municipality__name", "name")
        self.fields["phone"].help_text = _("Telefon räcker för en komplett profil.")
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if self.instance.pk:
            self.initial["social_links"] = "\n".join(self.instance.social_links or [])

    def clean_social_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["social_links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except forms.ValidationError:
                raise forms.ValidationError(_("%(link)s är ingen giltig webbadress. Börja med https://."),
                                            params={"link": link})
        return links

    def profile_data(self) -> dict:
        """The profile fields for the services (the organisation number is passed on its own)."""
        wanted = (*PROFILE_FIELDS, "localities")
        return {name: self.cleaned_data[name] for name in wanted if name in self.cleaned_data}


class CompanyRegistrationForm(CompanyProfileForm):
    org_number = forms.CharField(
        label=gettext_lazy("Organisationsnummer"), max_length=ORG_NUMBER_INPUT_LENGTH,
        help_text=gettext_lazy("Tio siffror, t.ex. 556016-0680. En enskild firma anger ägarens personnummer; "
                               "det visas aldrig för andra."))

    class Meta(CompanyProfileForm.Meta):
        fields = ["org_number"] + CompanyProfileForm.Meta.fields

    def clean_org_number(self) -> str:
        value = normalise_org_number(self.cleaned_data["org_number"])
        Company._meta.get_field("org_number").run_validators(value)
        if Company.objects.filter(org_number=value).exists():
            raise forms.ValidationError(_("%(value)s finns redan i registret. Gör anspråk på företaget i stället."),
                                        params={"value": value})
        return value

    def _post_clean(self):
        # The slug and status are the service's business; validate the rest on the instance.
        self.instance.org_number = self.cleaned_data.get("org_number", "")
        super()._post_clean()


class CompanyClaimForm(forms.Form):
    org_number = forms.CharField(label=gettext_lazy("Organisationsnummer"), max_length=ORG_NUMBER_INPUT_LENGTH)
    message = forms.CharField(label=gettext_lazy("Meddelande till näringslivskontoret"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=gettext_lazy("Berätta vem du är i företaget."))

    def clean_org_number(self) -> str:
        value = normalise_org_number(self.cleaned_data["org_number"])
        Company._meta.get_field("org_number").run_validators(value)
        return value


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Kollegans e-postadress"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Motivering (skickas till företaget)"),
                             widget=forms.Textarea(attrs={"rows": 4}))


class LogoForm(forms.Form):
    logo = forms.FileField(label=gettext_lazy("Logotyp"),
                           help_text=gettext_lazy("JPEG, PNG eller WebP, högst 8 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))


class PhotoForm(forms.Form):
    photo = forms.FileField(label=gettext_lazy("Foto"), help_text=gettext_lazy("JPEG, PNG eller WebP, högst 8 MB."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    alt_text = forms.CharField(label=gettext_lazy("Vad visar bilden?"), max_length=200,
                               help_text=gettext_lazy("T.ex. \"Nybyggd altan i lärkträ\". Läses upp för den som inte ser bilden."))
