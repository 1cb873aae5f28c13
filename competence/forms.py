"""Forms for registering a competence need in two steps and for peer offers. Swedish messages next to their field."""
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competence.models import (
    SSYK_CODE,
    CompanyPeerOffer,
    Constraint,
    Horizon,
    LearningForm,
    NeedKind,
    NeedStatus,
)
from competence.reference import ssyk_choices, ssyk_groups
from core.forms import add_validation_errors

NONE_OF_THESE = "none"


class NeedDescribeForm(forms.Form):
    """Step 1: the need in the company's own words, nothing else."""

    description = forms.CharField(
        label=gettext_lazy("Beskriv behovet med era egna ord"), max_length=4000, min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("T.ex. ”Vi behöver någon som kan sätta upp vår webbutik och koppla den till "
                               "kassasystemet.” Vi föreslår sedan yrke och kompetenser som ni får bekräfta."),
        error_messages={"required": gettext_lazy("Skriv några ord om vad ni behöver."),
                        "min_length": gettext_lazy("Skriv lite mer, minst %(limit_value)d tecken, så att vi kan "
                                                   "föreslå yrke och kompetenser.")})


def skill_id(suggestion) -> str:
    """The JobTech concept id of a skill suggestion (the suggester names it concept_id)."""
    return getattr(suggestion, "concept_id", None) or suggestion.id


def suggestions_payload(occupations, skills, kept_skills=()) -> str:
    """What step 2 carries between requests (a hidden field), so saving never re-runs the model.
    `kept_skills` ({"id", "label"} as a need stores them) come first, so editing a need keeps offering
    the skills it already has beside the new suggestions."""
    pairs = [[s["id"], s["label"]] for s in kept_skills]
    kept = {pair[0] for pair in pairs}
    pairs += [[skill_id(s), s.label] for s in skills if skill_id(s) not in kept]
    return json.dumps({
        "occupations": [[o.code, o.name, getattr(o, "reason", "")] for o in occupations],
        "skills": pairs,
    }, ensure_ascii=False)


def need_details_initial(text: str, occupations, skills, *, need=None) -> dict:
    """Step 2's starting values: the suggestions for the text, the first occupation and every suggested
    skill chosen. When editing a need that already states an occupation or skills, its own choices stay:
    its skills ticked (and offered even if no longer suggested) and its occupation chosen, among the
    suggestions or as "Inget av dessa" and the code in the list."""
    codes = [o.code for o in occupations]
    initial = {"description": text, "headcount": 1,
               "suggestions": suggestions_payload(occupations, skills, need.skills if need else ()),
               "occupation": codes[0] if codes else NONE_OF_THESE, "skills": [skill_id(s) for s in skills]}
    if need is None:
        return initial
    initial.update(headcount=need.headcount, kind=need.kind, horizon=need.horizon,
                   preferred_forms=list(need.preferred_forms), constraints=list(need.constraints),
                   constraints_note=need.constraints_note)
    if need.ssyk_code or need.skills:  # confirmed before: keep what the company chose
        initial["skills"] = [s["id"] for s in need.skills]
        if need.ssyk_code in codes:
            initial["occupation"] = need.ssyk_code
        else:
            initial.update(occupation=NONE_OF_THESE, other_ssyk_code=need.ssyk_code)
    return initial


def _parse_payload(raw: str) -> tuple[list, list]:
    try:
        data = json.loads(raw or "{}")
        occupations = [(str(c), str(n)[:200], str(r)[:300]) for c, n, r in data.get("occupations", [])
                       if SSYK_CODE.match(str(c))][:10]
        skills = [(str(i)[:40], str(label)[:200]) for i, label in data.get("skills", []) if i and label][:20]
    except (ValueError, TypeError, AttributeError):
        return [], []
    return occupations, skills


