"""A company's sharing consent and its needs conversations, under /foretag/<slug>/kompetens/, and an
advisor's own overview of conversations on the municipality host. Plain forms, no JavaScript. Thin."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from competence import conversation_selectors as selectors
from competence.consent_services import consent_give, consent_withdraw
from competence.conversation_forms import ConversationForm, NeedFoundFormSet
from competence.conversation_services import (
    conversation_record,
    conversation_update,
    may_record_for_office,
    recording_owner_choices,
)
from competence.permissions import (
    advisor_owner_ids,
    can_edit_conversation,
    can_manage_sharing_consent,
    can_record_conversation,
    can_view_company_conversations,
    can_view_competence_needs,
    can_view_conversation,
    can_view_sharing_consent,
    is_office_staff,
)
from competence.views import CompanyCompetenceMixin
from core.forms import add_validation_errors
from core.params import positive_int, text_param
from directory import selectors as directory_selectors
from directory.permissions import is_company_member
from municipalities.views import MunicipalityRequiredMixin


class SharingConsentView(CompanyCompetenceMixin, TemplateView):
    """Which platform owners the company shares its individual needs with: give, withdraw, and the dated
    history. Company members write; the office reads; everyone else gets a 404."""

    template_name = "competence/sharing_consent.html"
    view_permission = staticmethod(can_view_sharing_consent)
    edit_permission = staticmethod(can_manage_sharing_consent)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "give":
                owner_id = positive_int(request.POST.get("owner"))
                owner = owner_id and selectors.granted_owner_get(company=self.company, owner_id=owner_id)
                if not owner:
                    raise ValidationError(_("Välj en organisation i listan."))
                consent_give(actor=request.user, company=self.company, owner=owner)
                messages.success(request, _("Ni delar nu era behov med %(owner)s.") % {"owner": owner.name})
            elif action == "withdraw":
                consent_id = positive_int(request.POST.get("consent"))
                consent = consent_id and selectors.consent_get_for_company(company=self.company, consent_id=consent_id)
                if not consent:
                    raise ValidationError(_("Samtycket finns inte."))
                consent_withdraw(actor=request.user, consent=consent)
                messages.success(request, _("Samtycket är återkallat. %(owner)s ser inte längre era enskilda "
                                            "behov.") % {"owner": consent.owner.name})
            else:
                raise ValidationError(_("Välj att dela eller att återkalla."))
        except ValidationError as error:
            context = self.get_context_data(errors=error.messages)
            return self.render_to_response(context, status=400)
        return redirect("competence:sharing-consent", slug=self.company.slug)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "owners": selectors.consent_owners_for_company(company=self.company),
                "history": selectors.consent_history_for_company(company=self.company)}


def _sees_all_conversations(user, company) -> bool:
    return is_company_member(user, company) or is_office_staff(user, company.municipality)


class ConversationListView(CompanyCompetenceMixin, TemplateView):
    """The company's needs conversations. The company and its office see all; an advisor sees only the
    records of its own organisations."""

    template_name = "competence/conversation_list.html"
    view_permission = staticmethod(can_view_company_conversations)
    edit_permission = staticmethod(can_record_conversation)

    def post(self, request, *args, **kwargs):
        raise PermissionDenied

    def get_context_data(self, **kwargs):
        user = self.request.user
        owner_ids = (None if _sees_all_conversations(user, self.company)
                     else advisor_owner_ids(user, self.company.municipality))
        return {**super().get_context_data(**kwargs),
                "conversations": selectors.conversation_list_for_company(company=self.company, owner_ids=owner_ids)}


def _apply_errors(form, formset, error: ValidationError) -> None:
    """A service error next to its field: "needs-<n>-<field>" on the n-th need row, the rest on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        if key.startswith("needs-"):
            _prefix, index, *field = key.split("-", 2)
            row = formset.forms[int(index)]
            name = field[0] if field else None
            row.add_error(name if name in row.fields else None, errors)
        else:
            add_validation_errors(form, ValidationError({key: errors}))


