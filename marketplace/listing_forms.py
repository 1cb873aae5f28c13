"""Plain forms for listings' owners: step 1 (which kind, on whose behalf), step 2 (the kind's own form: common
fields, a call's deadline and items, an event's date and time in Swedish time, a price or "på förfrågan"),
renewal, photos, attachments and the public report form. Dates and times are separate inputs with their own
labels (no JavaScript widget); the services do the validation that needs the database."""
import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import add_validation_errors
from marketplace.listing_services import ItemsValidationError
from marketplace.models import Audience, CallStatus, Category, ListingKind, ListingReport
from municipalities.models import Locality
from municipalities.selectors import locality_list

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MUNICIPALITY_OWNER = "kommunen"


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class _TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=_DateInput(), help_text=help_text,
                           error_messages={"required": gettext_lazy("Ange ett datum."),
                                           "invalid": gettext_lazy("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2027-03-01.")})


def _time_field(label, *, required=False, help_text=""):
    return forms.TimeField(label=label, required=required, widget=_TimeInput(), help_text=help_text,
                           error_messages={"required": gettext_lazy("Ange en tid."),
                                           "invalid": gettext_lazy("Skriv tiden som TT:MM, t.ex. 18:30.")})


def _aware(day: datetime.date | None, time: datetime.time | None, default: datetime.time):
    if day is None:
        return None
    return datetime.datetime.combine(day, time or default, tzinfo=STOCKHOLM)


def _local_parts(value: datetime.datetime | None):
    if value is None:
        return None, None
    local = value.astimezone(STOCKHOLM)
    return local.date(), local.time().replace(second=0, microsecond=0)


# --- step 1 -------------------------------------------------------------------------------------------
def owner_choices(*, companies, hubs, municipality=None) -> list[tuple[str, str]]:
    """Radio choices for the owners the user may act for ("company-5", "hub-2", "kommunen")."""
    choices = [(f"company-{company.pk}", company.display_name) for company in companies]
    choices += [(f"hub-{hub.pk}", _("Hubben %(name)s") % {"name": hub.name}) for hub in hubs]
    if municipality is not None:
        choices.append((MUNICIPALITY_OWNER, _("%(name)s (kommunens egen annons)") % {"name": municipality.name}))
    return choices


class ListingStartForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Vad vill du annonsera?"), choices=ListingKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": gettext_lazy("Välj vilken sorts annons det är.")})
    owner = forms.ChoiceField(label=gettext_lazy("Vem står bakom annonsen?"), widget=forms.RadioSelect,
                              error_messages={"required": gettext_lazy("Välj vem annonsen gäller."),
                                              "invalid_choice": gettext_lazy("Du kan inte annonsera för den ägaren.")})

    def __init__(self, *args, owners: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners
        if len(owners) == 1:
            self.fields["owner"].initial = owners[0][0]


# --- step 2 -------------------------------------------------------------------------------------------
class ListingForm(forms.Form):
    """The fields every kind has. Subclasses add their kind's fields; `service_fields()` is what the service
    takes, and `add_service_errors()` puts a service's errors next to the right input."""

    # Service field -> this form's input, where they are not the same.
    error_fields: dict[str, str] = {}

    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=160,
                            error_messages={"required": gettext_lazy("Skriv en rubrik.")})
    description = forms.CharField(label=gettext_lazy("Beskrivning"), max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 6}),
                                  error_messages={"required": gettext_lazy("Beskriv vad annonsen gäller.")})
    category = forms.ChoiceField(label=gettext_lazy("Kategori"), choices=Category.choices, initial=Category.OTHER)
    sni_codes = forms.CharField(label=gettext_lazy("Branscher (SNI 2007)"), required=False, max_length=200,
                                help_text=gettext_lazy("Femsiffriga koder med komma emellan, t.ex. 43320, 81290. "
                                                       "Används för att föreslå leverantörer."))
    expires_on = _date_field(gettext_lazy("Gäller till och med"))
    locality = forms.ModelChoiceField(label=gettext_lazy("Ort"), queryset=Locality.objects.none(), required=False,
                                      empty_label=gettext_lazy("Hela kommunen"))
    contact_name = forms.CharField(label=gettext_lazy("Kontaktperson"), max_length=120, required=False)
    contact_email = forms.EmailField(label=gettext_lazy("E-post"), required=False,
                                     error_messages={"invalid": gettext_lazy("Skriv en hel e-postadress, t.ex. "
                                                                             "namn@foretag.se.")})
    contact_phone = forms.CharField(label=gettext_lazy("Telefon"), max_length=30, required=False)

    def __init__(self, *args, municipality, hub_owned: bool = False, listing=None, **kwargs):
        if listing is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(listing)
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = locality_list(municipality=municipality)
        if hub_owned:
            self.fields["audience"] = forms.ChoiceField(
                label=gettext_lazy("Vem ser annonsen?"), choices=Audience.choices, initial=Audience.PUBLIC,
                widget=forms.RadioSelect)

    @classmethod
    def initial_from(cls, listing) -> dict:
        initial = {name: getattr(listing, name) for name in (
            "title", "description", "category", "expires_on", "locality", "contact_name", "contact_email",
            "contact_phone", "audience")}
        initial["sni_codes"] = ", ".join(listing.sni_codes or [])
        return initial

    def clean_sni_codes(self) -> list[str]:
        codes = [code.strip() for code in self.cleaned_data["sni_codes"].replace(";", ",").split(",") if code.strip()]
        return list(dict.fromkeys(codes))

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in (
            "title", "description", "category", "sni_codes", "expires_on", "locality", "contact_name",
            "contact_email", "contact_phone")}
        if "audience" in self.fields:
            fields["audience"] = data["audience"]
        return fields

    def add_service_errors(self, error: ValidationError) -> None:
        if isinstance(error, ItemsValidationError):
            return  # shown at the items by the view's form set
        if hasattr(error, "error_dict"):
            error = ValidationError({self.error_fields.get(field, field): messages
                                     for field, messages in error.error_dict.items()})
        add_validation_errors(self, error)