class NeedDetailsForm(forms.Form):
    """Step 2: confirm or change the suggested occupation and skills, and say how, when and how many."""

    description = forms.CharField(label=gettext_lazy("Behovet med era egna ord"), max_length=4000, min_length=10,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={"required": gettext_lazy("Skriv några ord om vad ni behöver.")})
    suggestions = forms.CharField(widget=forms.HiddenInput, required=False)
    occupation = forms.ChoiceField(
        label=gettext_lazy("Vilket yrke ligger närmast behovet?"), widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Välj ett av yrkena eller ”Inget av dessa”."),
                        "invalid_choice": gettext_lazy("Välj ett av yrkena i listan.")})
    other_ssyk_code = forms.ChoiceField(
        label=gettext_lazy("Annat yrke (SSYK 2012)"), required=False,
        help_text=gettext_lazy("Bara om inget av förslagen passar. Lämna tomt om ni inte vet."),
        error_messages={"invalid_choice": gettext_lazy("Välj ett yrke i listan.")})
    skills = forms.MultipleChoiceField(
        label=gettext_lazy("Vilka kompetenser behövs?"), widget=forms.CheckboxSelectMultiple, required=False,
        error_messages={"invalid_choice": gettext_lazy("Välj bland de föreslagna kompetenserna.")})
    headcount = forms.IntegerField(label=gettext_lazy("Hur många personer gäller det?"), min_value=1,
                                   max_value=999, initial=1,
                                   error_messages={"required": gettext_lazy("Ange hur många personer det gäller."),
                                                   "min_value": gettext_lazy("Minst en person."),
                                                   "max_value": gettext_lazy("Högst 999 personer."),
                                                   "invalid": gettext_lazy("Ange ett heltal, t.ex. 2.")})
    kind = forms.ChoiceField(label=gettext_lazy("Vill ni rekrytera eller utveckla dem ni har?"),
                             choices=NeedKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": gettext_lazy("Välj rekrytera eller kompetensutveckla.")})
    horizon = forms.ChoiceField(label=gettext_lazy("När behöver ni det?"), choices=Horizon.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": gettext_lazy("Välj när ni behöver det.")})
    preferred_forms = forms.MultipleChoiceField(
        label=gettext_lazy("Hur kan ni tänka er att lösa det?"), choices=LearningForm.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=gettext_lazy("Ofta räcker ett samtal med ett annat företag eller ett kort webbinarium."))
    constraints = forms.MultipleChoiceField(label=gettext_lazy("Villkor"), choices=Constraint.choices,
                                            widget=forms.CheckboxSelectMultiple, required=False)
    constraints_note = forms.CharField(label=gettext_lazy("Övrigt om villkoren"), max_length=1000, required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}),
                                       help_text=gettext_lazy("T.ex. vilken ort, eller bara kvällar."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data.get("suggestions") if self.is_bound else self.initial.get("suggestions", "")
        self.suggested_occupations, self.suggested_skills = _parse_payload(raw)
        self.fields["occupation"].choices = [
            # The reason already names the group ("Yrkesgrupp 2512 …, närmast yrket …"); saying it twice
            # made each choice three lines long on a phone.
            (code, reason or f"{code} {name}")
            for code, name, reason in self.suggested_occupations
        ] + [(NONE_OF_THESE, _("Inget av dessa"))]
        self.fields["skills"].choices = list(self.suggested_skills)
        # A plain select of the 429 groups: searchable with the browser's type-ahead, no JavaScript needed.
        self.fields["other_ssyk_code"].choices = [("", _("Välj yrke"))] + ssyk_choices()

    def clean(self):
        data = super().clean()
        if data.get("occupation") not in (None, NONE_OF_THESE) and data.get("other_ssyk_code"):
            self.add_error("other_ssyk_code", _("Välj antingen ett av förslagen ovan eller ”Inget av dessa” och "
                                                "ett yrke här."))
        return data

    def add_service_errors(self, error) -> None:
        """A service's ValidationError next to the field the company chose it in: the occupation's code
        by the radios or by the list, the skills by their checkboxes."""
        if hasattr(error, "error_dict"):
            occupation = "other_ssyk_code" if self.cleaned_data.get("occupation") == NONE_OF_THESE else "occupation"
            fields = {"ssyk_code": occupation, "ssyk_name": occupation}
            error = ValidationError({fields.get(name, name): errors for name, errors in error.error_dict.items()})
        add_validation_errors(self, error)

    def need_data(self) -> dict:
        """The service's keyword arguments from the cleaned form."""
        data = self.cleaned_data
        # The name comes from the reference list, not from the posted suggestions.
        ssyk_code = data.get("other_ssyk_code", "") if data["occupation"] == NONE_OF_THESE else data["occupation"]
        ssyk_name = ssyk_groups().get(ssyk_code, "")
        labels = dict(self.suggested_skills)
        return {
            "description": data["description"], "ssyk_code": ssyk_code, "ssyk_name": ssyk_name,
            "skills": [{"id": s, "label": labels[s]} for s in data["skills"]], "headcount": data["headcount"],
            "kind": data["kind"], "horizon": data["horizon"], "preferred_forms": data["preferred_forms"],
            "constraints": data["constraints"], "constraints_note": data["constraints_note"],
        }


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Ny status"), widget=forms.RadioSelect,
                               error_messages={"required": gettext_lazy("Välj en ny status."),
                                               "invalid_choice": gettext_lazy("Den statusen går inte att välja nu.")})
    note = forms.CharField(label=gettext_lazy("Kommentar"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=gettext_lazy("T.ex. vem som hjälpte er eller varför behovet inte längre finns."))

    def __init__(self, *args, need, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(NeedStatus.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in need.next_statuses]


class PeerOfferForm(forms.ModelForm):
    class Meta:
        model = CompanyPeerOffer
        fields = ["kind", "title", "description"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "kind": {"required": gettext_lazy("Välj vad ni erbjuder.")},
            "title": {"required": gettext_lazy("Skriv en kort rubrik.")},
            "description": {"required": gettext_lazy("Beskriv vad ni erbjuder.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(CompanyPeerOffer.Kind.choices)  # no empty "---------" radio


class MaturityForm(forms.Form):
    """The digital maturity questionnaire as plain radio groups and checkbox lists, grouped by dimension.
    Every question is answered; the service says which answer is missing, next to its question, and the
    bound form keeps every other answer."""

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        for question in questionnaire.questions.values():
            choices = [(o.value, o.label) for o in question.options]
            if question.kind == "scale":
                field = forms.ChoiceField(label=question.text, choices=choices, widget=forms.RadioSelect,
                                          required=False, error_messages={
                                              "invalid_choice": gettext_lazy("Välj ett av svaren i listan.")})
            else:
                field = forms.MultipleChoiceField(label=question.text, choices=choices,
                                                  widget=forms.CheckboxSelectMultiple, required=False,
                                                  error_messages={"invalid_choice": gettext_lazy(
                                                      "Välj bland alternativen i listan.")})
            self.fields[question.key] = field

    def groups(self) -> list[tuple[object, list]]:
        """(dimension, its bound fields) in the questionnaire's order."""
        return [(d, [self[q.key] for q in d.questions]) for d in self.questionnaire.dimensions]

    def answers(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items()}
