"""The Content-Security-Policy (no inline script) leaves the DSFR and the API's Swagger UI
working, with no violation reported by the browser (the ``page`` fixture fails on any)."""

from __future__ import annotations

import pytest

from sampledata.demo import demo_load
from scoring.recompute import scores_recompute
from tests.public.conftest import DEMO_AS_OF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dsfr_and_swagger_ui_work_under_the_csp(page, live_server):
    demo_load()
    scores_recompute(as_of=DEMO_AS_OF)
    response = page.goto(f"{live_server.url}/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split(";")[1]
    # The DSFR's script ran: it marks the page once its components are started.
    page.wait_for_function("() => window.dsfr !== undefined")
    page.goto(f"{live_server.url}/plans/pan-2015-2017/engagements/1/")
    page.wait_for_function("() => window.dsfr !== undefined")

    docs = page.goto(f"{live_server.url}/api/v1/docs/")
    assert "content-security-policy" in docs.headers
    # Swagger UI loads its set-up script from a URL, reads the schema and lists the operations.
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 5
    # A CSP-violating inline script is indeed blocked and reported (the check is not blind).
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("() => window.pwned === undefined")
    page.wait_for_timeout(200)
    assert page.csp_violations, "the browser should have reported the blocked inline script"
    page.csp_violations.clear()
