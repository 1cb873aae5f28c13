"""Plain forms for bookings: a request (a date and a start and end time, Swedish time) and the owner's
bookable periods. Date and time inputs are the browser's own; no JavaScript."""
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import add_validation_errors
from directory.models import Company

_LOCAL = ZoneInfo(settings.TIME_ZONE)


def _local(day, at) -> datetime:
    return datetime.combine(day, at, tzinfo=_LOCAL)


def _date(label, required_message):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"required": required_message,
                                           "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2027-03-12.")})


def _time(label, required_message):
    return forms.TimeField(label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                           error_messages={"required": required_message,
                                           "invalid": _("Skriv tiden som TT:MM, t.ex. 09:30.")})


class BookingRequestForm(forms.Form):
    date = _date(_("Datum"), _("Välj vilken dag du vill boka."))
    start_time = _time(_("Från klockan"), _("Skriv när bokningen börjar."))
    end_time = _time(_("Till klockan"), _("Skriv när bokningen slutar."))
    company = forms.ModelChoiceField(label=_("Boka för företag"), queryset=Company.objects.none(), required=False,
                                     empty_label=_("Inget företag, jag bokar själv"),
                                     error_messages={"invalid_choice": _("Välj ett av dina företag i listan.")})
    message = forms.CharField(label=_("Meddelande till ägaren"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    # Where the service's errors about the slot belong on this form.
    SERVICE_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if companies is not None:
            self.fields["company"].queryset = companies
        else:
            del self.fields["company"]

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("Sluttiden måste vara senare än starttiden."))
            else:
                data["starts_at"], data["ends_at"] = _local(day, start), _local(day, end)
        return data

    def booking_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"starts_at": data["starts_at"], "ends_at": data["ends_at"], "company": data.get("company"),
                "message": data.get("message", "")}


class AvailabilityWindowForm(forms.Form):
    start_date = _date(_("Från datum"), _("Välj när perioden börjar."))
    start_time = _time(_("Från klockan"), _("Skriv klockslaget perioden börjar."))
    end_date = _date(_("Till datum"), _("Välj när perioden slutar."))
    end_time = _time(_("Till klockan"), _("Skriv klockslaget perioden slutar."))

    SERVICE_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}

    def clean(self):
        data = super().clean()
        if all(data.get(name) for name in ("start_date", "start_time", "end_date", "end_time")):
            data["starts_at"] = _local(data["start_date"], data["start_time"])
            data["ends_at"] = _local(data["end_date"], data["end_time"])
        return data


def add_service_errors(form, error) -> None:
    """A service's ValidationError on the form, each message next to the field it is about."""
    if hasattr(error, "error_dict"):
        error = ValidationError({form.SERVICE_FIELDS.get(name, name): errors
                                 for name, errors in error.error_dict.items()})
    add_validation_errors(form, error)
