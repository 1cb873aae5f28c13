"""View helpers every app on a municipality's site shares."""
from django.http import Http404


class MunicipalityRequiredMixin:
    """Pages that live on a municipality's host; the platform's landing host has none (404)."""

    def dispatch(self, request, *args, **kwargs):
        if getattr(request, "municipality", None) is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)
