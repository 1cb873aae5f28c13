"""A company's own competence pages under /foretag/<slug>/kompetens/. Work without JavaScript.
Thin: parse, select, call a service, respond."""
import logging

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from competence import maturity_selectors, maturity_services, selectors, services
from competence.forms import (
    NONE_OF_THESE,
    MaturityForm,
    NeedDescribeForm,
    NeedDetailsForm,
    NeedStatusForm,
    PeerOfferForm,
    need_details_initial,
    suggestions_payload,
)
from competence.maturity_questionnaire import questionnaire
from competence.permissions import (
    can_assess_maturity,
    can_edit_competence_needs,
    can_edit_peer_offers,
    can_mark_match,
    can_view_competence_needs,
    can_view_maturity,
    can_view_peer_offers,
)
from core.forms import add_validation_errors
from core.params import positive_int
from directory import selectors as directory_selectors
from municipalities.views import MunicipalityRequiredMixin
from reporting.charts import Bar, bar_chart

logger = logging.getLogger(__name__)


class CompanyCompetenceMixin(LoginRequiredMixin, MunicipalityRequiredMixin):
    """Needs are private to the company, its municipality's office and advisors of the platform owners the
    company consents to share with (`can_view_competence_needs`): anyone else gets a 404, as if the pages
    did not exist (a company's needs must not be probed by URL). Those who may see but not write (the
    office, advisors) get a 403 on writes."""

    view_permission = staticmethod(can_view_competence_needs)
    edit_permission = staticmethod(can_edit_competence_needs)
    edit_on_get = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "municipality", None) is not None:
            self.company = directory_selectors.company_get(municipality=request.municipality, slug=kwargs["slug"])
            if self.company is None or not self.view_permission(request.user, self.company):
                raise Http404
            self.can_edit = self.edit_permission(request.user, self.company)
            if not self.can_edit and (self.edit_on_get or request.method == "POST"):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "company": self.company, "can_edit": self.can_edit}


class NeedListView(CompanyCompetenceMixin, TemplateView):
    template_name = "competence/need_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "needs": selectors.need_list_for_company(company=self.company),
                "can_view_maturity": can_view_maturity(self.request.user, self.company)}


def _suggest(text: str):
    """(occupations, skills, pending): the suggestions for a text, or none while the suggester is still
    being prepared in the background (a new machine computes its reference embeddings once, in
    minutes): registering a need never waits for the model."""
    from competence.suggestions import prepare_in_background, suggest_occupations, suggest_skills, suggestions_ready

    if not suggestions_ready():
        prepare_in_background()
        return [], [], True
    return suggest_occupations(text, limit=3), suggest_skills(text, limit=5), False


class NeedRegisterView(CompanyCompetenceMixin, TemplateView):
    """Two steps in plain forms: (1) the need in the company's words; (2) confirm the suggested
    occupation and skills and add the structured fields; then save."""

    template_name = "competence/need_register.html"
    edit_on_get = True

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(describe_form=NeedDescribeForm(), step=1))

    def post(self, request, *args, **kwargs):
        if request.POST.get("step") == "save":
            form = NeedDetailsForm(request.POST)
            if form.is_valid():
                try:
                    need = services.need_register(actor=request.user, company=self.company, **form.need_data())
                except ValidationError as error:
                    form.add_service_errors(error)
                else:
                    messages.success(request, _("Behovet är registrerat."))
                    return redirect("competence:need-detail", slug=self.company.slug, need_id=need.pk)
            return self.render_to_response(self.get_context_data(details_form=form, step=2))
        describe = NeedDescribeForm(request.POST)
        if not describe.is_valid():
            return self.render_to_response(self.get_context_data(describe_form=describe, step=1))
        text = describe.cleaned_data["description"]
        occupations, skills, pending = _suggest(text)
        form = NeedDetailsForm(initial=need_details_initial(text, occupations, skills))
        return self.render_to_response(self.get_context_data(details_form=form, step=2,
                                                             suggestions_pending=pending))


class NeedMixin(CompanyCompetenceMixin):
    """One of the company's needs, by the id in the URL; a need of another company is a 404."""

    def _need(self):
        need = selectors.need_get_for_company(company=self.company, need_id=self.kwargs["need_id"])
        if need is None:
            raise Http404
        return need


