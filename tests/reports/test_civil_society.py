"""The report's civil-society section (issue 13: "civil-society disagreements and unanswered
questions (when those exist)"): stated as of the end date, left out when there is nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from odf import teletype
from odf.opendocument import load
from odf.text import H

from civilsociety.models import Assessment, Question
from civilsociety.services import self_assessment_set
from commitments.models import Commitment
from reports import rules
from reports.services import report_data, report_generate, report_publish

from .conftest import END, START
from .test_done_when import odt_text, pdf_text

pytestmark = pytest.mark.django_db


def odt_headings(content: bytes) -> str:
    doc = load(io.BytesIO(content))
    return "\n".join(teletype.extractText(h) for h in doc.getElementsByType(H))


def test_section_states_disagreements_and_unanswered_questions_as_of_the_end(
    civil_society, coordinator
):
    plan = civil_society
    first = Commitment.objects.get(plan=plan, number=1)
    # after the end date the administration moved to « complet »: the report keeps « limité »
    self_assessment_set(
        commitment=first,
        level="complete",
        actor=coordinator,
        source="form",
        today=datetime.date(2016, 10, 1),
    )
    data = report_data(plan=plan, start=START, end=END, kind="annual")
    section = data["sections"]["civil_society"]
    assert [c["number"] for c in section] == [1, 2]  # commitment 3 has nothing to say
    one, two = section
    assert one["self_level"] == "limited"
    assert one["disagreements"] == [
        {
            "organisation": "Transparence Citoyenne",
            "level": "substantial",
            "assessed_on": "2016-06-01",
            "gap": 1,
        }
    ]
    assert one["unanswered"] == []
    assert two["disagreements"] == []
    assert [(q["asked_on"], q["days_open"]) for q in two["unanswered"]] == [
        ("2016-04-01", (END - datetime.date(2016, 4, 1)).days),  # answered only in August
        ("2016-05-01", (END - datetime.date(2016, 5, 1)).days),
    ]
    assert two["unanswered"][1]["text"] == "Quand les avis de la CADA seront-ils en ligne ?"


def test_section_is_absent_when_civil_society_has_nothing_to_say(plan, coordinator):
    report, _ = report_generate(plan=plan, start=START, end=END, actor=coordinator, source="form")
    assert "civil_society" not in report.data["sections"]
    report = report_publish(report=report, actor=coordinator, source="form")
    assert "Désaccords de la société civile" not in report.html
    assert 'id="rapport-civil_society"' not in report.html


def test_section_in_html_pdf_odt_and_frozen_once_published(civil_society, coordinator):
    plan = civil_society
    report, _ = report_generate(plan=plan, start=START, end=END, actor=coordinator, source="form")
    report = report_publish(report=report, actor=coordinator, source="form")
    html, pdf, odt = report.html, bytes(report.pdf), bytes(report.odt)
    for text in (html, pdf_text(pdf), odt_text(odt) + odt_headings(odt)):
        flat = " ".join(text.split())
        assert "Désaccords de la société civile et questions sans réponse" in flat
        assert "Transparence Citoyenne" in flat and "Substantiel" in flat
        assert "Quand les avis de la CADA seront-ils en ligne ?" in flat
        assert "Regards Citoyens" not in flat  # agrees with the administration
        assert "Question masquée" not in flat
    # the data change after publication: an answer, a hidden assessment, a new disagreement
    Question.objects.update(answered_at=datetime.datetime(2016, 6, 1, tzinfo=datetime.UTC))
    Assessment.objects.filter(organisation__slug="tc").update(
        hidden_at=datetime.datetime.now(datetime.UTC)
    )
    Assessment.objects.filter(organisation__slug="rc").update(level="complete")
    again = type(report).objects.get(pk=report.pk)
    assert again.html == html and bytes(again.pdf) == pdf and bytes(again.odt) == odt
    assert rules.data_sha256(again.data) == again.data_sha256 == report.data_sha256
    fresh = report_data(plan=plan, start=START, end=END, kind="annual")["sections"]
    assert fresh["civil_society"][0]["disagreements"][0]["organisation"] == "Regards Citoyens"
    assert [c["number"] for c in fresh["civil_society"]] == [1]


def test_section_reads_a_fixed_number_of_queries(civil_society, django_assert_num_queries):
    from reports.civil import civil_society as collect
    from reports.collect import ReportContext

    ctx = ReportContext(plan=civil_society, start=START, end=END)
    ctx.commitments  # noqa: B018 - the shared read, made by the commitments section
    with django_assert_num_queries(4):  # audit trail, self-assessments, assessments, questions
        collect(ctx)
