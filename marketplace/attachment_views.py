"""Downloading a listing's or an answer's PDF. The only way attachment bytes leave the database: the attachment
must belong to a listing shown on this host, and `can_download_attachment` must allow the visitor. A refusal
answers 404, so nobody learns that an id exists."""
from django.http import Http404, HttpResponse
from django.views import View

from core.params import positive_int
from marketplace import selectors
from marketplace.models import AttachmentContent
from marketplace.permissions import can_download_attachment
from municipalities.views import MunicipalityRequiredMixin


class AttachmentDownloadView(MunicipalityRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        attachment = selectors.attachment_get_on_host(municipality=request.municipality,
                                                      attachment_id=positive_int(str(kwargs["pk"])))
        if attachment is None or not can_download_attachment(request.user, attachment):
            raise Http404
        content = AttachmentContent.objects.get(attachment=attachment)
        response = HttpResponse(bytes(content.data), content_type="application/pdf")
        # Always a download, never rendered in our origin; and never kept by a shared cache.
        response["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response
