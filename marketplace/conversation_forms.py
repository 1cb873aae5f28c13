"""Plain forms for answers, messages and choosing an answer. The services decide; these only parse."""
from django import forms
from django.utils.translation import gettext_lazy as _


class AmountField(forms.DecimalField):
    """Kronor as people type them: "45 000", "45000,50" or "45000.50" (a number input refuses the first two)."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u00a0", "").replace(",", ".")
        return super().to_python(value)


class MultiplePdfInput(forms.FileInput):
    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"accept": "application/pdf,.pdf", "multiple": True, **(attrs or {})})


class MultiplePdfField(forms.FileField):
    """Several files in one input; each is checked as a PDF by the service (marketplace.attachments)."""

    widget = MultiplePdfInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultiplePdfField, self).clean(upload, initial) for upload in files]


class AnswerForm(forms.Form):
    company = forms.TypedChoiceField(label=_("Svara för företaget"), coerce=int)
    text = forms.CharField(label=_("Ert svar"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Vad ni kan leverera, när och hur. Köparen läser svaret i en konversation "
                                       "med er."),
                           error_messages={"required": _("Skriv ert svar.")})
    price_amount = AmountField(label=_("Pris (kr)"), required=False, min_value=0, max_digits=14,
                               decimal_places=2,
                                      error_messages={"min_value": _("Priset kan inte vara negativt."),
                                                      "invalid": _("Skriv priset som ett tal, t.ex. 45000.")})
    price_note = forms.CharField(label=_("Om priset"), max_length=200, required=False,
                                 help_text=_("t.ex. per säsong, exklusive moms"))
    attachments = MultiplePdfField(label=_("Bilagor (PDF)"), required=False,
                                   help_text=_("Till exempel anbud, prislista eller referenser. Högst 5 filer, "
                                               "10 MB var. Bara köparen och ert företag kan öppna dem."))

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [(c.pk, c.display_name) for c in companies]
        if len(self.fields["company"].choices) == 1:
            self.fields["company"].initial = self.fields["company"].choices[0][0]


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Ditt meddelande"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Skriv ett meddelande innan du skickar.")})


class ChooseAnswerForm(forms.Form):
    awarded_value = AmountField(label=_("Tilldelat värde (kr)"), required=False, min_value=0, max_digits=14,
                                decimal_places=2,
                                       help_text=_("Lämna tomt för att använda priset i svaret."),
                                       error_messages={"min_value": _("Värdet kan inte vara negativt."),
                                                       "invalid": _("Skriv värdet som ett tal, t.ex. 45000.")})
