"""A late milestone's delay explanation in a report: the one in force on the end date (the
latest given by then, even when it was replaced afterwards), with its date and how many were
given before it — the audit trail keeps them all."""

from __future__ import annotations

import datetime

import pytest

from milestones.models import Milestone
from milestones.services import milestone_explain_delay
from reports import rules
from reports.services import report_data, report_generate, report_publish

from .conftest import END, START

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_report_shows_the_explanation_in_force_on_the_end_date(plan, coordinator):
    api = Milestone.objects.get(commitment__plan=plan, reference="j2")  # due 2016-05-01
    Milestone.objects.filter(pk=api.pk).update(delay_explanation="", delay_explained_on=None)
    for day, text in (
        (D(2016, 5, 10), "Le prestataire n'est pas encore choisi."),
        (D(2016, 6, 20), "Le marché du prestataire a été attribué en retard."),
        (D(2016, 9, 1), "L'API est en recette, ouverture en octobre."),  # after the end
    ):
        assert milestone_explain_delay(
            milestone=Milestone.objects.get(pk=api.pk),
            explanation=text,
            actor=coordinator,
            source="form",
            as_of=day,
        )
    data = report_data(plan=plan, start=START, end=END, kind="annual")
    first = next(c for c in data["sections"]["commitments"] if c["number"] == 1)
    (late,) = first["late"]
    assert late["explanation"] == "Le marché du prestataire a été attribué en retard."
    assert late["explained_on"] == "2016-06-20"
    assert late["earlier_explanations"] == 1

    report, _ = report_generate(plan=plan, start=START, end=END, actor=coordinator, source="form")
    html = report_publish(report=report, actor=coordinator, source="form").html
    assert "Explication donnée le 20 juin 2016 : Le marché du prestataire" in html
    assert "(1 explication antérieure, remplacée par celle-ci.)" in html
    assert "en recette" not in html

    # before the second one, the first was in force, with nothing earlier
    early = report_data(plan=plan, start=START, end=D(2016, 6, 1), kind="custom")
    (late,) = next(c for c in early["sections"]["commitments"] if c["number"] == 1)["late"]
    assert (late["explained_on"], late["earlier_explanations"]) == ("2016-05-10", 0)


def test_explanations_as_of_merges_the_trail_and_todays_value_once():
    history = [(D(2016, 5, 10), "a"), (D(2016, 6, 20), "b")]
    assert (
        rules.explanations_as_of(
            history=history, current=(D(2016, 6, 20), "b"), as_of=D(2016, 7, 15)
        )
        == history
    )
    # loaded without an audit record (demo data): today's value alone
    assert rules.explanations_as_of(
        history=[], current=(D(2016, 6, 1), " c "), as_of=D(2016, 7, 15)
    ) == [(D(2016, 6, 1), "c")]
    assert rules.explanations_as_of(history=history, current=(None, ""), as_of=D(2016, 6, 1)) == [
        (D(2016, 5, 10), "a")
    ]
