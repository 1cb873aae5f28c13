from django.conf import settings

from core.csp import allow_inline
from themes.tokens import theme_css_variables


def municipality(request):
    current = getattr(request, "municipality", None)
    return {
        "municipality": current,
        "theme": current.theme if current else None,
        # Inlined by hash, not nonce, so anonymous pages stay shareable by a cache (core.caching).
        "theme_css": allow_inline(request, "style-src", theme_css_variables(current.theme if current else None)),
        "platform_name": settings.WAGTAIL_SITE_NAME,
        "main_navigation": settings.MAIN_NAVIGATION if current else [],
        "site_banner_templates": settings.SITE_BANNER_TEMPLATES if current else [],
    }
