"""Forms of the follow-up: an owner's areas of effort and projects. Swedish messages by each field."""
from django import forms
from django.utils.translation import gettext_lazy

from competence.models import EffortArea, FollowupProject
from municipalities.models import PlatformOwner


def _owner_field(owners):
    return forms.ModelChoiceField(queryset=owners, label=gettext_lazy("Organisation"), empty_label=None,
                                  error_messages={"required": gettext_lazy("Välj organisation."),
                                                  "invalid_choice": gettext_lazy("Välj en av dina organisationer.")})


class EffortAreaForm(forms.ModelForm):
    class Meta:
        model = EffortArea
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": gettext_lazy("Ge insatsområdet ett namn.")}}

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"] = _owner_field(owners)
            self.order_fields(["owner", "name", "description"])

    def validate_unique(self):  # the service says it in Swedish, by the name
        pass

    def _post_clean(self):  # the model is validated in the service, with its owner set
        pass


class FollowupProjectForm(forms.ModelForm):
    class Meta:
        model = FollowupProject
        fields = ["name", "funder", "starts_on", "ends_on", "budget_sek", "effort_area"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "name": {"required": gettext_lazy("Ge projektet ett namn.")},
            "starts_on": {"required": gettext_lazy("Ange när projektet startar."),
                          "invalid": gettext_lazy("Skriv datumet som ÅÅÅÅ-MM-DD.")},
            "ends_on": {"required": gettext_lazy("Ange när projektet slutar."),
                        "invalid": gettext_lazy("Skriv datumet som ÅÅÅÅ-MM-DD.")},
            "budget_sek": {"invalid": gettext_lazy("Skriv budgeten i hela kronor, t.ex. 250000.")},
        }

    def __init__(self, *args, owners=None, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"] = _owner_field(owners)
            self.order_fields(["owner", *self.Meta.fields])
        self.fields["effort_area"].queryset = areas if areas is not None else EffortArea.objects.none()
        self.fields["effort_area"].error_messages["invalid_choice"] = gettext_lazy(
            "Välj bland organisationens egna insatsområden.")

    def validate_unique(self):
        pass

    def _post_clean(self):
        # The model's own clean (dates, the area's owner) runs in the service, with the owner set.
        pass


def owners_for(user):
    from competence.permissions import owner_ids_for_user
    from municipalities.permissions import is_platform_admin

    if is_platform_admin(user):
        return PlatformOwner.objects.all()
    return PlatformOwner.objects.filter(pk__in=owner_ids_for_user(user))