class NeedDetailView(NeedMixin, TemplateView):
    template_name = "competence/need_detail.html"

    def get(self, request, *args, **kwargs):
        need = self._need()
        return self.render_to_response(self.get_context_data(need=need, status_form=NeedStatusForm(need=need)))

    def post(self, request, *args, **kwargs):
        need = self._need()
        form = NeedStatusForm(request.POST, need=need)
        if form.is_valid():
            try:
                services.need_set_status(actor=request.user, need=need, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Statusen är ändrad."))
                return redirect("competence:need-detail", slug=self.company.slug, need_id=need.pk)
        return self.render_to_response(self.get_context_data(need=need, status_form=form))

    def get_context_data(self, **kwargs):
        from competence.matching import suggest_for_need

        context = super().get_context_data(**kwargs)
        need = context["need"]
        context["history"] = selectors.need_status_history(need=need)
        context["matches"] = selectors.need_matches(need=need)
        context["can_mark_match"] = can_mark_match(self.request.user, self.company)
        context["effort_areas"], context["projects"] = selectors.owner_tags_for_advisor(
            user=self.request.user, company=self.company)
        context["suggestions"] = suggest_for_need(need, limit=5) if need.status not in ("met", "dropped") else []
        return context


class NeedEditView(NeedMixin, TemplateView):
    """The company confirms or changes a need in one plain form, the registration's second step: the
    suggestions for the need's current text (radios and checkboxes) beside what it already states. A
    need found in a needs conversation arrives without occupation or skills and is confirmed here.
    "Föreslå igen" suggests anew for a changed text, keeping everything else the company filled in."""

    template_name = "competence/need_edit.html"
    edit_on_get = True

    def get(self, request, *args, **kwargs):
        need = self._need()
        occupations, skills, pending = _suggest(need.description)
        form = NeedDetailsForm(initial=need_details_initial(need.description, occupations, skills, need=need))
        return self.render_to_response(self.get_context_data(need=need, form=form, suggestions_pending=pending))

    def post(self, request, *args, **kwargs):
        need = self._need()
        if request.POST.get("action") == "suggest":
            return self._suggest_again(need)
        form = NeedDetailsForm(request.POST)
        if form.is_valid():
            try:
                services.need_update(actor=request.user, need=need, **form.need_data())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Behovet är ändrat."))
                return redirect("competence:need-detail", slug=self.company.slug, need_id=need.pk)
        return self.render_to_response(self.get_context_data(need=need, form=form))

    def _suggest_again(self, need):
        """New suggestions for the posted text; the posted answers stay, and the ticked skills stay offered."""
        request_data = self.request.POST
        posted = NeedDetailsForm(request_data)
        text = (request_data.get("description") or "").strip()
        occupations, skills, pending = _suggest(text)
        labels = dict(posted.suggested_skills)
        ticked = [{"id": i, "label": labels[i]} for i in request_data.getlist("skills") if i in labels]
        initial = need_details_initial(text, occupations, skills)
        initial.update({name: request_data.get(name) for name in ("headcount", "kind", "horizon",
                                                                   "constraints_note", "other_ssyk_code")})
        initial.update(preferred_forms=request_data.getlist("preferred_forms"),
                       constraints=request_data.getlist("constraints"),
                       skills=[s["id"] for s in ticked] + [s for s in initial["skills"]
                                                           if s not in {t["id"] for t in ticked}],
                       suggestions=suggestions_payload(occupations, skills, ticked))
        if request_data.get("other_ssyk_code"):
            initial["occupation"] = NONE_OF_THESE
        form = NeedDetailsForm(initial=initial)
        return self.render_to_response(self.get_context_data(need=need, form=form, suggestions_pending=pending,
                                                             suggested_again=True))


class NeedMatchView(CompanyCompetenceMixin, View):
    """"Markera som matchning": a plain form per suggestion on the need's page posts here. Those who may
    see the need but not mark a match (the office's moderators) get a 403; anyone else a 404."""

    edit_permission = staticmethod(can_mark_match)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        need = selectors.need_get_for_company(company=self.company, need_id=kwargs["need_id"])
        if need is None:
            raise Http404
        offer = peer_offer = None
        areas, projects = selectors.owner_tags_for_advisor(user=request.user, company=self.company)
        effort_area = _chosen(areas, request.POST.get("effort_area"))
        project = _chosen(projects, request.POST.get("project"))
        if (offer_id := positive_int(request.POST.get("offer"))) is not None:
            offer = selectors.offer_get(offer_id=offer_id)
        elif (peer_id := positive_int(request.POST.get("peer_offer"))) is not None:
            peer_offer = selectors.peer_offer_get_in_municipality(need=need, offer_id=peer_id)
        try:
            services.need_match_create(actor=request.user, need=need, offer=offer, peer_offer=peer_offer,
                                       effort_area=effort_area, project=project)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Matchningen är sparad."))
        return redirect("competence:need-detail", slug=self.company.slug, need_id=need.pk)


def _chosen(queryset, raw):
    """The tag with the posted id among the advisor's own owner's tags; anything else means none."""
    pk = positive_int(raw)
    return None if pk is None else queryset.filter(pk=pk).first()


class PeerOfferListView(CompanyCompetenceMixin, TemplateView):
    """What the company offers other companies, and a form to add an offer."""

    template_name = "competence/peer_offer_list.html"
    view_permission = staticmethod(can_view_peer_offers)
    edit_permission = staticmethod(can_edit_peer_offers)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=PeerOfferForm()))

    def post(self, request, *args, **kwargs):
        form = PeerOfferForm(request.POST)
        if form.is_valid():
            try:
                services.peer_offer_create(actor=request.user, company=self.company, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Erbjudandet är sparat."))
                return redirect("competence:peer-offer-list", slug=self.company.slug)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "offers": selectors.peer_offer_list_for_company(company=self.company)}


