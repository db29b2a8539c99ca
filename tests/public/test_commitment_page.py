"""The commitment page: plain-language summary with terms explained in place, progress and score
breakdown, indicators (chart and table), milestones timeline, cost, who is responsible,
measurability checklist with reasons and vague-verb suggestions, public history."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone

from commitments.audit import audit_record
from commitments.models import GlossaryTerm
from indicators.models import Indicator
from milestones.models import Milestone
from scoring.recompute import scores_recompute
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    AxisFactory,
    CommitmentFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
    MilestoneRevisionFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2017, 3, 1)


@pytest.fixture
def commitment():
    plan = ActionPlanFactory(slug="pan-2015-2017")
    lead = AdministrationFactory(name="Haute Autorité pour la transparence", slug="hatvp")
    c = CommitmentFactory(
        plan=plan,
        number=4,
        axis=AxisFactory(plan=plan, number=1, title="Rendre des comptes"),
        title="Renforcer la transparence des lobbies",
        summary="Publier en données ouvertes le répertoire des représentants d'intérêts.",
        objective="Un répertoire public et complet.",
        lead_administration=lead,
        contact_name="Camille Martin",
        contact_role="cheffe de projet",
        contact_email="camille.martin@hatvp.fr",
        cost_amount=Decimal("120000"),
        cost_staff_fte=Decimal("2"),
        cost_funding_source="Budget de l'autorité",
        action_data=True,
    )
    c.co_owners.add(AdministrationFactory(name="Ministère de la Justice", slug="justice"))
    c.partners.add(PartnerFactory(name="Transparency International France"))
    j1 = MilestoneFactory(
        commitment=c,
        reference="j1",
        title="Ouvrir le répertoire",
        due_date=D(2016, 3, 1),
        original_due_date=D(2016, 1, 15),
        reference_due_date=D(2016, 3, 1),  # moved in time, approved (below)
        justification="Attente du décret d'application",
        status=Milestone.Status.COMPLETED,
        completed_on=D(2016, 2, 20),
        evidence_url="https://www.hatvp.fr/repertoire/",
    )
    MilestoneRevisionFactory(
        milestone=j1,
        new_due_date=D(2016, 3, 1),
        reason="Attente du décret d'application",
        requested_on=D(2015, 12, 1),
        reference_at_request=D(2016, 1, 15),
        decided_on=D(2015, 12, 10),
    )
    MilestoneFactory(
        commitment=c,
        reference="j2",
        title="Publier le jeu de données",
        due_date=D(2016, 9, 1),
        status=Milestone.Status.IN_PROGRESS,
    )
    j3 = MilestoneFactory(
        commitment=c,
        reference="j3",
        title="Former les agents",
        due_date=D(2016, 6, 1),
        status=Milestone.Status.CANCELLED,
        counts_in_score=False,  # cancelled in time, approved (below)
        justification="Remplacé par un guide en ligne",
    )
    MilestoneRevisionFactory(
        milestone=j3,
        kind="cancellation",
        reason="Remplacé par un guide en ligne",
        requested_on=D(2016, 5, 2),
        decided_on=D(2016, 5, 9),
    )
    indicator = IndicatorFactory(
        commitment=c,
        reference="i1",
        name="Représentants inscrits",
        unit="organisations",
        baseline_value=Decimal(0),
        target_value=Decimal(1000),
        is_illustrative=True,
    )
    MeasurementFactory(indicator=indicator, date=D(2016, 1, 1), value=Decimal(250))
    MeasurementFactory(indicator=indicator, date=D(2016, 7, 1), value=Decimal(600))
    Indicator.objects.create(
        commitment=c,
        reference="i2",
        name="Qualité du répertoire",
        kind=Indicator.Kind.QUALITATIVE,
        levels=["inexistant", "partiel", "complet"],
        baseline_value=Decimal(0),
        target_value=Decimal(2),
        baseline_date=D(2015, 7, 16),
        target_date=D(2017, 7, 15),
        data_source="HATVP",
    )
    audit_record(
        instance=c,
        action="update",
        source="form",
        actor_label="agent-hatvp",
        changes={"contact_name": ["", "Camille Martin"]},
        justification="Nouvelle responsable",
    )
    GlossaryTerm.objects.update_or_create(
        slug="representant-interets",
        defaults={
            "term": "représentants d'intérêts",
            "definition": "Les lobbies : personnes qui cherchent à influencer la décision publique.",
            "definition_en": "Lobbyists: people who try to influence public decisions.",
        },
    )
    scores_recompute(as_of=AS_OF)
    c.refresh_from_db()
    return c


def page(client, c, **headers) -> str:
    response = client.get(f"/plans/{c.plan.slug}/engagements/{c.number}/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_it_explains_glossary_terms_in_place_and_lists_them(client, commitment):
    html = page(client, commitment)
    assert 'class="pgo-term" href="/glossaire/#representant-interets"' in html
    assert 'role="tooltip"' in html
    assert "Les lobbies : personnes qui cherchent" in html
    assert "Les mots expliqués" in html


def test_it_shows_the_score_breakdown_from_the_stored_scores(client, commitment):
    c = commitment
    # j1 completed on time (+10), j2 late (−5 penalty), j3 cancelled; i1 at 60 % (+6), i2 not
    # reported (0): 11 points out of 40.
    assert (c.points, c.max_points, c.penalty, c.late_milestones) == (
        Decimal("11.00"),
        Decimal("40.00"),
        Decimal("5.00"),
        1,
    )
    body = text(page(client, c))
    assert "Points gagnés +16" in body
    assert "Pénalités de retard −5" in body
    assert "Maximum possible 40" in body
    assert "Score = 100 × max(11 ; 0) ÷ 40 = 27,5" in body
    assert "réalisé au plus tard à l'échéance de référence : + M" in body
    assert "échéance de référence passée, non réalisé : − M / 2 (pénalité)" in body
    assert "abandonné à temps (demande validée) : hors des points et du maximum" in body


def test_indicators_have_a_chart_with_a_text_alternative_and_a_table(client, commitment):
    html = page(client, commitment)
    # the qualitative indicator has no measurement yet: its chart shows the planned trajectory
    assert html.count('<svg class="pgo-chart"') == 2
    assert 'role="img" aria-labelledby="graphique-i1-title graphique-i1-desc"' in html
    assert "Valeur initiale : 0 organisations le 16 juillet 2015." in html
    assert "Dernière mesure : 600 organisations le 1 juillet 2016 (2 mesure(s) au total)." in html
    body = text(html)
    assert "Valeurs de l’indicateur « Représentants inscrits »" in body
    assert "250 organisations mesure" in body
    assert "inexistant → partiel → complet" in body
    assert "pas encore de mesure" in body


def test_the_timeline_flags_late_rescheduled_and_cancelled_milestones(client, commitment):
    body = text(page(client, commitment))
    today = timezone.localdate()
    late_days = (today - D(2016, 9, 1)).days
    assert f"Échéance : 1 septembre 2016, en retard de {late_days} jours." in body
    assert f"Aucune explication donnée depuis {late_days} jours." in body
    assert "reporté à temps" in body
    assert (
        "Report au 1 mars 2016 demandé le 1 décembre 2015 (avant l'échéance). Validé le "
        "10 décembre 2015 par l'équipe de coordination. Motif : Attente du décret d'application"
        in body
    )
    assert "Abandonné. Justification : Remplacé par un guide en ligne" in body
    assert "Abandon demandé le 2 mai 2016 (avant l'échéance)." in body
    assert "Réalisé le 20 février 2016." in body
    assert "https://www.hatvp.fr/repertoire/" in page(client, commitment)


def test_it_shows_cost_responsibility_and_partners(client, commitment):
    body = text(page(client, commitment))
    assert "Coût estimé 120 000 €" in body
    assert "2 équivalent(s) temps plein (ETP)" in body
    assert "Budget de l'autorité" in body
    assert "Haute Autorité pour la transparence" in body
    assert "Ministère de la Justice" in body
    assert "Transparency International France" in body
    assert "Camille Martin, cheffe de projet" in body
    html = page(client, commitment)
    assert "Camille Martin" in html
    assert "camille.martin@hatvp.fr" not in html  # named, but no personal address (as the API)


def test_the_measurability_checklist_gives_each_reason_and_vague_verb_suggestions(
    client, commitment
):
    body = text(page(client, commitment))
    assert f"Mesurabilité : {commitment.measurability}/8" in body
    assert "Non rempli — 6. Intitulé et objectif sans verbe flou" in body
    assert "Verbe(s) flou(s) dans l'intitulé ou l'objectif : « renforcer »." in body
    assert "« Renforcer » dans l'intitulé — à la place : dire ce qui change et de combien" in body
    assert "Non rempli — 3. Au moins deux jalons datés, tous dans la période du plan" not in body


def test_the_public_history_shows_who_when_what_and_why(client, commitment):
    body = text(page(client, commitment))
    assert "Modification — engagement « 4. Renforcer la transparence des lobbies »" in body
    assert "par agent-hatvp" in body
    assert "via : formulaire" in body
    assert "Motif : Nouvelle responsable" in body
    assert "Responsable nommé — Camille Martin" in body


def test_illustrative_data_is_flagged(client, commitment):
    html = page(client, commitment)
    assert "Données illustratives." in html
    assert "pgo-badge--illustrative" in html


def test_user_text_is_escaped(client, commitment):
    commitment.summary = "<script>alert(1)</script> représentants d'intérêts"
    commitment.save()
    html = page(client, commitment)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unpublished_or_unknown_commitments_are_404(client, commitment):
    assert client.get(f"/plans/{commitment.plan.slug}/engagements/99/").status_code == 404
    commitment.plan.published = False
    commitment.plan.save()
    assert client.get(f"/plans/{commitment.plan.slug}/engagements/4/").status_code == 404


def test_in_english_the_page_is_translated_and_french_only_texts_are_marked(client, commitment):
    html = page(client, commitment, HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en"' in html
    assert "Progress and score" in html
    assert "Who is responsible?" in html
    assert '<div class="fr-text--lg" lang="fr">' in html  # the summary exists only in French
    assert "Lobbyists: people who try to influence public decisions." in html
    assert "Vague verb(s) in the title or objective: « renforcer »." in html


@pytest.mark.django_db
def test_the_public_history_and_feed_show_no_personal_address(client):
    from commitments.audit import audit_record
    from tests.factories import CommitmentFactory, UserFactory

    commitment = CommitmentFactory(plan__slug="pan-prive")
    agent = UserFactory(username="agente@hatvp.fr", email="agente@hatvp.fr")
    audit_record(
        instance=commitment,
        action="update",
        source="form",
        actor=agent,
        changes={"contact_email": ["", "resp@hatvp.fr"], "contact_name": ["", "Jeanne"]},
    )
    html = client.get(
        f"/plans/{commitment.plan.slug}/engagements/{commitment.number}/"
    ).content.decode()
    assert "…@hatvp.fr" in html
    assert "agente@hatvp.fr" not in html and "resp@hatvp.fr" not in html
    feed = client.get(f"/plans/{commitment.plan.slug}/engagements/{commitment.number}/flux.atom")
    body = feed.content.decode()
    assert feed.status_code == 200
    assert "agente@hatvp.fr" not in body and "resp@hatvp.fr" not in body
