"""axe-core (bundled with axe-playwright-python, injected into the page: nothing downloaded)
on every page template of the public site, in French and in English: no serious or critical
violation."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import RequestFactory
from django.utils import translation

from commitments.models import ActionPlan, Administration, Commitment, Profile
from public.views.pages import server_error
from reports.models import Report
from reports.services import report_generate, report_publish
from sampledata.demo import demo_load
from scoring.recompute import scores_recompute
from tests.public.conftest import DEMO_AS_OF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}
MOBILE = (
    "dashboard",
    "commitments",
    "commitment",
    "administrations",
    "methodology",
    "organisation",
)


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def _consultation(commitment: Commitment) -> str:
    """A consultation with a proposal of each outcome (the demo plan has none)."""
    from consultations.models import Consultation, Proposal

    consultation, created = Consultation.objects.get_or_create(
        slug="consultation-test",
        defaults={
            "plan": commitment.plan,
            "name": "Consultation test",
            "start_date": commitment.plan.period_start,
            "end_date": commitment.plan.period_start,
        },
    )
    if created:
        for n, outcome in enumerate(["retained", "merged", "not_retained", "pending"]):
            proposal = Proposal.objects.create(
                consultation=consultation,
                external_id=f"P{n}",
                title=f"Proposition {n}",
                outcome=outcome,
                reason="Hors du champ du plan" if outcome == "not_retained" else "",
            )
            if outcome in ("retained", "merged"):
                proposal.commitments.add(commitment)
    return consultation.slug


def public_pages() -> dict[str, str]:
    commitment = Commitment.objects.get(plan__slug="pan-2015-2017", number=17)
    administration = Administration.objects.get(slug="hatvp")
    consultation = _consultation(commitment)
    return {
        "dashboard": "/",
        "plans": "/plans/",
        "commitments": "/engagements/?status=late&ordering=-score",
        "commitments-page-2": "/engagements/?page=2",
        "commitments-invalid-filter": "/engagements/?administration=nope",
        "commitment": f"/plans/{commitment.plan.slug}/engagements/{commitment.number}/",
        "administrations": "/administrations/",
        "administration": f"/administrations/{administration.slug}/",
        "methodology": "/methode/",
        "glossary": "/glossaire/",
        "open-data": "/donnees-ouvertes/",
        "accessibility": "/accessibilite/",
        "legal-notice": "/mentions-legales/",
        "sitemap": "/plan-du-site/",
        "reports": "/rapports/",
        "report": f"/rapports/{Report.objects.get().pk}/",
        "not-found": "/nulle-part/",
        "sign-in": "/compte/connexion/",
        "api-docs": "/api/v1/docs/",  # Swagger UI in the site's layout (issue 15)
        "organisations": "/organisations/",
        "organisation": "/organisations/regards-citoyens/",
        "question-form": f"/plans/{commitment.plan.slug}/engagements/{commitment.number}/question/",
        "question-link-invalid": "/questions/confirmer/inconnu/",
        "consultations": "/consultations/",
        "consultation": f"/consultations/{consultation}/",
        "consultation-filtered": f"/consultations/{consultation}/?outcome=not_retained&q=x",
        "subscribe": f"/suivre/?suivi=commitment&id={commitment.pk}",
    }


def civil_society_seed() -> None:
    """A self-assessment, an organisation's disagreeing assessment, an answered question, an
    overdue one and a hidden one on the commitment the pages show."""
    import datetime

    from django.utils import timezone

    from civilsociety.models import Assessment, Organisation, Question, SelfAssessment

    commitment = Commitment.objects.get(plan__slug="pan-2015-2017", number=17)
    SelfAssessment.objects.create(commitment=commitment, level="complete", set_on=DEMO_AS_OF)
    org = Organisation.objects.create(
        name="Regards Citoyens", slug="regards-citoyens", website="https://www.regardscitoyens.org/"
    )
    Assessment.objects.create(
        commitment=commitment,
        organisation=org,
        assessed_on=DEMO_AS_OF,
        level="limited",
        on_track="no",
        text="Deux décrets sur dix.",
        evidence_links=["https://www.legifrance.gouv.fr/"],
    )
    now = timezone.now()
    Question.objects.create(
        commitment=commitment,
        display_name="Camille",
        text="Quand les décrets paraîtront-ils ?",
        confirmed_at=now - datetime.timedelta(days=5),
        answer="En juin.",
        answered_at=now,
        answer_administration=commitment.lead_administration,
    )
    Question.objects.create(
        commitment=commitment,
        display_name="Sam",
        text="Où trouver le calendrier détaillé ?",
        confirmed_at=now - datetime.timedelta(days=40),
    )
    Question.objects.create(
        commitment=commitment,
        display_name="X",
        text="Message déplacé",
        confirmed_at=now,
        hidden_at=now,
        hidden_reason="Propos injurieux",
    )


def publish_a_report() -> None:
    """The demo plan's first-year report to Parliament, published."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(username="coordination-axe")
    Profile.objects.create(user=user, is_coordinator=True)
    plan = ActionPlan.objects.get(slug="pan-2015-2017")
    end = plan.period_start.replace(year=plan.period_start.year + 1) - datetime.timedelta(days=1)
    draft, _ = report_generate(
        plan=plan, start=plan.period_start, end=end, actor=user, source="form"
    )
    report_publish(report=draft, actor=user, source="form")


