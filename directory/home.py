"""The directory's search box on a municipality's home page: a plain GET form to the company list."""
from django.template.loader import render_to_string


def directory_search_home_section(request, municipality):
    # Rendered without the request, like the SOT section: nothing in it is per visitor, so the
    # home page stays shareable by the page cache.
    return render_to_string("directory/includes/home_search.html", {"municipality": municipality})
