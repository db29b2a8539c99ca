"""The demo has a consultation (retained, merged, not retained proposals) and a published
report to Parliament, so every public page and list of issue 13 shows something after
``make run``; a rerun changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from commitments.models import AuditRecord
from consultations.models import Consultation, Proposal
from reports.models import Report

pytestmark = pytest.mark.django_db


def state():
    return {
        "proposals": sorted(
            Proposal.objects.values_list(
                "external_id", "outcome", "reason", "commitments__number", "updated_at"
            )
        ),
        "reports": sorted(
            Report.objects.values_list("pk", "status", "data_sha256", "published_at")
        ),
        "audits": AuditRecord.objects.count(),
    }


def test_load_demo_adds_a_consultation_and_a_published_report_once(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    consultation = Consultation.objects.get(slug="consultation-pan-2015-2017")
    assert consultation.plan.slug == "pan-2015-2017"
    assert "illustratives" in consultation.name  # nothing invented passes for real
    outcomes = {p.external_id: p for p in consultation.proposals.all()}
    assert {p.outcome for p in outcomes.values()} == {"retained", "merged", "not_retained"}
    assert [c.number for c in outcomes["DEMO-01"].commitments.all()] == [2]
    assert sorted(c.number for c in outcomes["DEMO-04"].commitments.all()) == [16, 17]
    for p in outcomes.values():
        if p.outcome == "not_retained":
            assert p.reason and not p.commitments.exists()
    assert AuditRecord.objects.filter(object_type="proposal", action="create").count() == 6

    report = Report.objects.get()
    assert report.is_published and report.kind == "annual"
    assert (str(report.period_start), str(report.period_end)) == ("2015-07-16", "2016-07-15")
    assert bytes(report.pdf).startswith(b"%PDF") and bytes(report.odt)
    assert report.data_sha256 in report.html
    published = AuditRecord.objects.get(object_type="report", changes__status__1="published")
    assert (published.source, published.actor_label) == ("command", "load_demo")

    assert client.get("/consultations/consultation-pan-2015-2017/").status_code == 200
    assert client.get(f"/rapports/{report.pk}/").status_code == 200

    before = state()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert state() == before
    assert "déjà à jour" in out.getvalue()
