"""View helpers every app on a municipality's site shares, and the accessibility statement."""
import datetime

from django.http import Http404
from django.views.generic import TemplateView

# The accessibility statement's dates (DIGG asks for both). Move them when the site is assessed
# again or the statement changes, and update the list of known shortcomings in the template.
ACCESSIBILITY_ASSESSED_ON = datetime.date(2026, 12, 2)
ACCESSIBILITY_STATEMENT_UPDATED_ON = datetime.date(2026, 12, 2)
# DIGG's own address for complaints, the one its guidance tells statements to link to
# (https://www.digg.se/kunskap-och-stod/digital-tillganglighet/skapa-en-tillganglighetsredogorelse).
DIGG_COMPLAINT_URL = "https://www.digg.se/tdosanmalan"


class MunicipalityRequiredMixin:
    """Pages that live on a municipality's host; the platform's landing host has none (404)."""

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "municipality", None) is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class AccessibilityStatementView(MunicipalityRequiredMixin, TemplateView):
    """The statement the law on accessibility to digital public services (2018:1937) requires,
    in the form DIGG describes; every municipality's site has its own, with its office's contacts."""

    template_name = "municipalities/accessibility_statement.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "assessed_on": ACCESSIBILITY_ASSESSED_ON,
            "updated_on": ACCESSIBILITY_STATEMENT_UPDATED_ON,
            "digg_complaint_url": DIGG_COMPLAINT_URL,
        }
