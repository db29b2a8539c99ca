"""Issue 13, "Done when": a report generated on a fixture plan states the figures of the pure
rules as of its end date; once published, changing the data changes nothing of it (HTML, PDF
text, ODT text, files, hash)."""

from __future__ import annotations

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from odf import teletype
from odf.opendocument import load
from odf.text import P
from pypdf import PdfReader

from civilsociety.models import Assessment, Question
from commitments import rules
from commitments.models import Commitment
from indicators.models import Measurement
from milestones.models import Milestone, MilestoneRevision
from reports import rules as report_rules
from reports.models import Report
from reports.services import report_generate, report_publish
from scoring.recompute import scores_recompute

from .conftest import END, START

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def odt_text(content: bytes) -> str:
    doc = load(io.BytesIO(content))
    return "\n".join(teletype.extractText(p) for p in doc.getElementsByType(P))


def expected_score(commitment: Commitment, as_of: datetime.date) -> rules.CommitmentScore:
    """The pure rules, fed by hand from the rows (facts after ``as_of`` left out)."""
    milestones = []
    for m in commitment.milestones.order_by("id"):
        revisions = tuple(
            rules.RevisionInput(
                kind=r.kind,
                decided_on=r.decided_on,
                moves_reference=True,
                new_due_date=r.new_due_date,
                order=r.pk,
            )
            for r in m.revisions.filter(status="approved", timely=True, decided_on__lte=as_of)
        )
        milestones.append(
            rules.MilestoneInput(
                status=m.status,
                original_due_date=m.original_due_date,
                completed_on=m.completed_on,
                weight=m.weight,
                revisions=revisions,
            )
        )
    indicators = []
    for i in commitment.indicators.order_by("id"):
        last = i.measurements.filter(date__lte=as_of).order_by("-date").first()
        indicators.append(
            rules.IndicatorInput(
                baseline=i.baseline_value,
                target=i.target_value,
                current=last.value if last else None,
                kind=i.kind,
                weight=i.weight,
            )
        )
    return rules.commitment_score(milestones=milestones, indicators=indicators, as_of=as_of)


