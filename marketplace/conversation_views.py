"""Pages for answers and conversations under /marknadsplats/konversationer/: a company answers a request or
call, the owner compares the answers and chooses one, and both sides write in their thread. Every page works
as plain forms; conversation.js adds live messages over a websocket. Thin: parse, select, call a service,
respond. Someone outside a thread, or on another municipality's host, gets a 404. The owner's answers page
also hears of answers live (consumers.ListingAnswersConsumer) and fetches each one's card from AnswerCardView."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from core.forms import add_validation_errors
from core.params import positive_int
from marketplace import conversation_selectors as selectors
from marketplace import conversation_services as services
from marketplace.conversation_forms import AnswerForm, ChooseAnswerForm, MessageForm
from marketplace.live import ANSWER_EVENTS, ANSWER_NEW, ANSWER_WITHDRAWN
from marketplace.permissions import can_view_answers, can_view_listing, can_withdraw_answer
from municipalities.views import MunicipalityRequiredMixin


class _SignedInMunicipalityView(LoginRequiredMixin, MunicipalityRequiredMixin, TemplateView):
    pass


class ConversationListView(_SignedInMunicipalityView):
    """The signed-in user's threads in this municipality, each with its unread count."""

    template_name = "marketplace/conversations/conversation_list.html"

    def get_context_data(self, **kwargs):
        conversations = list(selectors.conversation_list_for_user(municipality=self.request.municipality,
                                                                  user=self.request.user))
        return {**super().get_context_data(**kwargs), "conversations": conversations,
                "unread_total": selectors.unread_total(user=self.request.user)}


class ConversationDetailView(_SignedInMunicipalityView):
    """One thread and the reply form. Opening the page marks the thread read."""

    template_name = "marketplace/conversations/conversation_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "municipality", None) is not None:
            self.conversation = selectors.conversation_get_for_participant(
                municipality=request.municipality, user=request.user, conversation_id=kwargs["pk"])
            if self.conversation is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        services.conversation_mark_read(actor=request.user, conversation=self.conversation)
        return self.render_to_response(self.get_context_data(form=MessageForm()))

    def post(self, request, *args, **kwargs):
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.message_post(actor=request.user, conversation=self.conversation,
                                      body=form.cleaned_data["body"])
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                services.conversation_mark_read(actor=request.user, conversation=self.conversation)
                messages.success(request, _("Meddelandet är skickat."))
                return redirect(reverse("marketplace_conversations:conversation-detail",
                                        args=[self.conversation.pk]) + "#senaste")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        conversation = self.conversation
        listing = conversation.listing
        return {**super().get_context_data(**kwargs), "conversation": conversation, "listing": listing,
                "thread": selectors.message_list(conversation=conversation),
                "answer": selectors.answer_get_for_company(listing=listing, company=conversation.company),
                "owner_side": can_view_answers(self.request.user, listing),
                "unread_total": selectors.unread_total(user=self.request.user),
                "ws_path": f"/ws/marknadsplats/konversation/{conversation.pk}/"}


