"""During a disruption the municipality's home page leads with the SOT list."""
from django.template.loader import render_to_string

from sot_points.views import listing_context, live_context


def sot_home_section(request, municipality):
    context = listing_context(request)
    if context["listing"].disruption is None:
        return None
    # Rendered without the request: the section needs no context processor, and running them all
    # again inside the home page would repeat their queries.
    context.update(live_context(request), municipality=municipality)
    return render_to_string("sot_points/includes/sot_section.html", context)
