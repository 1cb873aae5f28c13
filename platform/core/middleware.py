"""Kernel middleware."""
from django.conf import settings

from core.caching import apply_cache_policy
from core.csp import inline_hashes


class AdminContentSecurityPolicyMiddleware:
    """The Wagtail admin gets its own, looser policy (it uses inline scripts without nonces).

    Public pages are served the strict nonce policy by django-csp, which excludes /admin/.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/") and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.ADMIN_CONTENT_SECURITY_POLICY
        return response


class InlineHashCSPMiddleware:
    """Adds the hashes of inline content registered with `core.csp.allow_inline` to the policy.

    Sits below django-csp's middleware, so it runs first on the way out and hands the hashes
    over as django-csp's per-response update.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        hashes = inline_hashes(request)
        if hashes:
            update = dict(getattr(response, "_csp_update", None) or {})
            for directive, values in hashes.items():
                update[directive] = [*update.get(directive, []), *values]
            response._csp_update = update
        return response


class SharedCacheMiddleware:
    """Marks opted-in anonymous responses as publicly cacheable (see `core.caching`).

    Sits above the session and CSRF middlewares so it sees every cookie they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return apply_cache_policy(request, self.get_response(request))