class AnswerCreateView(_SignedInMunicipalityView):
    """A company's answer to a request or call: write it, change it while the listing is open, or take it back."""

    template_name = "marketplace/conversations/answer_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "municipality", None) is not None:
            self.listing = selectors.listing_get_answerable(municipality=request.municipality, user=request.user,
                                                            listing_id=kwargs["listing_pk"])
            if self.listing is None:
                raise Http404
            self.companies = selectors.answering_companies(user=request.user, listing=self.listing)
        return super().dispatch(request, *args, **kwargs)

    def _answers(self) -> dict:
        return {c.pk: selectors.answer_get_for_company(listing=self.listing, company=c) for c in self.companies}

    def get(self, request, *args, **kwargs):
        initial = {}
        existing = [a for a in self._answers().values() if a and a.status != a.Status.WITHDRAWN]
        if len(self.companies) == 1 and existing:
            answer = existing[0]
            initial = {"text": answer.text, "price_amount": answer.price_amount, "price_note": answer.price_note}
        form = AnswerForm(initial=initial, companies=self.companies)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "withdraw":
            return self._withdraw(request)
        if request.POST.get("action") == "remove-attachment":
            return self._remove_attachment(request)
        form = AnswerForm(request.POST, request.FILES, companies=self.companies)
        if form.is_valid():
            company = next(c for c in self.companies if c.pk == form.cleaned_data["company"])
            try:
                answer = services.answer_submit(
                    actor=request.user, listing=self.listing, company=company, text=form.cleaned_data["text"],
                    price_amount=form.cleaned_data["price_amount"], price_note=form.cleaned_data["price_note"],
                    attachments=form.cleaned_data["attachments"])
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Ert svar är skickat. Köparen och ni kan skriva till varandra här."))
                conversation = selectors.conversation_for_answer(answer)
                return redirect("marketplace_conversations:conversation-detail", pk=conversation.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def _withdraw(self, request):
        answer = self._answers().get(positive_int(request.POST.get("company")))
        if answer is None or not can_withdraw_answer(request.user, answer):
            raise Http404
        try:
            services.answer_withdraw(actor=request.user, answer=answer)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Ert svar är återtaget."))
        return redirect("marketplace_conversations:answer-create", listing_pk=self.listing.pk)

    def _remove_attachment(self, request):
        attachment_id = positive_int(request.POST.get("attachment"))
        attachment = next((a for answer in self._answers().values() if answer for a in answer.attachments.all()
                           if a.pk == attachment_id), None)
        if attachment is None or not can_withdraw_answer(request.user, attachment.answer):
            raise Http404
        try:
            services.answer_remove_attachment(actor=request.user, attachment=attachment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Bilagan är borttagen från ert svar."))
        return redirect("marketplace_conversations:answer-create", listing_pk=self.listing.pk)

    def get_context_data(self, **kwargs):
        answers = [a for a in self._answers().values() if a]
        for answer in answers:
            answer.conversation = selectors.conversation_for_answer(answer)
        return {**super().get_context_data(**kwargs), "listing": self.listing, "companies": self.companies,
                "closed_reason": services.open_for_answers_error(self.listing), "my_answers": answers,
                "is_owner": can_view_answers(self.request.user, self.listing)}


class AnswerListView(_SignedInMunicipalityView):
    """The owner's comparison of the answers to a request or call, with "Välj detta svar"."""

    template_name = "marketplace/conversations/answer_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "municipality", None) is not None:
            self.listing = selectors.listing_get_for_owner(municipality=request.municipality,
                                                           listing_id=kwargs["listing_pk"])
            if self.listing is None or not can_view_listing(request.user, self.listing):
                raise Http404
            if not can_view_answers(request.user, self.listing):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ChooseAnswerForm()))

    def post(self, request, *args, **kwargs):
        answer_id = positive_int(request.POST.get("answer"))
        answer = answer_id and selectors.answer_get_for_listing(listing=self.listing, answer_id=answer_id)
        if not answer:
            raise Http404
        form = ChooseAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_choose(actor=request.user, answer=answer,
                                       awarded_value=form.cleaned_data["awarded_value"])
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Ni har valt svaret från %(company)s.")
                                 % {"company": answer.company.display_name})
                return redirect("marketplace_conversations:answer-list", listing_pk=self.listing.pk)
        return self.render_to_response(self.get_context_data(form=form, failed_answer=answer.pk), status=400)

    def get_context_data(self, **kwargs):
        answers = list(selectors.answer_list_for_listing(listing=self.listing))
        for answer in answers:
            answer.conversation = selectors.conversation_for_answer(answer)
        decided = any(a.status == a.Status.CHOSEN for a in answers)
        return {**super().get_context_data(**kwargs), "listing": self.listing, "answers": answers,
                "decided": decided, "unread_total": selectors.unread_total(user=self.request.user),
                "ws_answers_path": f"/ws/marknadsplats/svar/{self.listing.pk}/"}


@method_decorator(never_cache, name="dispatch")
class AnswerCardView(_SignedInMunicipalityView):
    """A small HTML fragment for the owner's open answers page: one sentence for its live region ("Nytt svar
    från …") and the answer's card (none once withdrawn). Asked by conversation.js when the socket says an
    answer arrived, changed or was withdrawn; only the listing owner's own people get it (else a 404), as
    only they may open the socket."""

    template_name = "marketplace/conversations/answer_card.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "municipality", None) is not None:
            self.answer = selectors.answer_get_for_card(municipality=request.municipality, user=request.user,
                                                        listing_id=kwargs["listing_pk"], answer_id=kwargs["answer_pk"])
            if self.answer is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        answer, listing = self.answer, self.answer.listing
        event = self.request.GET.get("handelse", ANSWER_NEW)
        if answer.status == answer.Status.WITHDRAWN or event not in ANSWER_EVENTS:
            event = ANSWER_WITHDRAWN if answer.status == answer.Status.WITHDRAWN else ANSWER_NEW
        answer.conversation = selectors.conversation_for_answer(answer)
        decided = selectors.answer_list_for_listing(listing=listing).filter(status=answer.Status.CHOSEN).exists()
        return {**super().get_context_data(**kwargs), "answer": answer, "listing": listing, "event": event,
                "decided": decided, "form": ChooseAnswerForm()}