class ConversationRecordView(CompanyCompetenceMixin, TemplateView):
    """An advisor (or the office) records a conversation and the needs found in it."""

    template_name = "competence/conversation_form.html"
    view_permission = staticmethod(can_view_company_conversations)
    edit_permission = staticmethod(can_record_conversation)
    edit_on_get = True

    def _forms(self, data=None):
        user = self.request.user
        form = ConversationForm(data, owners=recording_owner_choices(user, self.company),
                                office=may_record_for_office(user, self.company))
        return form, NeedFoundFormSet(data, prefix="needs")

    def get(self, request, *args, **kwargs):
        form, formset = self._forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request, *args, **kwargs):
        form, formset = self._forms(request.POST)
        if form.is_valid() and formset.is_valid():
            needs = [row.cleaned_data for row in formset.forms if row.has_changed() and row.cleaned_data]
            try:
                conversation = conversation_record(
                    actor=request.user, company=self.company, owner=form.chosen_owner(), needs=needs,
                    no_needs=form.cleaned_data.get("no_needs", False), **form.conversation_data())
            except ValidationError as error:
                _apply_errors(form, formset, error)
            else:
                messages.success(request, _("Samtalet är registrerat."))
                return redirect("competence:conversation-detail", slug=self.company.slug,
                                conversation_id=conversation.pk)
        return self.render_to_response(self.get_context_data(form=form, formset=formset), status=400)


class ConversationDetailView(CompanyCompetenceMixin, TemplateView):
    """One conversation and the needs found in it; the recording organisation's advisors and the office
    correct it here. Visible per `can_view_conversation`; anyone else gets a 404."""

    template_name = "competence/conversation_detail.html"
    view_permission = staticmethod(lambda user, company: True)  # decided per record below
    edit_permission = staticmethod(lambda user, company: True)

    def dispatch(self, request, *args, **kwargs):
        self.conversation = None
        if request.user.is_authenticated and getattr(request, "municipality", None) is not None:
            company = directory_selectors.company_get(municipality=request.municipality, slug=kwargs["slug"])
            conversation = company and selectors.conversation_get_for_company(
                company=company, conversation_id=kwargs["conversation_id"])
            if not conversation or not can_view_conversation(request.user, conversation):
                raise Http404
            self.conversation = conversation
            if request.method == "POST" and not can_edit_conversation(request.user, conversation):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None):
        conversation = self.conversation
        owners = [conversation.owner] if conversation.owner_id else []
        initial = {name: getattr(conversation, name) for name in
                   ("held_on", "participants", "summary", "next_step", "follow_up_on", "effort_area", "project")}
        return ConversationForm(data, initial=initial, owners=owners, with_owner=False)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                conversation_update(actor=request.user, conversation=self.conversation, **form.conversation_data())
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Samtalet är uppdaterat."))
                return redirect("competence:conversation-detail", slug=self.company.slug,
                                conversation_id=self.conversation.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {**super().get_context_data(**kwargs), "conversation": self.conversation,
                "needs": selectors.needs_found_in(conversation=self.conversation),
                "can_edit": can_edit_conversation(user, self.conversation),
                "links_to_needs": can_view_competence_needs(user, self.company)}


class AdvisorConversationsView(LoginRequiredMixin, MunicipalityRequiredMixin, TemplateView):
    """/kompetens/samtal/ on a municipality host: an advisor's organisations' conversations in this
    municipality (the office: all of them), follow-ups due first. E-mail reminders are not sent (yet)."""

    template_name = "competence/advisor_conversations.html"

    def dispatch(self, request, *args, **kwargs):
        municipality = getattr(request, "municipality", None)
        if request.user.is_authenticated and municipality is not None:
            self.owner_ids = None if is_office_staff(request.user, municipality) else advisor_owner_ids(
                request.user, municipality)
            if self.owner_ids is not None and not self.owner_ids:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # "Nytt samtal med …": a plain GET form that picks the company, then the company's record page.
        slug = text_param(request.GET, "foretag", max_length=200)
        if slug:
            company = directory_selectors.company_get_published(municipality=request.municipality, slug=slug)
            if company is not None and can_record_conversation(request.user, company):
                return redirect("competence:conversation-record", slug=company.slug)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        municipality = self.request.municipality
        return {**super().get_context_data(**kwargs), "today": timezone.localdate(),
                "companies": directory_selectors.company_list_published(municipality_ids=[municipality.pk])
                .order_by("legal_name"),
                "conversations": selectors.conversation_overview(municipality=municipality,
                                                                 owner_ids=self.owner_ids)}
