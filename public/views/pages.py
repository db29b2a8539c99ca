"""Site-wide pages: the static pages (open data, accessibility statement, legal notice, site
map), the language switch, and the 404 and 500 pages in the design of the site."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from opendata.selectors import open_data_page
from public.pagination import page_numbers
from toolkit.cache import cache_public_page

log = logging.getLogger(__name__)

# The date the accessibility statement (RGAA 4.1) was established; update it with the statement.
ACCESSIBILITY_STATEMENT_DATE = "2026-11-23"


def _page(template: str, nav: str = ""):
    @cache_public_page
    def view(request: HttpRequest) -> HttpResponse:
        return render(
            request,
            template,
            {
                "nav": nav,
                "statement_date": datetime.date.fromisoformat(ACCESSIBILITY_STATEMENT_DATE),
                "contact_email": getattr(settings, "SITE_CONTACT_EMAIL", ""),
            },
        )

    view.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html").replace("-", "_")
    return view


@cache_public_page
def open_data(request: HttpRequest) -> HttpResponse:
    """What is published and how to use it: the API, the packages, their schemas (each column,
    read from the schema itself), the catalogue, how to check a download."""
    context = open_data_page(request.GET.get("page"))
    context["page_numbers"] = page_numbers(context["page"])
    return render(request, "public/pages/open_data.html", {"nav": "open-data", **context})


accessibility = _page("public/pages/accessibility.html")
legal_notice = _page("public/pages/legal_notice.html")
sitemap = _page("public/pages/sitemap.html")


# The language switch is a POST form on every page. Public pages are cached and shared between
# visitors, so they cannot carry a per-visitor CSRF token; switching the language of someone
# else's browser is harmless, hence no CSRF check on this one view.
language_switch = csrf_exempt(require_POST(set_language))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"request_path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """No request context and no database: whatever broke must not break this page too."""
    try:
        template = loader.get_template("500.html")
        return HttpResponseServerError(template.render({}))
    except Exception:
        log.exception("the 500 page could not be rendered")
        return HttpResponseServerError(
            "<!DOCTYPE html><html lang=fr><title>Erreur</title><h1>Erreur inattendue</h1>"
            "<p>Le site rencontre un problème. Réessayez dans quelques minutes.</p>",
            content_type="text/html; charset=utf-8",
        )
