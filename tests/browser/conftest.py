"""Playwright on Debian's Chromium against the live test server.

Without ``/usr/bin/chromium`` these tests skip locally and fail in CI (``service_missing``);
``.ci/run`` installs the package. Playwright's bundled browsers are never downloaded.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.conftest import service_missing

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
OUTPUT = Path(settings.BASE_DIR) / "test-output" / "browser"


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        service_missing(f"needs Chromium at {CHROMIUM}: apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between two browser actions are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _is_csp_violation(text: str) -> bool:
    return "Content Security Policy" in text or "Content-Security-Policy" in text


@pytest.fixture
def page(browser):
    """A French-speaking visitor on a desktop screen. Every test fails if the browser reports a
    Content-Security-Policy violation in the console (the pages must work under the CSP)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    violations: list[str] = []
    tab.on(
        "console",
        lambda message: (
            violations.append(message.text) if _is_csp_violation(message.text) else None
        ),
    )
    tab.csp_violations = violations  # type: ignore[attr-defined]
    yield tab
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture(autouse=True)
def _clean_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def screenshot():
    OUTPUT.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = OUTPUT / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
