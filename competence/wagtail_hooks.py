"""Admin registration: the business office curates its municipality's providers (scoped per municipality),
every save going through competence.provider_services."""
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView

from competence import provider_services
from competence.admin_forms import ProviderForm, ServesAnyMunicipalityMixin
from competence.models import Provider, ProviderMember
from core.forms import add_validation_errors
from municipalities.admin_scoping import CreateInOwnMunicipalityMixin, MunicipalityScopedSnippetViewSet
from municipalities.models import Role

PROVIDER_FORM_FIELDS = ("name", "kind", "description", "website", "email", "phone", "active")


class _ThroughServicesMixin:
    """Wagtail's form validates; the service writes (and checks the editor's right again)."""

    log_action_name = ""

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = self.save_instance()
        except ValidationError as error:
            add_validation_errors(form, error, default_field=None)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response

    def _add_owner(self, provider):
        email = self.form.cleaned_data.get("owner_email")
        if email:
            try:
                provider_services.provider_member_add(actor=self.request.user, provider=provider, email=email,
                                                      role=ProviderMember.Role.OWNER)
            except ValidationError as error:
                if getattr(error, "error_dict", None) and "email" in error.error_dict:
                    raise ValidationError({"owner_email": error.error_dict["email"]}) from None
                raise


class ProviderCreateView(CreateInOwnMunicipalityMixin, _ThroughServicesMixin, CreateView):
    """A new provider belongs to the municipality whose admin the editor is working in."""

    def save_instance(self):
        data = self.form.cleaned_data
        provider = provider_services.provider_create(
            actor=self.request.user, municipality=self.form.instance.municipality,
            serves_municipalities=data.get("serves_municipalities"),
            **{name: data[name] for name in PROVIDER_FORM_FIELDS if name in data})
        self._add_owner(provider)
        log(instance=provider, action="wagtail.create", user=self.request.user)
        return provider


class ProviderEditView(_ThroughServicesMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        provider = Provider.objects.get(pk=self.object.pk)
        provider = provider_services.provider_update(
            actor=self.request.user, provider=provider, serves_municipalities=data.get("serves_municipalities"),
            **{name: data[name] for name in PROVIDER_FORM_FIELDS if name in data})
        self._add_owner(provider)
        log(instance=provider, action="wagtail.edit", user=self.request.user)
        return provider


class ProviderViewSet(MunicipalityScopedSnippetViewSet):
    model = Provider
    icon = "group"
    menu_label = _("Utbildningsaktörer")
    add_view_class = ProviderCreateView
    edit_view_class = ProviderEditView
    staff_actions = {"view", "change", "add"}
    staff_roles = [Role.EDITOR]
    list_display = ["name", "kind", "municipality", "active"]
    edit_handler = ObjectList([
        MultiFieldPanel([FieldPanel("name"), FieldPanel("kind"), FieldPanel("description"), FieldPanel("active")],
                        heading=_("Utbildningsaktören")),
        MultiFieldPanel([FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")], heading=_("Kontakt")),
        MultiFieldPanel([FieldPanel("serves_municipalities", widget=forms.CheckboxSelectMultiple)],
                        heading=_("Erbjudandena visas i")),
        MultiFieldPanel([FieldPanel("owner_email")], heading=_("Ansvariga")),
    ], base_form_class=ProviderForm)

    def get_form_class(self, for_update=False):
        scoped = super().get_form_class(for_update)
        return type(f"Serving{scoped.__name__}", (ServesAnyMunicipalityMixin, scoped), {"__module__": __name__})


register_snippet(ProviderViewSet)
