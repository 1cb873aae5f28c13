from django.conf import settings
from django.utils.safestring import mark_safe

from themes.tokens import theme_css_variables


def municipality(request):
    current = getattr(request, "municipality", None)
    return {
        "municipality": current,
        "theme": current.theme if current else None,
        "theme_css": mark_safe(theme_css_variables(current.theme if current else None)),
        "platform_name": settings.WAGTAIL_SITE_NAME,
        "main_navigation": settings.MAIN_NAVIGATION if current else [],
    }
