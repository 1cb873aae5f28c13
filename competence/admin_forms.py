"""The business office's provider form in the Wagtail admin."""
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from municipalities.models import Municipality


class ProviderForm(WagtailAdminModelForm):
    # Not a model field: the first responsible member is added by e-mail through the services
    # (competence.provider_services.provider_member_add), never by writing the relation here.
    owner_email = forms.EmailField(
        label=_("Lägg till ansvarig (e-post)"), required=False, max_length=254,
        help_text=_("E-postadressen till ett befintligt konto. Den ansvariga publicerar erbjudanden och "
                    "hanterar aktörens medlemmar."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["owner_email"].required = True
            self.fields["owner_email"].label = _("Första ansvariga (e-post)")


class ServesAnyMunicipalityMixin:
    """A provider may serve neighbouring municipalities too: the scoped form would offer only its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "serves_municipalities" in self.fields:
            self.fields["serves_municipalities"].queryset = Municipality.objects.order_by("name")
            self.fields["serves_municipalities"].required = False
