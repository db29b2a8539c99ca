"""A citizen filters the late commitments of one administration, opens one, reads its
indicators and history, and switches to English."""

from __future__ import annotations

import pytest

from commitments.filters import commitment_status
from commitments.models import Administration, Commitment
from sampledata.demo import demo_load
from scoring.recompute import scores_recompute
from tests.public.conftest import DEMO_AS_OF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_finds_a_late_commitment_reads_it_and_switches_to_english(
    live_server, page, screenshot
):
    demo_load()
    scores_recompute(as_of=DEMO_AS_OF)
    spm = Administration.objects.get(slug="services-premier-ministre")
    late = [
        c
        for c in Commitment.objects.filter(plan__slug="pan-2015-2017").order_by("number")
        if commitment_status(c) == "late"
        and (c.lead_administration_id == spm.pk or c.co_owners.filter(pk=spm.pk).exists())
    ]
    assert late

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    screenshot(page, "01-tableau-de-bord")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Engagements"
    ).click()
    page.get_by_label("Administration").select_option(spm.slug)
    page.get_by_label("État").select_option("late")
    page.get_by_role("button", name="Afficher les engagements").click()

    assert f"administration={spm.slug}" in page.url and "status=late" in page.url
    results = page.locator(".pgo-result")
    results.first.wait_for()  # the new page has loaded
    assert results.count() == len(late)
    assert page.get_by_text("Administration : Services du Premier ministre").is_visible()
    screenshot(page, "02-engagements-en-retard")

    first = late[0]
    results.first.get_by_role("link").click()
    page.wait_for_url(f"**/plans/pan-2015-2017/engagements/{first.number}/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == first.title
    assert page.locator(".fr-badge", has_text="En retard").first.is_visible()

    indicators = page.locator("#indicateurs")
    indicators.scroll_into_view_if_needed()
    assert indicators.get_by_role("heading", name="Indicateurs").is_visible()
    chart = indicators.get_by_role("img").first
    assert chart.is_visible()
    assert "Valeur initiale" in (chart.locator("desc").text_content() or "")
    assert (
        indicators.locator("table caption").first.inner_text().startswith("Valeurs de l’indicateur")
    )

    history = page.locator("#historique")
    history.scroll_into_view_if_needed()
    assert not history.locator(".pgo-history").is_visible()  # folded until asked for
    history.get_by_text("Voir l'historique").click()
    assert history.locator(".pgo-history > li").count() >= 1
    assert "Création" in history.inner_text()
    screenshot(page, "03-page-engagement")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/plans/pan-2015-2017/engagements/{first.number}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Indicators", exact=True).is_visible()
    assert page.get_by_role("heading", name="History of changes").is_visible()
    assert page.get_by_role("button", name="Français").is_visible()
    screenshot(page, "04-commitment-in-english")