def test_report_states_the_rules_as_of_its_end_and_publishing_freezes_it(
    plan, civil_society, coordinator
):
    scores_recompute(as_of=datetime.date.today())  # today's stored scores differ
    report, created = report_generate(
        plan=plan, start=START, end=END, actor=coordinator, source="form", kind="annual"
    )
    assert created and report.status == "draft"
    data = report.data
    assert data["as_of"] == "2016-07-15" and data["method_version"] == rules.METHOD_VERSION
    assert report.data_sha256 == report_rules.data_sha256(data)

    rows = {c["number"]: c for c in data["sections"]["commitments"]}
    assert sorted(rows) == [1, 2, 3]
    for commitment in Commitment.objects.filter(plan=plan):
        want = expected_score(commitment, END)
        got = rows[commitment.number]
        assert got["status"] == want.status
        assert got["progress"] == (None if want.progress is None else str(want.progress))
        assert got["score"] == (None if want.score is None else str(want.score))
        assert got["points"] == str(want.points) and got["max_points"] == str(want.maximum)
        assert got["late_milestones"] == want.late_milestones
    first = Commitment.objects.get(plan=plan, number=1)
    # the measurement of September 2016 is ignored: 40 %, not today's 90 %
    assert Decimal(rows[1]["progress"]) != first.progress
    assert rows[1]["status"] == rules.STATUS_LATE and rows[2]["status"] == rules.STATUS_LATE
    assert rows[3]["status"] == rules.STATUS_NOT_MEASURABLE

    # late milestones and their explanations, as of the end date
    assert [m["title"] for m in rows[1]["late"]] == ["Ouvrir l'API"]
    assert rows[1]["late"][0]["explanation"].startswith("Le marché du prestataire")
    assert rows[1]["late"][0]["days_late"] == (END - datetime.date(2016, 5, 1)).days
    assert rows[2]["late"][0]["explanation"] == ""  # late, not explained
    # revisions: one in time (moves the reference), one retroactive (moves nothing)
    assert [(r["milestone"], r["timely"]) for r in rows[1]["revisions"]] == [
        ("Former les acheteurs", True)
    ]
    assert [(r["milestone"], r["timely"]) for r in rows[2]["revisions"]] == [
        ("Mettre en ligne les avis", False)
    ]
    headline = data["sections"]["headline"]
    assert headline["commitments"] == 3 and headline["late_milestones"] == 2
    assert headline["by_status"][rules.STATUS_LATE] == 2
    assert data["sections"]["changes"]["previous"] is None
    assert data["sections"]["method"]["version"] == rules.METHOD_VERSION
    assert [c["number"] for c in data["sections"]["civil_society"]] == [1, 2]

    published = report_publish(report=report, actor=coordinator, source="form")
    stored = Report.objects.get(pk=published.pk)
    html, pdf, odt = stored.html, bytes(stored.pdf), bytes(stored.odt)
    sha = stored.data_sha256
    assert sha in html and sha in pdf_text(pdf).replace("\n", "") and sha in odt_text(odt)
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "fr"  # tagged (PDF/UA)
    for text in (html, pdf_text(pdf), odt_text(odt)):
        assert "Ouvrir les données des marchés publics" in text
        assert "Le marché du prestataire a été attribué en retard." in text
        assert "Rétroactif" in text
        assert "Transparence Citoyenne" in " ".join(text.split())  # civil society (PDF wraps)

    # the data change: a milestone completed, a measurement, a title, a cost, a revision
    Milestone.objects.filter(commitment=first, reference="j2").update(
        status="completed", completed_on=datetime.date(2016, 7, 1)
    )
    Measurement.objects.create(
        indicator=first.indicators.get(), date=datetime.date(2016, 7, 10), value=Decimal(100)
    )
    Commitment.objects.filter(pk=first.pk).update(
        title="Titre changé après publication", cost_amount=Decimal(1)
    )
    MilestoneRevision.objects.update(reason="Motif réécrit")
    Question.objects.update(answered_at=timezone.now(), answer="Enfin une réponse.")
    Assessment.objects.update(level="complete")
    scores_recompute(as_of=datetime.date.today())

    again = Report.objects.get(pk=published.pk)
    assert again.data == data and again.data_sha256 == sha == report_rules.data_sha256(again.data)
    assert again.html == html and bytes(again.pdf) == pdf and bytes(again.odt) == odt
    assert pdf_text(bytes(again.pdf)) == pdf_text(pdf)
    assert odt_text(bytes(again.odt)) == odt_text(odt)
    # and a regeneration of the same period now would say otherwise: the freeze is real
    fresh = report_rules.data_sha256(
        __import__("reports.services", fromlist=["report_data"]).report_data(
            plan=plan, start=START, end=END, kind="annual"
        )
    )
    assert fresh != sha


def test_the_public_pages_serve_the_stored_bytes(client, plan, coordinator):
    report, _ = report_generate(plan=plan, start=START, end=END, actor=coordinator, source="form")
    report = report_publish(report=report, actor=coordinator, source="form")
    page = client.get(f"/rapports/{report.pk}/")
    assert page.status_code == 200
    assert report.data_sha256 in page.content.decode()
    pdf = client.get(f"/rapports/{report.pk}/rapport.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(report.pdf)
    odt = client.get(f"/rapports/{report.pk}/rapport.odt")
    assert odt.content == bytes(report.odt)
    data = client.get(f"/rapports/{report.pk}/donnees.json")
    assert hashlib.sha256(data.content).hexdigest() == report.data_sha256
    Commitment.objects.filter(plan=plan).update(title="Changé")
    assert client.get(f"/rapports/{report.pk}/rapport.pdf").content == pdf.content
