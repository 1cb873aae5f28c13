"""Sets request.municipality from the Wagtail Site that answers the request's host."""
from wagtail.models import Site

from municipalities.selectors import municipality_get_for_site


class MunicipalityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # None on the platform's own landing host and on unknown hosts.
        request.municipality = municipality_get_for_site(Site.find_for_request(request))
        return self.get_response(request)
