"""Plan import and export (format pgo-plan/1, JSON and XLSX): all or nothing, keyed, audited,
and an export imported again gives back the same data."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from commitments.models import (
    ActionPlan,
    Administration,
    AuditRecord,
    Commitment,
)
from indicators.models import Measurement
from tests.factories import CommitmentFactory, UserFactory
from tests.importexport.helpers import (
    ROWS_IN_VALID_FILE,
    SLUG,
    VALID_JSON,
    contributor,
    coordinator,
    db_state,
    import_file,
    import_valid,
    to_json,
    valid_doc,
)

pytestmark = pytest.mark.django_db


# Dry run ---------------------------------------------------------------------------------------


def test_a_dry_run_reports_what_would_change_and_writes_nothing():
    report = import_file(VALID_JSON, dry_run=True)

    assert report.ok and report.dry_run
    assert report.counts["commitment"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert report.counts["administration"]["created"] == 3
    assert "Simulation" in report.lines()[0]
    assert not ActionPlan.objects.exists() and not Administration.objects.exists()
    assert not AuditRecord.objects.exists()

    import_valid()
    state, audits = db_state(), AuditRecord.objects.count()
    doc = valid_doc()
    doc["commitments"][0]["milestones"][3]["title"] = "Publier le bilan final"
    report = import_file(to_json(doc), dry_run=True)
    assert report.counts["milestone"] == {"created": 0, "updated": 1, "unchanged": 4}
    assert db_state() == state and AuditRecord.objects.count() == audits


def test_a_dry_run_sees_a_link_to_a_row_created_by_the_same_file():
    CommitmentFactory(plan__slug=SLUG, number=2, lead_administration=None, axis=None)
    report = import_file(VALID_JSON, dry_run=True)

    assert report.counts["commitment"] == {"created": 1, "updated": 1, "unchanged": 0}


# Audit and scores ------------------------------------------------------------------------------


def test_each_imported_row_has_one_audit_record_with_the_actor_and_the_source_import():
    user = coordinator()

    import_valid(actor=user)

    records = AuditRecord.objects.all()
    assert records.count() == ROWS_IN_VALID_FILE
    assert {(r.actor_id, r.actor_label, r.source, r.action) for r in records} == {
        (user.pk, "coordinatrice", "import", "create")
    }
    assert records.filter(object_type="milestone").count() == 5
    cancelled = records.get(object_type="milestone", object_repr__startswith="Créer un tableau")
    assert cancelled.justification == "Remplacé par le tableau de bord national."
    assert Measurement.objects.filter(recorded_by=user).count() == 3


def test_the_import_recomputes_the_scores_of_what_changed_after_the_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.REDIS_URL = None
    with mock.patch("scoring.tasks.recompute_scores.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            import_valid()
        assert delay.call_count == 1
        assert delay.call_args.kwargs["commitment_ids"] == sorted(
            Commitment.objects.values_list("pk", flat=True)
        )
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            import_valid()
        assert callbacks == [] and delay.call_count == 1


def test_only_a_coordinator_or_a_superuser_may_import():
    with pytest.raises(PermissionDenied):
        import_file(VALID_JSON, actor=contributor())
    assert not ActionPlan.objects.exists() and not AuditRecord.objects.exists()

    superuser = UserFactory(username="admin", is_superuser=True)
    assert import_file(VALID_JSON, actor=superuser).ok


# Method v2: a calendar change in an import is the coordination team's decision -----------------


def test_a_calendar_change_imported_is_recorded_as_the_coordination_teams_decision():
    """In time (before the reference date), it moves the reference date; after it, it is
    shown and changes no point."""
    import datetime

    from milestones.models import Milestone, MilestoneRevision

    today = datetime.date.today()
    doc = valid_doc()
    milestones = doc["commitments"][0]["milestones"]
    future, past = milestones[-1], milestones[0]
    assert datetime.date.fromisoformat(past["due_date"]) < today
    future["due_date"] = future["original_due_date"] = (
        today + datetime.timedelta(days=30)
    ).isoformat()
    team = coordinator()
    assert import_file(to_json(doc), actor=team).ok
    later = Milestone.objects.get(commitment__number=1, reference=future["reference"])
    assert later.reference_due_date == today + datetime.timedelta(days=30)

    future["due_date"] = (today + datetime.timedelta(days=90)).isoformat()
    future["justification"] = "Décision du comité."
    past["due_date"], past["justification"] = "2030-01-01", "Nouveau calendrier."
    report = import_file(to_json(doc), actor=team)
    assert report.ok, report.lines()
    later.refresh_from_db()
    assert later.reference_due_date == today + datetime.timedelta(days=90)  # in time
    late = Milestone.objects.get(commitment__number=1, reference=past["reference"])
    assert late.due_date == datetime.date(2030, 1, 1)
    assert late.reference_due_date == late.original_due_date  # too late: no point changes
    revisions = {r.milestone_id: r for r in MilestoneRevision.objects.filter(source="import")}
    assert revisions[later.pk].timely and revisions[later.pk].status == "approved"
    assert not revisions[late.pk].timely and revisions[late.pk].status == "approved"