class PeerOfferDetailView(CompanyCompetenceMixin, TemplateView):
    """Change or withdraw one offer."""

    template_name = "competence/peer_offer_detail.html"
    view_permission = staticmethod(can_view_peer_offers)
    edit_permission = staticmethod(can_edit_peer_offers)

    def _offer(self):
        offer = selectors.peer_offer_get_for_company(company=self.company, offer_id=self.kwargs["offer_id"])
        if offer is None:
            raise Http404
        return offer

    def get(self, request, *args, **kwargs):
        offer = self._offer()
        return self.render_to_response(self.get_context_data(offer=offer, form=PeerOfferForm(instance=offer)))

    def post(self, request, *args, **kwargs):
        offer = self._offer()
        if request.POST.get("action") == "withdraw":
            services.peer_offer_withdraw(actor=request.user, offer=offer)
            messages.success(request, _("Erbjudandet är tillbakadraget."))
            return redirect("competence:peer-offer-list", slug=self.company.slug)
        # Bind to a fresh unsaved form so a failed validation does not alter the stored offer.
        form = PeerOfferForm(request.POST)
        if form.is_valid():
            try:
                services.peer_offer_update(actor=request.user, offer=offer, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Erbjudandet är uppdaterat."))
                return redirect("competence:peer-offer-list", slug=self.company.slug)
        return self.render_to_response(self.get_context_data(offer=offer, form=form))


class MaturityMixin(CompanyCompetenceMixin):
    """A company's digital maturity: its members assess; its office reads; everyone else gets a 404."""

    view_permission = staticmethod(can_view_maturity)
    edit_permission = staticmethod(can_assess_maturity)


class MaturityResultView(MaturityMixin, TemplateView):
    """Each round (T0, T1, …) per dimension, the change since T0 and the municipality's and industry's
    medians: an SVG bar chart and the same figures in a table."""

    template_name = "competence/maturity_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rounds = maturity_selectors.assessment_rounds(company=self.company)
        municipality = maturity_selectors.municipality_median(company=self.company)
        industry = maturity_selectors.industry_median(company=self.company)
        form = questionnaire()
        dimensions = [(d.key, d.title) for d in form.dimensions]
        series = [(r.label, r.scores) for r in rounds]
        # Short names beside the bars; the table's headings carry the full ones.
        series += [(_("Kommunen"), municipality.medians), (_("Branschen"), industry.medians)]
        chart = bar_chart(
            title=_("Poäng per område, 0–100"),
            description=_("Stapeldiagram med företagets poäng per område för varje mätning (%(n)s st.), medianen "
                          "för företagen i kommunen och medianen för företagen i samma bransch. Samma siffror "
                          "finns i tabellen nedan.") % {"n": len(rounds)},
            bars=[Bar(title, tuple((values or {}).get(key) for _name, values in series)) for key, title in dimensions],
            series=[name for name, _values in series], hidden_text=maturity_selectors.TOO_FEW,
            chart_id="maturity-chart", max_value=100, decimals=0, series_beside=True, width=360) if rounds else None
        table_rows = [{"title": title, "rounds": [r.scores[key] for r in rounds],
                       "municipality": (municipality.medians or {}).get(key),
                       "industry": (industry.medians or {}).get(key)} for key, title in dimensions]
        table_rows.append({"title": _("Sammanvägt"), "rounds": [r.overall for r in rounds],
                           "municipality": (municipality.medians or {}).get("overall"),
                           "industry": (industry.medians or {}).get("overall"), "overall": True})
        changes = maturity_selectors.change_since_first(rounds)
        for row, change in zip(table_rows, changes):
            row["change"] = change.change
        context.update(rounds=rounds, latest=rounds[-1] if rounds else None, changes=changes,
                       municipality_median=municipality, industry_median=industry, dimensions=dimensions,
                       chart=chart, table_rows=table_rows, too_few=maturity_selectors.TOO_FEW)
        return context


class MaturityAssessView(MaturityMixin, TemplateView):
    """The questionnaire as one plain form, grouped by dimension; saving stores the company's next round."""

    template_name = "competence/maturity_assess.html"
    edit_on_get = True

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=MaturityForm(questionnaire=questionnaire())))

    def post(self, request, *args, **kwargs):
        form = MaturityForm(request.POST, questionnaire=questionnaire())
        if form.is_valid():
            try:
                assessment = maturity_services.assessment_submit(actor=request.user, company=self.company,
                                                                 answers=form.answers())
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Mätningen %(label)s är sparad.") % {"label": assessment.label})
                return redirect("competence:maturity", slug=self.company.slug)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["questionnaire"] = questionnaire()
        context["next_label"] = f"T{len(maturity_selectors.assessment_rounds(company=self.company))}"
        return context
