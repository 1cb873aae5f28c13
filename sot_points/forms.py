"""Forms of the SOT pages: a host's status (one or two taps on a phone), readiness, disruptions, host invitations."""
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sot_points.models import Capability, Disruption, PointStatus


class StatusForm(forms.Form):
    """The status buttons submit the form themselves: one tap keeps everything else as it was."""

    status = forms.ChoiceField(label=_("Läge"), choices=[(s.value, s.label) for s in PointStatus
                                                         if s != PointStatus.UNKNOWN],
                               error_messages={"required": _("Välj öppen, begränsad eller stängd.")})
    available_now = forms.MultipleChoiceField(label=_("Tillgängligt just nu"), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    places_free = forms.IntegerField(label=_("Lediga platser i värmestugan"), required=False, min_value=0,
                                     error_messages={"min_value": _("Antalet kan inte vara negativt."),
                                                     "invalid": _("Ange ett heltal.")})
    message = forms.CharField(label=_("Kort meddelande"), required=False, max_length=280,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Visas för alla, t.ex. \"Kaffe och laddning finns, ta med egen sladd\"."),
                              error_messages={"max_length": _("Meddelandet får vara högst %(limit_value)d tecken.")})

    def __init__(self, *args, point, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["available_now"].choices = [(c, Capability(c).label) for c in point.capabilities
                                                if c in Capability.values]
        if point.warm_room_places:
            # The upper bound is checked once, by services.point_status_update; the view puts its
            # message next to this field.
            total = point.warm_room_places
            self.fields["places_free"].help_text = ngettext("Av %(total)s plats.", "Av %(total)s platser.",
                                                            total) % {"total": total}
            self.fields["places_free"].widget.attrs["max"] = total
        else:
            del self.fields["places_free"]


class ReadinessForm(forms.Form):
    generator_tested = forms.BooleanField(label=_("Reservkraftverket är provkört den senaste månaden"),
                                          required=False)
    fuel_percent = forms.IntegerField(label=_("Bränslenivå i procent"), required=False, min_value=0, max_value=100,
                                      error_messages={"min_value": _("Ange bränslenivån i procent, 0–100."),
                                                      "max_value": _("Ange bränslenivån i procent, 0–100."),
                                                      "invalid": _("Ange ett heltal.")})
    contacts_checked = forms.BooleanField(label=_("Kontaktuppgifterna är kontrollerade"), required=False)
    notes = forms.CharField(label=_("Anteckning"), required=False, max_length=280)


class DisruptionForm(forms.ModelForm):
    class Meta:
        model = Disruption
        fields = ["kind", "title", "message", "localities", "area_description"]
        widgets = {"localities": forms.CheckboxSelectMultiple, "message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = self.fields["localities"].queryset.filter(municipality=municipality)


class HostInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-postadress"), max_length=254,
                             help_text=_("Värden får ett e-brev med en länk för att skapa konto eller logga in."),
                             error_messages={"required": _("Ange en e-postadress."),
                                             "invalid": _("Ange en giltig e-postadress.")})
