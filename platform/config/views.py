"""Views of the composition root: the health probe, security.txt (docs/security.md), robots.txt and the
favicon every browser asks for at the root."""
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from competence.followup_views import followup_url_for
from config.health import CRITICAL, run_checks


@never_cache
def healthz(request):
    """Report each backing service. 503 only when a critical one is down."""
    checks = run_checks()
    degraded = sorted(name for name, result in checks.items() if not result["ok"])
    critical_down = CRITICAL.intersection(degraded)
    status = "down" if critical_down else ("degraded" if degraded else "ok")
    return JsonResponse(
        {"status": status, "degraded": degraded, "checks": checks},
        status=503 if critical_down else 200,
    )


def security_txt(request):
    """RFC 9116: where to report a vulnerability. Expires a year ahead, as the RFC advises."""
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{settings.SECURITY_CONTACT_EMAIL}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: sv, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Pages for people, not for search engines: accounts, the admin, owners' and staff's work pages.
ROBOTS_DISALLOW = ("/admin/", "/konto/", "/marknadsplats/hantera/", "/marknadsplats/konversationer/",
                   "/marknadsplats/leverantorer/", "/uppfoljning/", "/sprak/")


def robots_txt(request):
    """Every host's own: the sitemap it names is that municipality's."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
             f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@cache
def _favicon_bytes() -> bytes:
    with open(finders.find("themes/img/favicon.ico"), "rb") as icon:
        return icon.read()


def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links (the page links the SVG)."""
    response = HttpResponse(_favicon_bytes(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


def admin_login(request):
    """Wagtail sends whoever lacks admin access here. Anonymous visitors log in through allauth; a
    signed-in user without a staff role gets a page saying so (allauth's log-in page would send them
    straight back to the admin, round and round)."""
    if request.user.is_authenticated:
        return render(request, "users/admin_no_access.html", {"followup_url": followup_url_for(request.user)},
                      status=403)
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("account_login") + (f"?{query}" if query else ""))
