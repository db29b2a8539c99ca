"""Issue 15, item 6: ``/api/v1/docs/`` had no site header, no page language, and axe found 28
colour-contrast and 22 nested-interactive violations (those are checked in
``tests/browser/test_accessibility.py``). It is now a page of the site, served from static/."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_docs_are_a_page_of_the_site_with_its_language(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="fr"', html)
    assert 'class="fr-header"' in html and 'class="fr-footer"' in html
    assert "<h1>Documentation de l&#x27;API</h1>" in html or "Documentation de l" in html
    assert 'id="swagger-ui"' in html
    english = client.get("/api/v1/docs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in english


def test_swagger_ui_comes_from_the_sites_static_files_never_a_cdn(client):
    html = client.get("/api/v1/docs/").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    swagger = [s for s in sources if "swagger" in s]
    assert len(swagger) >= 3, sources  # the stylesheet, the bundle, the preset
    assert all(s.startswith("/static/") for s in swagger), swagger
    assert not [s for s in sources if s.startswith(("http://", "https://", "//"))]
    from django.contrib.staticfiles import finders

    for path in swagger:
        assert finders.find(path.removeprefix("/static/")), path  # shipped with the site


def test_the_docs_point_at_the_schema_without_deep_links_inside_buttons(client):
    html = client.get("/api/v1/docs/").content.decode()
    # Swagger UI's set-up script is a file of its own (no inline script under the CSP)
    script = client.get("/api/v1/docs/?script=").content.decode()
    assert '"deepLinking": false' in script
    assert "/api/v1/schema/" in html
