"""Kernel middleware."""
from django.conf import settings


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