class PricedListingForm(ListingForm):
    """Offers, resources and reuse: an amount (per what) or "på förfrågan"."""

    price_amount = forms.DecimalField(label=gettext_lazy("Pris (kr)"), required=False, min_value=0,
                                      max_digits=12, decimal_places=2,
                                      error_messages={"invalid": gettext_lazy("Skriv priset med siffror, t.ex. 450."),
                                                      "min_value": gettext_lazy("Priset kan inte vara negativt.")})
    price_unit = forms.CharField(label=gettext_lazy("Pris per"), max_length=40, required=False,
                                 help_text=gettext_lazy("T.ex. timme, dygn eller st."))
    price_on_request = forms.BooleanField(label=gettext_lazy("Pris på förfrågan"), required=False)

    @classmethod
    def initial_from(cls, listing) -> dict:
        return {**super().initial_from(listing), "price_amount": listing.price_amount,
                "price_unit": listing.price_unit, "price_on_request": listing.price_on_request}

    def clean(self):
        data = super().clean()
        if data.get("price_amount") is not None and data.get("price_on_request"):
            self.add_error("price_amount", _("Ange antingen ett pris eller att priset lämnas på förfrågan, "
                                             "inte båda."))
        if data.get("price_unit") and data.get("price_amount") is None:
            self.add_error("price_unit", _("Ange priset också, eller ta bort vad det gäller per."))
        return data

    def service_fields(self) -> dict:
        return {**super().service_fields(), **{name: self.cleaned_data[name] for name in (
            "price_amount", "price_unit", "price_on_request")}}


class CallListingForm(ListingForm):
    """A procurement call: its deadline (Swedish time) and delivery place; its items are a form set."""

    error_fields = {"answer_deadline": "answer_deadline_date"}

    answer_deadline_date = _date_field(gettext_lazy("Sista dag för svar"))
    answer_deadline_time = _time_field(gettext_lazy("Klockslag"), help_text=gettext_lazy(
        "Svensk tid. Lämnar du fältet tomt gäller 23:59."))
    delivery_place = forms.CharField(label=gettext_lazy("Leveransplats"), max_length=200, required=False)

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["call_status"] = forms.ChoiceField(
                label=gettext_lazy("Status"), widget=forms.RadioSelect, initial=CallStatus.OPEN,
                choices=[(CallStatus.PLANNED, CallStatus.PLANNED.label), (CallStatus.OPEN, CallStatus.OPEN.label)],
                help_text=gettext_lazy("En planerad upphandling visas som kommande; leverantörer kan svara när den "
                                       "är öppen."))

    @classmethod
    def initial_from(cls, listing) -> dict:
        day, time = _local_parts(listing.answer_deadline)
        return {**super().initial_from(listing), "answer_deadline_date": day, "answer_deadline_time": time,
                "delivery_place": listing.delivery_place}

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {**super().service_fields(), "delivery_place": data["delivery_place"],
                  "answer_deadline": _aware(data["answer_deadline_date"], data.get("answer_deadline_time"),
                                            datetime.time(23, 59))}
        if "call_status" in self.fields:
            fields["call_status"] = data["call_status"]
        return fields


