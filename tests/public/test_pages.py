"""The dashboard, the commitments list, the administrations, the methodology, the glossary and
the information pages, on the real 2015-2017 plan (scored on 1 March 2017)."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest

from commitments.filters import commitment_status
from commitments.models import ActionPlan, Administration, Commitment, Rollup
from tests.factories import ActionPlanFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def get(client, url: str, status: int = 200, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == status, url
    return response.content.decode()


# --- dashboard -----------------------------------------------------------------------------


def test_the_dashboard_shows_the_headline_figures_from_the_stored_rollup(client, demo):
    rollup = Rollup.objects.get(scope="plan", plan=demo)
    body = text(get(client, "/"))
    assert "Pour une action publique transparente et collaborative" in body
    assert f"Engagements {rollup.commitments}" in body
    assert f"Avancement global {rollup.progress.quantize(1, 'ROUND_HALF_UP')} %" in body
    assert (
        f"Jalons réalisés à temps {rollup.milestones_completed_on_time} / "
        f"{rollup.milestones_counted}" in body
    )
    # the score with the same rounding as its details (two decimals, as stored)
    assert f"Score du plan {str(rollup.score.normalize()).replace('.', ',')} / 100" in body
    assert "Scores calculés au 1 mars 2017 (méthode v2)." in body


def test_the_dashboard_counts_commitments_by_status_with_links_to_the_list(client, demo):
    html = get(client, "/")
    late = sum(commitment_status(c) == "late" for c in Commitment.objects.filter(plan=demo))
    assert f"En retard : {late} engagements" in text(html)
    assert "/engagements/?plan=pan-2015-2017&amp;status=late" in html


def test_the_dashboard_lists_late_milestones_axes_and_the_league_table(client, demo):
    body = text(get(client, "/"))
    assert "Jalons en retard" in body
    # the demo plan is closed: its open milestones are "not completed when the plan closed"
    assert "non réalisé à la clôture du plan" in body
    assert "en retard de" not in body
    assert "Échéances des 30 prochains jours" in body
    assert "la période de ce plan est terminée" in body
    assert "Avancement par axe" in body
    assert "1. Rendre des comptes" in body
    ranked = list(
        Rollup.objects.filter(scope="plan_administration", plan=demo)
        .select_related("administration")
        .order_by("-score")
    )
    names = [r.administration.name for r in ranked]
    positions = [body.index(name, body.index("Classement des administrations")) for name in names]
    assert positions == sorted(positions)


def test_the_dashboard_flags_illustrative_data(client, demo):
    assert "Données illustratives." in get(client, "/")


def test_another_plan_is_reached_by_its_own_address(client, demo):
    ActionPlanFactory(
        slug="pan-2018-2020",
        title="Plan 2018-2020",
        period_start=datetime.date(2018, 4, 1),
        period_end=datetime.date(2020, 3, 31),
    )
    response = client.get("/?plan=pan-2015-2017")
    assert response.status_code == 302
    assert response["Location"] == "/plans/pan-2015-2017/"
    assert "Pour une action publique" in get(client, "/plans/pan-2015-2017/")
    assert "Plan 2018-2020" in get(client, "/")  # the newest plan is the home page
    assert "Plan 2018-2020" in get(client, "/plans/")


def test_unpublished_plans_are_never_shown(client, demo):
    CommitmentFactory(plan=ActionPlanFactory(published=False, slug="brouillon"), title="Secret")
    assert client.get("/plans/brouillon/").status_code == 404
    assert client.get("/?plan=brouillon").status_code == 404
    assert "Secret" not in get(client, "/engagements/")
    assert "brouillon" not in get(client, "/plans/")


def test_with_no_published_plan_the_home_page_says_so(client, db):
    assert "Aucun plan publié" in get(client, "/")


# --- commitments list ----------------------------------------------------------------------


def test_the_list_filters_late_commitments_of_one_administration_from_the_url(client, demo):
    spm = Administration.objects.get(slug="services-premier-ministre")
    expected = [
        c
        for c in Commitment.objects.filter(plan=demo).order_by("number")
        if commitment_status(c) == "late"
        and (c.lead_administration_id == spm.pk or c.co_owners.filter(pk=spm.pk).exists())
    ]
    assert expected
    html = get(client, f"/engagements/?plan={demo.slug}&administration={spm.slug}&status=late")
    body = text(html)
    assert f"{len(expected)} engagements" in body or f"{len(expected)} engagement " in body
    for c in expected:
        assert f"/plans/{demo.slug}/engagements/{c.number}/" in html
    assert html.count('class="pgo-result"') == len(expected)
    assert "Filtres appliqués :" in body
    assert "Administration : Services du Premier ministre" in body
    assert '<option value="late" selected>' in html


def test_the_list_sorts_and_paginates(client, demo):
    html = get(client, "/engagements/?ordering=-score")
    scores = [
        Commitment.objects.get(plan=demo, number=int(n)).score
        for n in re.findall(r"/engagements/(\d+)/\"", html)
    ]
    assert scores == sorted(scores, reverse=True)
    assert len(scores) == 25
    page2 = get(client, "/engagements/?ordering=-score&page=2")
    assert page2.count('class="pgo-result"') == 1
    assert 'aria-current="page" title="Page 2"' in page2


def test_the_list_searches_text_and_ogp_ids(client, demo):
    html = get(client, "/engagements/?q=FR0020")
    assert html.count('class="pgo-result"') == 1
    assert "Transformer les ressources technologiques" in unescape(html)


def test_a_bad_filter_is_explained_not_a_server_error(client, demo):
    body = text(get(client, "/engagements/?administration=nope&measurability_min=12"))
    assert "Filtre invalide" in body
    assert "Aucun engagement" in body


# --- administrations -----------------------------------------------------------------------


def test_the_administrations_are_ranked_by_score(client, demo):
    body = text(get(client, "/administrations/"))
    assert "Administrations porteuses — tous les plans publiés" in body
    assert "Haute Autorité pour la transparence de la vie publique" in body
    # the demo plan: some administrations only co-own, some commitments have no lead
    assert "Administrations co-porteuses seulement" in body
    assert "Sans administration porteuse" in body


def test_an_administration_page_shows_its_commitments_on_time_rate_and_score(client, demo):
    hatvp = Administration.objects.get(slug="hatvp")
    led = Commitment.objects.filter(plan=demo, lead_administration=hatvp)
    body = text(get(client, "/administrations/hatvp/"))
    assert "Haute Autorité pour la transparence de la vie publique (HATVP)" in body
    assert "Jalons réalisés à temps" in body
    assert "Score" in body
    for c in led:
        assert c.title in body
    assert client.get("/administrations/nope/").status_code == 404


# --- methodology and glossary ----------------------------------------------------------------


def test_the_methodology_computes_a_real_commitment_live_and_matches_its_stored_score(client, demo):
    body = text(get(client, "/methode/"))
    assert "Un exemple réel, calculé en direct" in body
    assert "Ces résultats sont exactement ceux enregistrés pour cet engagement" in body
    match = re.search(r"engagement (\d+) — ", body)
    assert match
    c = Commitment.objects.get(plan=demo, number=int(match[1]))
    assert f"{c.measurability}/8" in body
    for choice in (
        "il le devient le lendemain de son échéance",
        "l'indicateur est atteint si sa dernière valeur est égale à la cible",
        "dont les poids font 0 au total est considérée comme absente",
        "il compte quand même dans le maximum",
        "il ne rapporte que la moitié de ses points",
        "laissent de côté les « non mesurables », dans tous les cas",
    ):
        assert choice in body
    assert "renforcer" in body  # the vague verbs and their suggestions


def test_the_methodology_explains_v2_and_what_changed_since_v1(client, demo):
    body = text(get(client, "/methode/"))
    assert "voici la version v2" in body
    for part in (
        "L'échéance de référence",
        "Une demande faite au plus tard le jour de l'échéance de référence, puis validée",
        "Le statut d'un engagement",
        "Jalons réalisés, cible non atteinte",
        "arrondi une seule fois, à la fin, à deux décimales",
        "Ce qui a changé depuis la v1, et pourquoi",
        "passait d'un score de 0 à 10",
    ):
        assert part in body, part
    # the live example is computed with the reference dates of its milestones
    assert "Échéance de référence" in body
    assert "Ces résultats sont exactement ceux enregistrés pour cet engagement" in body


def test_the_glossary_defines_every_term(client, demo):
    html = get(client, "/glossaire/")
    assert 'id="pgo"' in html
    assert "Partenariat pour un Gouvernement Ouvert" in unescape(html)


# --- information pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/donnees-ouvertes/", "/api/v1/docs/"),
        ("/accessibilite/", "partiellement conforme"),
        ("/mentions-legales/", "Licence Ouverte 2.0"),
        ("/plan-du-site/", "Méthode de calcul"),
    ],
)
def test_information_pages(client, db, url, expected):
    assert expected in get(client, url)


def test_every_page_has_the_design_system_landmarks_and_the_language_switch(client, demo):
    html = get(client, "/")
    assert "/static/dsfr/dist/dsfr/dsfr.min.css" in html
    for landmark in ('role="banner"', 'role="main"', 'role="contentinfo"', 'class="fr-skiplinks"'):
        assert landmark in html
    assert 'name="language" value="en" lang="en">English</button>' in html
    assert '<a class="fr-nav__link" href="/" aria-current="page">' in html
    assert "https://" not in re.sub(r'href="https://[^"]+"', "", html.split("<body>")[0])


def test_plan_scope_rollups_only(client, demo):
    assert ActionPlan.objects.count() == 1


def test_a_plan_in_progress_says_how_many_days_a_milestone_is_late(client, db):
    import datetime

    from django.utils import timezone

    from scoring.recompute import scores_recompute
    from tests.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

    today = timezone.localdate()
    plan = ActionPlanFactory(
        status="in_progress",
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=500),
    )
    MilestoneFactory(
        commitment=CommitmentFactory(plan=plan), due_date=today - datetime.timedelta(days=3)
    )
    scores_recompute(as_of=today)
    body = text(get(client, f"/plans/{plan.slug}/"))
    assert "en retard de 3 jours" in body
