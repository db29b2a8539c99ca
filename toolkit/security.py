"""The Content-Security-Policy of every HTML response (Django 5.2 has none built in).

The portal's pages run no inline script: the DSFR scripts are files served from the site
itself, and the API's Swagger UI loads its set-up script from a URL too
(``SpectacularSwaggerSplitView``). So scripts come from ``'self'`` only: no
``'unsafe-inline'``, no nonce to keep in step with the page cache. Inline *styles* stay allowed
(Swagger UI and the DSFR set some from their scripts); they cannot run code.

``CONTENT_SECURITY_POLICY`` overrides the policy; ``CONTENT_SECURITY_POLICY_REPORT_ONLY`` sends
it as report-only (to try a change in production first).
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def content_security_policy() -> str:
    return getattr(settings, "CONTENT_SECURITY_POLICY", "") or DEFAULT_POLICY


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html"):
            header = (
                "Content-Security-Policy-Report-Only"
                if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
                else "Content-Security-Policy"
            )
            response.setdefault(header, content_security_policy())
        return response