def test_no_page_template_has_a_serious_or_critical_violation(live_server, browser, screenshot):
    found: dict[str, list[str]] = {}
    for language in ("fr-FR", "en-GB"):
        context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        # The home page before any plan is published (its own template).
        page.goto(live_server.url + "/")
        found[f"{language} no-plan"] = violations(page)
        if language == "fr-FR":
            demo_load()
            scores_recompute(as_of=DEMO_AS_OF)
            civil_society_seed()
            publish_a_report()
        for name, path in public_pages().items():
            page.goto(live_server.url + path)
            if name == "api-docs":
                page.wait_for_selector("#swagger-ui .opblock")  # rendered by Swagger UI
            found[f"{language} {name}"] = violations(page)
            if language == "fr-FR":
                screenshot(page, f"axe-{name}")
        # The 500 page, rendered as the handler renders it, in the site's own origin.
        with translation.override(language[:2]):
            html = server_error(RequestFactory().get("/")).content.decode()
        page.goto(live_server.url + "/plan-du-site/")
        page.set_content(html)
        found[f"{language} server-error"] = violations(page)
        # A small screen: the mobile menu and the tables that scroll sideways.
        page.set_viewport_size({"width": 375, "height": 800})
        for name in MOBILE:
            page.goto(live_server.url + public_pages()[name])
            found[f"{language} {name}-mobile"] = violations(page)
            if language == "fr-FR":
                screenshot(page, f"axe-{name}-mobile")
        context.close()
    failures = {page: v for page, v in found.items() if v}
    assert not failures, failures
    assert len(found) == 2 * (len(public_pages()) + 2 + len(MOBILE))


def _signed_in(browser, live_server, user, language: str):
    """A browser context signed in as ``user`` (a session made by the test client: no log-in
    form, no log-in limits), in ``language``."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def workspace_cast():
    """The demo's civil-society part (load_demo) and three people: a reviewer of one of its
    organisations, a contributor of the administration with an overdue question, a
    coordinator."""
    from civilsociety.models import Assessment, Organisation, Question, ReviewerMembership
    from commitments.models import Membership
    from tests.factories import UserFactory

    demo_load()
    reviewer = UserFactory(username="evaluatrice-axe")
    ReviewerMembership.objects.create(
        user=reviewer, organisation=Organisation.objects.get(slug="observatoire-citoyen-exemple")
    )
    overdue = Question.objects.get(
        commitment__plan__slug="pan-2015-2017", answered_at=None, hidden_at=None
    )
    contributor = UserFactory(username="contributrice-axe")
    Membership.objects.create(
        user=contributor, administration=overdue.commitment.lead_administration
    )
    coordinator = UserFactory(username="coordinatrice-axe")
    Profile.objects.create(user=coordinator, is_coordinator=True)
    commitment = Commitment.objects.get(plan__slug="pan-2015-2017", number=2)
    assessment = Assessment.objects.filter(is_current=True, hidden_at=None).first()
    return {
        reviewer: {
            "reviewer-home": "/espace/societe-civile/",
            "assessment-form": f"/espace/engagements/{commitment.pk}/evaluation/",
        },
        contributor: {
            "contributor-home": "/espace/societe-civile/",
            "answer-form": f"/espace/questions/{overdue.pk}/reponse/",
        },
        coordinator: {
            "moderation": "/espace/coordination/moderation/",
            "hide-form": f"/espace/coordination/moderation/assessment/{assessment.pk}/",
        },
    }


def test_no_civil_society_workspace_page_has_a_serious_or_critical_violation(
    live_server, browser, screenshot
):
    """The reviewer's home and assessment form (with its errors shown too), the contributor's
    home and answer form, the coordinators' moderation and hide pages: desktop and phone,
    French and English."""
    cast = workspace_cast()
    found: dict[str, list[str]] = {}
    for language in ("fr-FR", "en-GB"):
        for user, pages in cast.items():
            context = _signed_in(browser, live_server, user, language)
            page = context.new_page()
            for width in (1280, 375):
                page.set_viewport_size({"width": width, "height": 900})
                for name, path in pages.items():
                    response = page.goto(live_server.url + path)
                    assert response is not None and response.status == 200, (name, language)
                    key = f"{language} {name}{'-mobile' if width < 1280 else ''}"
                    found[key] = violations(page)
                    if language == "fr-FR":
                        screenshot(page, f"axe-workspace-{name}-{width}")
                    if name == "assessment-form" and width == 1280:
                        # the form sent empty: the errors' summary and each field's message
                        page.locator("form button[type=submit]").last.click()
                        page.wait_for_load_state()
                        found[f"{key}-errors"] = violations(page)
            context.close()
    failures = {page: v for page, v in found.items() if v}
    assert not failures, failures
    assert len(found) == 2 * (2 * 6 + 1)
