"""Reading (issue 15, item 5): the history folded and written for people, the glossary complete
and in English when the page is, plurals right, no empty box opening a page, chart labels
whole."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.utils import translation

from commitments.models import AuditRecord, Commitment, GlossaryTerm
from indicators.models import Indicator
from public.templatetags.pgo_charts import indicator_chart
from public.views.history import history_entries

pytestmark = pytest.mark.django_db


def _record(object_type, changes, *, action="update", justification="", repr_="Publier"):
    return SimpleNamespace(
        object_type=object_type,
        object_id=1,
        object_repr=repr_,
        action=action,
        changes=changes,
        justification=justification,
        actor_label="",
    )


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find("</section>", start)
    return html[start:end]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_moved_due_date_reads_as_a_sentence_with_french_dates():
    record = _record(
        "milestone",
        {"due_date": ["2016-03-12", "2016-06-30"], "reference": ["j1", "j1b"], "weight": [1, 2]},
        repr_="Publier le bilan",
    )

    with translation.override("fr"):
        (entry,) = history_entries([record])

    assert entry.sentence == (
        "Échéance du jalon « Publier le bilan » reportée du 12 mars 2016 au 30 juin 2016."
    )
    assert [c.label for c in entry.changes] == ["Échéance"]  # no key "j1", no weight
    assert entry.changes[0].old == "12 mars 2016"


def test_a_measured_level_reads_as_its_name_not_its_number():
    record = _record("measurement", {"value": ["1", "2"]}, repr_="Niveau")

    with translation.override("fr"):
        (entry,) = history_entries([record], levels={1: ["Rien", "Projet", "Publié"]})

    assert (entry.changes[0].old, entry.changes[0].new) == ("« Projet »", "« Publié »")


def test_a_late_revision_says_it_changes_no_point():
    record = _record(
        "milestonerevision",
        {
            "kind": [None, "reschedule"],
            "requested_on": [None, "2016-12-26"],
            "reference_at_request": [None, "2016-12-01"],
            "new_due_date": [None, "2017-08-13"],
            "status": [None, "approved"],
            "decided_on": [None, "2017-01-05"],
            "timely": [None, False],
            "reason": [None, "Concertation"],
        },
        action="create",
    )

    with translation.override("fr"):
        (entry,) = history_entries([record])

    assert entry.sentence == (
        "Échéance reportée du 1 décembre 2016 au 13 août 2017 (demande du 26 décembre 2016) : "
        "validé le 5 janvier 2017 (demandé après l'échéance : sans effet sur le score). "
        "Motif : Concertation"
    )
    assert "Demandé à temps" not in [c.label for c in entry.changes]


def test_the_history_is_folded_by_default_and_shows_no_internal_field(client, demo):
    commitment = Commitment.objects.filter(plan=demo, milestones__isnull=False).first()
    assert AuditRecord.objects.filter(commitment=commitment).exists()

    html = client.get(f"/plans/{demo.slug}/engagements/{commitment.number}/").content.decode()
    history = _section(html, "historique")

    assert '<details class="pgo-history-details">' in history
    assert "<summary>Voir l'historique (" in history
    text = _text(history)
    iso = re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    assert not iso, text[max(iso.start() - 300, 0) : iso.end() + 50]  # dates in words
    for internal in ("Référence", "Poids", "Compte dans le score", "Canal", "Demandé à temps"):
        assert f'<th scope="row">{internal}</th>' not in history, internal
    assert "ajouté, échéance le" in text


def test_the_glossary_explains_the_method_words_and_every_acronym_of_the_pages(client):
    expected = {
        "score", "avancement", "points", "penalite", "mesurabilite", "axe",
        "administration-co-porteuse", "donnees-ouvertes", "mei", "decp", "csv", "json",
        "dcat", "rgaa", "cnil", "etalab",
    }  # fmt: skip
    terms = {t.slug: t for t in GlossaryTerm.objects.filter(slug__in=expected)}
    assert set(terms) == expected
    assert all(t.definition and t.definition_en and t.term_en for t in terms.values())
    assert "IRM" in terms["mei"].alias_list and "open data" in terms["donnees-ouvertes"].alias_list

    french = client.get("/glossaire/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/glossaire/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<dfn>pénalité</dfn>" in french
    assert "<dfn>penalty</dfn>" in english and "<dfn>commitment</dfn>" in english
    assert "<dfn>pénalité</dfn>" not in english


def test_plurals_agree_with_the_number_they_count(client, demo):
    commitment = Commitment.objects.filter(plan=demo, milestones_completed=1).first()
    if commitment is None:
        commitment = Commitment.objects.filter(plan=demo).first()
        commitment.milestones_completed, commitment.milestones_counted = 1, 3
        commitment.save(update_fields=["milestones_completed", "milestones_counted"])
    page = client.get(f"/plans/{demo.slug}/engagements/{commitment.number}/").content.decode()
    assert re.search(r"<dd>1 réalisé sur \d+, dont", page)

    empty = client.get("/engagements/?q=zzzzzzzz-introuvable").content.decode()
    assert "Aucun engagement" in empty and "0 engagement" not in empty


def test_a_commitment_without_summary_opens_without_an_empty_box(client, demo):
    commitment = Commitment.objects.filter(plan=demo).first()
    Commitment.objects.filter(pk=commitment.pk).update(summary="")

    html = client.get(f"/plans/{demo.slug}/engagements/{commitment.number}/").content.decode()

    resume = _section(html, "resume")
    assert "fr-callout" not in resume
    assert "pas encore de résumé" not in html


def test_a_qualitative_chart_gives_the_whole_name_of_every_level():
    long = "Publication complète de toutes les données de la commande publique"
    indicator = SimpleNamespace(
        name="Ouverture",
        kind=Indicator.Kind.QUALITATIVE,
        levels=["Rien", "Projet", long],
        unit="",
        baseline_value=0,
        baseline_date=datetime.date(2016, 1, 1),
        target_value=2,
        target_date=datetime.date(2017, 1, 1),
        measurements=SimpleNamespace(all=lambda: []),
    )

    html = str(indicator_chart(indicator, "c1"))

    assert f"<li>{long}</li>" in html
    assert "…" not in html.split("</svg>")[0]


def test_the_new_words_are_in_english_on_english_pages():
    record = _record("milestone", {"due_date": ["2016-03-12", None]}, repr_="Publish")

    with translation.override("en"):
        (entry,) = history_entries([record])

    assert entry.sentence == "Due date of milestone “Publish” to be set (it was March 12, 2016)."


def test_open_data_irm_and_decp_are_explained_where_a_commitment_page_uses_them(client, demo):
    commitment = Commitment.objects.filter(plan=demo, description__contains="IRM").first()
    Commitment.objects.filter(pk=commitment.pk).update(
        irm_assessment="Le MEI juge l'engagement limité.",
        summary="Publier les DECP en open data.",
    )

    html = client.get(f"/plans/{demo.slug}/engagements/{commitment.number}/").content.decode()

    for slug in ("mei", "decp", "donnees-ouvertes"):
        assert f'href="/glossaire/#{slug}"' in html, slug


def test_the_method_page_says_what_an_undated_milestone_counts_for(client, demo):
    html = client.get("/methode/").content.decode()

    assert "« échéance à préciser ») ne compte pas" in html
