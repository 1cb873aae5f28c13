"""The admin's "Lägg till kommun": a form for onboarding.municipality_onboard.

Wagtail's generic create view would save a bare Municipality row (no Site, collection or theme:
an IntegrityError); this view keeps Wagtail's page and messages but saves through the service.
Only platform administrators reach it (the snippet's permission policy gives staff no "add").
"""
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views.snippets import CreateView

from municipalities.models import Municipality
from municipalities.onboarding import municipality_choices, municipality_onboard, onboarding_defaults
from municipalities.validators import MINORITY_LANGUAGES


def _hostname_help() -> str:
    return _("Lämna tomt för kommunens namn följt av .%(domain)s, till exempel sorsele.%(domain)s. "
             "Ange annars ett eget värdnamn utan https://.") % {"domain": settings.PLATFORM_BASE_DOMAIN}


class MunicipalityOnboardForm(WagtailAdminModelForm):
    code = forms.ChoiceField(
        label=_("Kommun"), choices=lazy(lambda: [("", _("Välj kommun"))] + municipality_choices(), list)(),
        help_text=_("Namn, län och webbadress följer av SCB:s kommunkod."),
    )
    hostname = forms.CharField(label=_("Webbadress (värdnamn)"), required=False, max_length=253,
                               help_text=lazy(_hostname_help, str)())
    ui_languages = forms.MultipleChoiceField(
        label=_("Språk utöver svenska"), required=False, choices=[("en", _("Engelska"))], initial=["en"],
        widget=forms.CheckboxSelectMultiple, help_text=_("Webbplatsen finns alltid på svenska."),
    )
    minority_languages = forms.MultipleChoiceField(
        label=_("Nationella minoritetsspråk"), required=False, choices=list(MINORITY_LANGUAGES.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Förvaltningsområden där innehåll på minoritetsspråk kan läggas till."),
    )
    office_email = forms.EmailField(label=_("Näringslivskontorets e-post"),
                                    help_text=_("Hit skickas nya registreringar och anspråk att granska."))
    office_phone = forms.CharField(label=_("Näringslivskontorets telefon"), required=False, max_length=30)
    editor_email = forms.EmailField(
        label=_("Första redaktörens e-post"),
        help_text=_("Får en inbjudan med e-post och blir redaktör när adressen är bekräftad."),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["ui_languages"] = ["sv", *cleaned.get("ui_languages", [])]
        code = cleaned.get("code")
        if code and not cleaned.get("hostname"):
            cleaned["hostname"] = onboarding_defaults(code).hostname
        return cleaned

    def validate_unique(self):
        """The service refuses an existing kommunkod or host, with the message beside the field."""


ONBOARD_PANEL = ObjectList([
    FieldPanel("code"), FieldPanel("hostname"),
    MultiFieldPanel([FieldPanel("office_email"), FieldPanel("office_phone")], heading=_("Näringslivskontoret")),
    MultiFieldPanel([FieldPanel("ui_languages"), FieldPanel("minority_languages")], heading=_("Språk")),
    FieldPanel("editor_email"),
], base_form_class=MunicipalityOnboardForm).bind_to_model(Municipality)


class MunicipalityCreateView(CreateView):
    error_message = _("Kommunen kunde inte skapas. Rätta felen nedan.")

    def get_header_title(self):
        return _("Lägg till kommun")

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        return [*items[:-1], {"url": "", "label": _("Lägg till kommun")}]

    def get_panel(self):
        return ONBOARD_PANEL

    def get_form_class(self):
        return ONBOARD_PANEL.get_form_class()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            # The service found what the form could not (a kommunkod or host taken meanwhile):
            # nothing was saved, and the message goes beside its field.
            for field, messages in error.update_error_dict({}).items():
                form.add_error(field if field in form.fields else None, messages)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def save_instance(self):
        data = self.form.cleaned_data
        self.result = municipality_onboard(
            code=data["code"], hostname=data["hostname"], editor_email=data["editor_email"],
            office_email=data["office_email"], office_phone=data["office_phone"],
            ui_languages=data["ui_languages"], minority_languages=data["minority_languages"],
            actor=self.request.user,
        )
        return self.result.municipality

    def get_success_message(self, instance):
        message = _("%(name)s är skapad på %(url)s. En inbjudan har skickats till %(email)s.") % {
            "name": instance.name, "url": instance.root_url, "email": self.result.invitation.email}
        if self.result.created.get("localities") == 0:
            message += " " + _("Det finns inga orter för %(name)s i referensdata; lägg till dem under Orter.") % {
                "name": instance.name}
        return message
