"""Phones (issue 15, item 4): no page of the public site scrolls sideways on a 320 or 390 px
screen, and the commitments' filters are folded behind a button so the results come first."""

from __future__ import annotations

import pytest

from sampledata.demo import demo_load
from scoring.recompute import scores_recompute
from tests.browser.test_accessibility import civil_society_seed, public_pages, publish_a_report
from tests.public.conftest import DEMO_AS_OF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390)
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null
            && !e.closest('.fr-table, .pgo-scroll, [hidden], .fr-collapse:not(.fr-collapse--expanded)'))
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
         ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
         + ' ' + Math.round(e.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def test_no_public_page_scrolls_sideways_on_a_phone(live_server, browser, screenshot):
    demo_load()
    scores_recompute(as_of=DEMO_AS_OF)
    civil_society_seed()  # the pages with civil society's content, and a published report
    publish_a_report()
    pages = {**public_pages(), "plan": "/plans/pan-2015-2017/"}
    too_wide: dict[str, dict] = {}
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 800})
    page = context.new_page()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in pages.items():
            page.goto(live_server.url + path)
            measured = page.evaluate(OVERFLOW)
            if measured["scroll"] > width:
                too_wide[f"{width} {name}"] = measured
                screenshot(page, f"phone-{width}-{name}")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/administrations/hatvp/")
    score = page.locator(".pgo-score-cell").first
    assert score.bounding_box()["x"] + score.bounding_box()["width"] <= 390  # a card, on screen
    assert score.evaluate("e => getComputedStyle(e, '::before').content").startswith('"Score')
    context.close()

    assert too_wide == {}, "\n".join(f"{k}: {v}" for k, v in too_wide.items())


def test_the_filters_are_folded_behind_a_button_on_a_phone(live_server, browser):
    demo_load()
    scores_recompute(as_of=DEMO_AS_OF)
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/engagements/")

    results = page.locator("#resultats")
    assert results.bounding_box()["y"] < 800  # the results start on the first screen
    toggle = page.get_by_role("button", name="Filtrer les engagements")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_label("Plan", exact=True).is_visible()
    toggle.click()
    page.get_by_label("Plan", exact=True).wait_for(state="visible")

    page.set_viewport_size({"width": 1280, "height": 900})  # a desktop shows them open
    assert page.get_by_label("Plan", exact=True).is_visible()
    context.close()
