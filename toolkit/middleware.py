"""The links of a response point where the request came from.

``absolute_url`` (``toolkit.api.support``) builds every absolute link of the API and of the
site's pages: ``url``, ``page_url``, download links. While a request is served they start with
the address the visitor used: the scheme (``request.scheme``, which honours
``SECURE_PROXY_SSL_HEADER`` behind a proxy), the host and port (``request.get_host()``, which
honours ``USE_X_FORWARDED_HOST`` and checks ``ALLOWED_HOSTS``) and the script prefix. So
``PORT=8201 make run`` gives links to port 8201 while ``SITE_URL`` still says 8000. Without a
request (e-mails, jobs, bulk files) ``SITE_URL`` is used.

The public page cache keys pages by their full address (``toolkit.cache``), so a page built for
one host is never served to another.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from toolkit.api.support import links_from


def request_link_base(request: HttpRequest) -> str | None:
    """``scheme://host[:port][/prefix]`` of the request, or None for a host not allowed."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    prefix = (request.META.get("SCRIPT_NAME") or "").rstrip("/")
    return f"{request.scheme}://{host}{prefix}"


class RequestLinksMiddleware:
    """Absolute links built from the request being served (see the module's documentation)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with links_from(request_link_base(request)):
            return self.get_response(request)
