"""Forms for recording and correcting a needs conversation. Plain fields, no JavaScript: the needs found
are a fixed number of repeated rows (a formset); empty rows are ignored."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competence.models import EffortArea, FollowupProject, Horizon, NeedKind

OFFICE = "office"  # the owner choice meaning "the municipality's business office"


class _OwnedChoiceField(forms.ModelChoiceField):
    """An area or project, named with its organisation when the advisor belongs to several."""

    def __init__(self, *args, show_owner=False, **kwargs):
        self.show_owner = show_owner
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.owner.name}: {obj.name}" if self.show_owner else obj.name


class ConversationForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Datum för samtalet"), widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"required": gettext_lazy("Ange när samtalet hölls."),
                                              "invalid": gettext_lazy("Skriv datumet som ÅÅÅÅ-MM-DD.")})
    participants = forms.CharField(label=gettext_lazy("Deltagare"), max_length=1000,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=gettext_lazy("Namn och roll, t.ex. ”Anna Nilsson, vd”."),
                                   error_messages={"required": gettext_lazy("Skriv vilka som deltog.")})
    summary = forms.CharField(label=gettext_lazy("Sammanfattning"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    next_step = forms.CharField(label=gettext_lazy("Överenskommet nästa steg"), max_length=2000, required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_on = forms.DateField(label=gettext_lazy("Uppföljning"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=gettext_lazy("När ni ska höra av er igen."),
                                   error_messages={"invalid": gettext_lazy("Skriv datumet som ÅÅÅÅ-MM-DD.")})
    owner = forms.ChoiceField(label=gettext_lazy("Organisation"), required=False,
                              help_text=gettext_lazy("Vilken organisation ni höll samtalet för."))
    effort_area = _OwnedChoiceField(label=gettext_lazy("Insatsområde"), queryset=EffortArea.objects.none(),
                                    required=False, empty_label=gettext_lazy("Inget"),
                                    error_messages={"invalid_choice": gettext_lazy("Välj ett insatsområde i listan.")})
    project = _OwnedChoiceField(label=gettext_lazy("Projekt"), queryset=FollowupProject.objects.none(),
                                required=False, empty_label=gettext_lazy("Inget"),
                                error_messages={"invalid_choice": gettext_lazy("Välj ett projekt i listan.")})

    no_needs = forms.BooleanField(label=gettext_lazy("Samtalet hittade inga behov"), required=False,
                                  help_text=gettext_lazy("Kryssa bara i om inga behov kom fram."))

    def __init__(self, *args, owners=(), office=False, with_owner=True, **kwargs):
        super().__init__(*args, **kwargs)
        owners = list(owners)
        owner_ids = [o.pk for o in owners]
        several = len(owners) > 1
        self.fields["effort_area"] = _OwnedChoiceField(
            label=self.fields["effort_area"].label, required=False, empty_label=_("Inget"),
            queryset=EffortArea.objects.filter(owner_id__in=owner_ids).select_related("owner").order_by("owner__name", "name"),
            show_owner=several, error_messages=self.fields["effort_area"].error_messages)
        self.fields["project"] = _OwnedChoiceField(
            label=self.fields["project"].label, required=False, empty_label=_("Inget"),
            queryset=FollowupProject.objects.filter(owner_id__in=owner_ids).select_related("owner").order_by("owner__name", "name"),
            show_owner=several, error_messages=self.fields["project"].error_messages)
        if not self.fields["effort_area"].queryset.exists():
            del self.fields["effort_area"]
        if not self.fields["project"].queryset.exists():
            del self.fields["project"]
        self.owners = {str(o.pk): o for o in owners}
        choices = ([(OFFICE, _("Kommunens näringslivskontor"))] if office else []) + [
            (str(o.pk), o.name) for o in owners]
        if with_owner and len(choices) > 1:
            self.fields["owner"].choices = choices
            self.fields["owner"].required = True
            self.fields["owner"].error_messages = {
                "required": _("Välj vilken organisation ni höll samtalet för."),
                "invalid_choice": _("Välj en organisation i listan.")}
            if not office:
                self.fields["owner"].choices = [("", _("Välj organisation"))] + choices
        else:
            del self.fields["owner"]
            self.single_owner = owners[0] if (with_owner and not office and owners) else None
        if not with_owner:  # correcting a record: its organisation and needs are not changed here
            del self.fields["no_needs"]

    def conversation_data(self) -> dict:
        """The service's keyword arguments (no owner, no needs)."""
        return {name: value for name, value in self.cleaned_data.items() if name not in ("owner", "no_needs")}

    def chosen_owner(self):
        if "owner" in self.fields:
            return self.owners.get(self.cleaned_data.get("owner") or "")
        return getattr(self, "single_owner", None)


class NeedFoundForm(forms.Form):
    """One need found in the conversation, in a few words; the company adds occupation and skills later."""

    description = forms.CharField(label=gettext_lazy("Behovet"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  error_messages={"required": gettext_lazy("Beskriv behovet med några ord.")})
    kind = forms.ChoiceField(label=gettext_lazy("Rekrytera eller kompetensutveckla"), choices=NeedKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": gettext_lazy("Välj rekrytera eller kompetensutveckla.")})
    horizon = forms.ChoiceField(label=gettext_lazy("När"), choices=Horizon.choices, widget=forms.RadioSelect,
                                error_messages={"required": gettext_lazy("Välj när behovet finns.")})


NeedFoundFormSet = forms.formset_factory(NeedFoundForm, extra=3, max_num=10, validate_max=True)