class EventListingForm(ListingForm):
    error_fields = {"starts_at": "starts_on", "ends_at": "ends_on"}

    starts_on = _date_field(gettext_lazy("Datum då evenemanget börjar"))
    starts_time = _time_field(gettext_lazy("Starttid"), required=True, help_text=gettext_lazy("Svensk tid."))
    ends_on = _date_field(gettext_lazy("Datum då evenemanget slutar"), required=False,
                          help_text=gettext_lazy("Lämna tomt om det slutar samma dag."))
    ends_time = _time_field(gettext_lazy("Sluttid"))
    venue = forms.CharField(label=gettext_lazy("Plats"), max_length=200, required=False,
                            help_text=gettext_lazy("T.ex. Folkets hus, Storgatan 3."))

    @classmethod
    def initial_from(cls, listing) -> dict:
        starts_on, starts_time = _local_parts(listing.starts_at)
        ends_on, ends_time = _local_parts(listing.ends_at)
        return {**super().initial_from(listing), "starts_on": starts_on, "starts_time": starts_time,
                "ends_on": ends_on, "ends_time": ends_time, "venue": listing.venue}

    def clean(self):
        data = super().clean()
        if data.get("ends_time") and not data.get("ends_on") and data.get("starts_on"):
            data["ends_on"] = data["starts_on"]
        if data.get("ends_on") and not data.get("ends_time"):
            self.add_error("ends_time", _("Ange när evenemanget slutar."))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {**super().service_fields(), "venue": data["venue"],
                "starts_at": _aware(data["starts_on"], data["starts_time"], datetime.time(0, 0)),
                "ends_at": _aware(data.get("ends_on"), data.get("ends_time"), datetime.time(23, 59))}


FORMS_BY_KIND = {
    ListingKind.OFFER: PricedListingForm, ListingKind.RESOURCE: PricedListingForm,
    ListingKind.REUSE: PricedListingForm, ListingKind.REQUEST: ListingForm,
    ListingKind.CALL: CallListingForm, ListingKind.EVENT: EventListingForm,
}


class CallItemForm(forms.Form):
    description = forms.CharField(label=gettext_lazy("Vad som köps"), max_length=300, required=False)
    sni_code = forms.CharField(label=gettext_lazy("Bransch (SNI 2007)"), max_length=5, required=False)
    cpv_code = forms.CharField(label=gettext_lazy("CPV-kod"), max_length=10, required=False,
                               help_text=gettext_lazy("Om du vet den, t.ex. 90620000-9 för snöröjning."))
    quantity = forms.DecimalField(label=gettext_lazy("Mängd"), required=False, max_digits=12, decimal_places=2,
                                  error_messages={"invalid": gettext_lazy("Skriv mängden med siffror.")})
    unit = forms.CharField(label=gettext_lazy("Enhet"), max_length=40, required=False)
    delivery_place = forms.CharField(label=gettext_lazy("Leveransplats"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("description") and not self.errors:
            self.add_error("description", _("Beskriv vad som köps, eller töm raden."))
        return data


class _CallItemFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = gettext_lazy("Ta bort den här delen")

    def items(self) -> list[dict]:
        """The filled-in rows, in order, as the service takes them."""
        return [{name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
                for form in self.forms
                if form.cleaned_data and form.cleaned_data.get("description")
                and not form.cleaned_data.get("DELETE")]

    def add_service_errors(self, error: ItemsValidationError) -> None:
        """Each item's errors at that item (the service counts only the filled-in rows)."""
        filled = [form for form in self.forms if form.cleaned_data and form.cleaned_data.get("description")
                  and not form.cleaned_data.get("DELETE")]
        for index, fields in error.item_errors.items():
            form = filled[index]
            for field, messages in fields.items():
                form.add_error(field if field in form.fields else None, messages)


CallItemFormSet = forms.formset_factory(CallItemForm, formset=_CallItemFormSet, extra=2, can_delete=True,
                                        max_num=50, absolute_max=50)


def call_item_initial(listing) -> list[dict]:
    return [{name: getattr(item, name) for name in (
        "description", "sni_code", "cpv_code", "quantity", "unit", "delivery_place")} for item in listing.items.all()]


# --- the other owner forms ----------------------------------------------------------------------------
class RenewForm(forms.Form):
    expires_on = _date_field(gettext_lazy("Ny sista dag"))


class PhotoForm(forms.Form):
    photo = forms.ImageField(label=gettext_lazy("Bild (JPEG, PNG eller WebP)"),
                             error_messages={"required": gettext_lazy("Välj en bild."),
                                             "invalid_image": gettext_lazy("Filen är ingen bild vi kan ta emot.")})
    alt_text = forms.CharField(label=gettext_lazy("Vad visar bilden?"), max_length=200,
                               help_text=gettext_lazy("Läses upp för den som inte ser bilden."),
                               error_messages={"required": gettext_lazy("Beskriv kort vad bilden visar.")})


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Dokument (PDF, högst 10 MB)"),
                           error_messages={"required": gettext_lazy("Välj en PDF-fil.")})
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200,
                            help_text=gettext_lazy("T.ex. Förfrågningsunderlag."),
                            error_messages={"required": gettext_lazy("Ge dokumentet en titel.")})


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Vad är fel med annonsen?"), choices=ListingReport.Reason.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": gettext_lazy("Välj vad som är fel.")})
    message = forms.CharField(label=gettext_lazy("Beskriv gärna mer"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=gettext_lazy("Skriv inte känsliga personuppgifter."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Motivering (skickas till annonsören)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": gettext_lazy("Skriv en motivering.")})
