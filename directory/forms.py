"""Forms for companies' own pages. Validation messages are Swedish and sit next to their field."""
from django import forms
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import SPOKEN_LANGUAGES, Company, CrisisResource
from directory.positions import PlacedPosition, locality_nearest, place_position
from directory.services import PROFILE_FIELDS
from directory.sni_search import sni_groups, sni_label, sni_search
from directory.validators import normalise_org_number
from municipalities.models import Locality
from municipalities.selectors import locality_list_in_county

# Room for every spelling people copy from their papers, e.g. "SE 556016-0680 01" (stored as 556016-0680).
ORG_NUMBER_INPUT_LENGTH = 20


class LocalityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Locality) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Locality) -> str:
        return f"{obj.name} ({obj.municipality.name})"


# At most this many matching codes are offered to choose from; more means the word is too broad.
SNI_CHOICES_SHOWN = 40
# The fields that place the company on the map: a change to any of them asks the geocoder again.
ADDRESS_FIELDS = ("street_address", "postal_code", "postal_town", "place")


class SniPickerMixin:
    """SNI codes typed as a word or a code and resolved on the server, so the form works without
    JavaScript and weighs little (the full list has 821 detail groups). Several matches are offered
    as choices grouped by section and division (`sni_matches`), chosen on the next submit."""

    def sni_resolve(self, name: str, text: str, *, many: bool) -> list[str]:
        matches = sni_search(text)
        codes = {m.code for m in matches}
        chosen = self.data.getlist(self.add_prefix(f"{name}_choice")) if hasattr(self.data, "getlist") else \
            self.data.get(self.add_prefix(f"{name}_choice"), [])
        picked = [c for c in ([chosen] if isinstance(chosen, str) else chosen) if c in codes]
        if picked:
            return picked if many else picked[:1]
        if len(matches) == 1:
            return [matches[0].code]
        if not matches:
            raise forms.ValidationError(
                _("Vi hittar ingen bransch för ”%(text)s”. Skriv ett annat ord, t.ex. snickeri, "
                  "eller en SNI-kod, t.ex. 43320."), params={"text": text}, code="sni_unknown")
        self.sni_matches.setdefault(name, []).extend(matches[:SNI_CHOICES_SHOWN])
        if len(matches) > SNI_CHOICES_SHOWN:
            raise forms.ValidationError(
                _("”%(text)s” passar %(count)s branscher. Välj bland de första nedan eller skriv mer exakt."),
                params={"text": text, "count": len(matches)}, code="sni_broad")
        raise forms.ValidationError(_("”%(text)s” passar flera branscher. Välj den som stämmer bäst nedan."),
                                    params={"text": text}, code="sni_ambiguous")

    def clean_primary_sni(self) -> str:
        code = self.sni_resolve("primary_sni", self.cleaned_data["primary_sni"], many=False)[0]
        self._show_resolved("primary_sni", sni_label(code))
        return code

    def _show_resolved(self, name: str, text: str) -> None:
        """Redisplay the resolved code, not the word: if another field sends the form back, the
        choice made among several matches is not asked for again."""
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = text

    def clean_secondary_sni(self) -> list[str]:
        codes: dict[str, None] = {}
        errors = []
        for line in self.cleaned_data["secondary_sni"].splitlines():
            if line.strip():
                try:
                    codes.update(dict.fromkeys(self.sni_resolve("secondary_sni", line, many=True)))
                except forms.ValidationError as error:
                    errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        self._show_resolved("secondary_sni", "\n".join(sni_label(code) for code in codes))
        return list(codes)

    def sni_choice_groups(self) -> dict[str, list]:
        """For the template: the matches to choose from, per field, grouped under headings."""
        return {name: sni_groups(list({m.code: m for m in matches}.values()))
                for name, matches in self.sni_matches.items()}


class CompanyProfileForm(SniPickerMixin, forms.ModelForm):
    primary_sni = forms.CharField(
        label=gettext_lazy("Huvudsaklig bransch (SNI 2007)"), max_length=200,
        help_text=gettext_lazy("Skriv vad ni gör eller en SNI-kod, t.ex. bageri eller 10710."),
        error_messages={"required": gettext_lazy("Skriv vad företaget gör, t.ex. bageri, eller en SNI-kod.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    secondary_sni = forms.CharField(
        label=gettext_lazy("Övriga branscher"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("En bransch per rad: ett ord eller en SNI-kod."))
    place = PlaceChoiceField(
        label=gettext_lazy("Ort där ni finns"), required=False, queryset=Locality.objects.none(),
        empty_label=gettext_lazy("Välj ort"),
        help_text=gettext_lazy("Vi sätter ut er på kartan efter adressen. Hittar vi den inte används ortens mitt."))
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
        # Nobody types coordinates: the position comes from the address (see clean()).
        fields = [f for f in PROFILE_FIELDS if f not in ("latitude", "longitude")] + ["localities"]
        widgets = {
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "products_services": forms.Textarea(attrs={"rows": 3}),
            "woman_led": forms.NullBooleanSelect,
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.sni_matches: dict[str, list] = {}
        self.position: PlacedPosition | None = None
        # suggest.js: suggestions as the owner types; a picked "10710 Tillverkning …" needs no new list.
        self.fields["primary_sni"].widget.attrs.update({
            "data-suggest-url": reverse("directory:company-sni-suggest"), "data-suggest-done": r"^\d{5} "})
        # Companies often serve neighbouring municipalities: offer the places of the whole county.
        county_localities = locality_list_in_county(municipality=municipality)
        self.fields["localities"].queryset = county_localities
        self.fields["place"].queryset = county_localities
        self.fields["phone"].help_text = _("Telefon räcker för en komplett profil.")
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if self.instance.pk:
            self.initial["social_links"] = "\n".join(self.instance.social_links or [])
            self.initial["primary_sni"] = sni_label(self.instance.primary_sni)
            self.initial["secondary_sni"] = "\n".join(sni_label(c) for c in self.instance.secondary_sni or [])
            if self.instance.latitude is not None and self.instance.longitude is not None:
                self.position = PlacedPosition(self.instance.latitude, self.instance.longitude, locality_nearest(
                    self.instance.latitude, self.instance.longitude, county_localities))
                self.initial["place"] = self.position.locality

    def _place_or_guess(self, cleaned):
        """The locality chosen, else the one named as postal town, else the first the company works in."""
        if cleaned.get("place"):
            return cleaned["place"]
        town = (cleaned.get("postal_town") or "").strip().casefold()
        named = [loc for loc in self.fields["place"].queryset if loc.name.casefold() == town] if town else []
        return (named or list(cleaned.get("localities") or []) or [None])[0]

    def clean(self):
        cleaned = super().clean()
        unchanged = self.position is not None and not set(ADDRESS_FIELDS) & set(self.changed_data)
        # Only a submit that is otherwise fine asks the geocoder: a form sent back costs no lookup.
        if not unchanged and not self.errors:
            self.position = place_position(
                street_address=cleaned.get("street_address", ""), postal_code=cleaned.get("postal_code", ""),
                postal_town=cleaned.get("postal_town", ""), locality=self._place_or_guess(cleaned))
            cleaned["latitude"] = self.position.latitude if self.position else None
            cleaned["longitude"] = self.position.longitude if self.position else None
        return cleaned

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
