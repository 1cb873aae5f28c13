"""Plain forms for providers' members: offers (codes, dates and skills typed as text, checked with
Swedish errors naming the bad value) and members (added by e-mail)."""
import re
from datetime import date

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competence.models import Delivery, LearningForm, ProviderMember
from competence.reference import skill_by_label, ssyk_groups

_SPLIT = re.compile(r"[\s,;]+")


def _date_list(raw: str) -> list[str]:
    values = [v for v in _SPLIT.split(raw or "") if v]
    bad = []
    for value in values:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            bad.append(value)
    if bad:
        raise forms.ValidationError(
            _("%(values)s är inget datum. Skriv datumen som ÅÅÅÅ-MM-DD, t.ex. 2027-01-18, med komma eller ny "
              "rad mellan."), params={"values": ", ".join(bad)}, code="invalid_start_date")
    if len(values) > 24:
        raise forms.ValidationError(_("Ange högst 24 startdatum."), code="too_many_dates")
    return sorted(dict.fromkeys(values))


def _code_list(raw: str) -> list[str]:
    codes = [v for v in _SPLIT.split(raw or "") if v]
    groups = ssyk_groups()
    bad = [code for code in codes if code not in groups]
    if bad:
        raise forms.ValidationError(
            _("%(codes)s är ingen yrkesgrupp i SSYK 2012. Ange fyrsiffriga koder, t.ex. 2512."),
            params={"codes": ", ".join(bad)}, code="unknown_ssyk")
    if len(codes) > 20:
        raise forms.ValidationError(_("Ange högst 20 yrken."), code="too_many_ssyk_codes")
    return list(dict.fromkeys(codes))


def _skill_list(raw: str) -> list[dict]:
    labels = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    found, bad = [], []
    for label in labels:
        skill = skill_by_label(label)
        (found if skill else bad).append(skill or label)
    if bad:
        raise forms.ValidationError(
            _("%(skills)s finns inte i JobTechs kompetenslista. Skriv kompetensen som den heter där, en per rad."),
            params={"skills": ", ".join(bad)}, code="unknown_skill")
    unique = list({s["id"]: s for s in found}.values())
    if len(unique) > 20:
        raise forms.ValidationError(_("Välj högst 20 kompetenser."), code="too_many_skills")
    return unique


class OfferForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200,
                            error_messages={"required": gettext_lazy("Skriv en rubrik.")})
    description = forms.CharField(label=gettext_lazy("Beskrivning"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  error_messages={"required": gettext_lazy("Beskriv erbjudandet.")})
    form = forms.ChoiceField(label=gettext_lazy("Utbildningsform"), choices=LearningForm.choices, widget=forms.RadioSelect,
                             error_messages={"required": gettext_lazy("Välj en form.")})
    length = forms.CharField(label=gettext_lazy("Längd"), max_length=100, required=False,
                             help_text=gettext_lazy("T.ex. 3 kvällar à 2 timmar."))
    delivery = forms.ChoiceField(label=gettext_lazy("Genomförande"), choices=Delivery.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": gettext_lazy("Välj hur erbjudandet genomförs.")})
    place = forms.CharField(label=gettext_lazy("Ort"), max_length=100, required=False,
                            help_text=gettext_lazy("Behövs om erbjudandet ges helt eller delvis på plats."))
    start_dates = forms.CharField(
        label=gettext_lazy("Startdatum"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("ÅÅÅÅ-MM-DD, med komma eller ny rad mellan. Lämna tomt för löpande start."))
    cost_sek = forms.IntegerField(
        label=gettext_lazy("Kostnad (kr)"), required=False, min_value=0, max_value=10_000_000,
        help_text=gettext_lazy("0 betyder avgiftsfri. Lämna tomt om kostnaden inte är känd."),
        error_messages={"invalid": gettext_lazy("Ange kostnaden i hela kronor, t.ex. 1500."),
                        "min_value": gettext_lazy("Kostnaden kan inte vara negativ.")})
    url = forms.URLField(label=gettext_lazy("Länk till mer information"), required=False, assume_scheme="https",
                         error_messages={"invalid": gettext_lazy("Ange en webbadress, t.ex. https://example.org/kurs.")})
    ssyk_codes = forms.CharField(
        label=gettext_lazy("Yrken (SSYK 2012)"), required=False, max_length=200,
        help_text=gettext_lazy("Fyrsiffriga yrkesgrupper som erbjudandet riktar sig till, t.ex. 2512, 2513."))
    skills = forms.CharField(
        label=gettext_lazy("Kompetenser"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("En per rad, som de heter i JobTechs kompetenslista, t.ex. "
                               "Digital marknadsföring/Onlinemarknadsföring."))

    def __init__(self, *args, offer=None, **kwargs):
        if offer is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": offer.title, "description": offer.description, "form": offer.form,
                "length": offer.length, "delivery": offer.delivery, "place": offer.place,
                "start_dates": ", ".join(offer.start_dates), "cost_sek": offer.cost_sek, "url": offer.url,
                "ssyk_codes": ", ".join(offer.ssyk_codes), "skills": "\n".join(s["label"] for s in offer.skills),
            }
        super().__init__(*args, **kwargs)

    def clean_start_dates(self):
        return _date_list(self.cleaned_data.get("start_dates", ""))

    def clean_ssyk_codes(self):
        return _code_list(self.cleaned_data.get("ssyk_codes", ""))

    def clean_skills(self):
        return _skill_list(self.cleaned_data.get("skills", ""))


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-postadress"), max_length=254,
                             help_text=gettext_lazy("Personen behöver redan ha ett konto med en bekräftad adress."),
                             error_messages={"required": gettext_lazy("Ange en e-postadress."),
                                             "invalid": gettext_lazy("Ange en giltig e-postadress.")})
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=ProviderMember.Role.choices,
                             initial=ProviderMember.Role.EDITOR, widget=forms.RadioSelect,
                             error_messages={"required": gettext_lazy("Välj en roll.")})


class OfferFilterForm(forms.Form):
    """The public list's filters as a plain GET form; anything unreadable is as if not given."""

    form = forms.ChoiceField(label=gettext_lazy("Utbildningsform"), required=False)
    delivery = forms.ChoiceField(label=gettext_lazy("Genomförande"), required=False)
    yrke = forms.ChoiceField(label=gettext_lazy("Yrke"), required=False)

    def __init__(self, *args, occupation_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alla"))]
        self.fields["form"].choices = everything + list(LearningForm.choices)
        self.fields["delivery"].choices = everything + list(Delivery.choices)
        groups = ssyk_groups()
        self.fields["yrke"].choices = everything + [(c, f"{c} {groups.get(c, '')}") for c in occupation_codes]

    def filters(self) -> dict:
        if not self.is_valid():
            # Keep the readable ones: a bad value in one filter does not cancel the others.
            return {name: self.data.get(name, "") if name not in self.errors else ""
                    for name in ("form", "delivery", "yrke")}
        return dict(self.cleaned_data)
