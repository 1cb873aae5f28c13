"""Views of the composition root: the health probe looks at every backing service."""
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

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
