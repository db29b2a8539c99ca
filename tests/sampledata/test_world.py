import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F

from commitments.models import ActionPlan, Administration, AuditRecord, Axis, Commitment
from indicators.models import Indicator, Measurement
from milestones.models import Milestone
from sampledata.world import world_generate
from sampledata.world.vocabulary import VAGUE_VERBS

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 6, 1)


@pytest.fixture
def world():
    messages: list[str] = []
    counts = world_generate(commitments=200, seed=7, progress=messages.append, as_of=AS_OF)
    return counts, messages


def snapshot():
    return {
        "plans": list(
            ActionPlan.objects.order_by("slug").values_list(
                "slug", "title", "period_start", "period_end", "status"
            )
        ),
        "commitments": list(
            Commitment.objects.order_by("plan__slug", "number").values_list(
                "plan__slug",
                "number",
                "title",
                "lead_administration__slug",
                "start_date",
                "cost_amount",
                "no_additional_cost",
            )
        ),
        "milestones": list(
            Milestone.objects.order_by("commitment__plan__slug", "commitment__number", "reference")
            .values_list("title", "status", "due_date", "original_due_date", "completed_on")
            .iterator()
        ),
        "indicators": list(
            Indicator.objects.order_by("commitment__plan__slug", "commitment__number", "reference")
            .values_list("name", "kind", "baseline_value", "target_value", "levels")
            .iterator()
        ),
        "measurements": list(
            Measurement.objects.order_by(
                "indicator__commitment__plan__slug",
                "indicator__commitment__number",
                "indicator__reference",
                "date",
            )
            .values_list("date", "value")
            .iterator()
        ),
        "co_owners": sorted(
            Commitment.co_owners.through.objects.values_list(
                "commitment__plan__slug", "commitment__number", "administration__slug"
            )
        ),
    }


def assert_links_are_consistent():
    """Foreign keys point at the rows they were built for (FK checks are deferred in tests)."""
    commitment_ids = set(Commitment.objects.values_list("pk", flat=True))
    assert set(Milestone.objects.values_list("commitment_id", flat=True)) <= commitment_ids
    assert set(Indicator.objects.values_list("commitment_id", flat=True)) <= commitment_ids
    assert not Measurement.objects.filter(date__lt=F("indicator__baseline_date")).exists()
    assert not Milestone.objects.filter(due_date__lt=F("commitment__plan__period_start")).exists()
    assert not Commitment.objects.exclude(axis=None).exclude(axis__plan=F("plan")).exists()


def test_counts_are_in_the_expected_ranges(world):
    counts, _ = world
    assert counts["plans"] == ActionPlan.objects.count() == 3  # round(200 / 62)
    assert counts["commitments"] == Commitment.objects.count() == 200
    assert 140 <= Administration.objects.count() <= 170
    assert counts["milestones"] == Milestone.objects.count()
    assert 6 <= counts["milestones"] / 200 <= 10
    assert 1.6 <= counts["indicators"] / 200 <= 2.4
    assert 8 <= counts["measurements"] / counts["indicators"] <= 12
    assert counts["audit_records"] == AuditRecord.objects.count() == 203
    for plan in ActionPlan.objects.annotate(n_axes=Count("axes")):
        assert 3 <= plan.n_axes <= 6
        assert re.fullmatch(r"pan-(\d{4})-(\d{4})-\d+", plan.slug)
        assert plan.slug.startswith(f"pan-{plan.period_start.year}-{plan.period_start.year + 2}-")
        assert plan.period_start.year >= 1990 and plan.period_end.year <= 2027
        assert plan.commitments.exists()
    assert_links_are_consistent()


def test_milestones_respect_the_rules_and_mix_the_situations(world):
    situations = dict.fromkeys(
        (
            "on_time",
            "completed_late",
            "late",
            "not_yet_due",
            "rescheduled",
            "cancelled",
            "moved_after_the_deadline",
        ),
        0,
    )
    for m in Milestone.objects.all():
        assert m.is_illustrative
        assert (m.status == "completed") == (m.completed_on is not None)
        assert m.weight >= 0
        assert m.start_date is None or m.start_date <= m.due_date
        assert m.original_due_date <= m.due_date
        if m.status == "cancelled" or m.due_date != m.original_due_date:
            assert m.justification
        if m.completed_on:
            assert m.completed_on <= AS_OF
            assert m.start_date is None or m.start_date <= m.completed_on
            on_time = m.completed_on <= m.reference_due_date
            situations["on_time" if on_time else "completed_late"] += 1
        if m.is_late(AS_OF):  # a cancellation not approved in time is late too (method v2)
            situations["late"] += 1
        elif m.status in ("planned", "in_progress"):
            situations["not_yet_due"] += 1
        situations["rescheduled"] += m.is_rescheduled
        situations["cancelled"] += m.status == "cancelled" and not m.is_late(AS_OF)
        situations["moved_after_the_deadline"] += m.is_moved_after_deadline
        # every move or cancellation comes from an approved revision, in time or not
        revision = m.revisions.get() if m.is_rescheduled or m.status == "cancelled" else None
        if revision is not None:
            assert revision.status == "approved" and revision.decided_on <= AS_OF
            assert revision.timely == (revision.requested_on <= m.original_due_date)
            expected = m.due_date if revision.timely else m.original_due_date
            assert m.reference_due_date == expected
            assert m.counts_in_score == (not revision.timely or m.status != "cancelled")
        else:
            assert m.reference_due_date == m.original_due_date and m.counts_in_score
    total = sum(situations[k] for k in ("on_time", "completed_late", "late", "not_yet_due"))
    assert total + situations["cancelled"] == Milestone.objects.count()
    assert all(situations.values()), situations
    assert situations["on_time"] > situations["completed_late"]


def test_indicators_and_measurements_respect_the_rules(world):
    down = flat = qualitative = 0
    for indicator in Indicator.objects.prefetch_related("measurements"):
        assert indicator.is_illustrative
        assert indicator.baseline_date <= indicator.target_date
        values = [m.value for m in indicator.measurements.all()]
        assert len({m.date for m in indicator.measurements.all()}) == len(values)
        assert all(m.is_illustrative and m.date <= AS_OF for m in indicator.measurements.all())
        if indicator.kind == "qualitative":
            qualitative += 1
            assert 3 <= len(indicator.levels) <= 4
            assert all(isinstance(level, str) and level for level in indicator.levels)
            assert indicator.baseline_value == 0
            assert indicator.target_value == len(indicator.levels) - 1
            assert all(v == int(v) and 0 <= v <= indicator.target_value for v in values)
            assert values == sorted(values)
            indicator.full_clean()  # what a form would check
        else:
            assert indicator.levels == []
            down += indicator.target_value < indicator.baseline_value
            flat += indicator.target_value == indicator.baseline_value
            assert all(v >= 0 for v in values)
        if values:
            assert values[0] == indicator.baseline_value
    n = Indicator.objects.count()
    assert 0.08 * n <= qualitative <= 0.25 * n
    assert down >= 0.1 * n
    assert flat >= 1


def test_commitments_are_varied(world):
    commitments = list(Commitment.objects.prefetch_related("co_owners"))
    assert {c.number for c in commitments if c.plan_id == commitments[0].plan_id} == set(
        range(1, 1 + sum(c.plan_id == commitments[0].plan_id for c in commitments))
    )
    no_lead = [c for c in commitments if c.lead_administration_id is None]
    assert 1 <= len(no_lead) <= 20
    for c in commitments:
        co = {a.pk for a in c.co_owners.all()}
        assert len(co) <= 3 and c.lead_administration_id not in co
        assert c.start_date <= c.end_date
        if c.no_additional_cost:
            assert c.cost_amount is None
        if c.cost_amount is not None or c.no_additional_cost:
            assert c.cost_is_illustrative
    with_cost = sum(c.cost_amount is not None for c in commitments)
    no_cost = sum(c.no_additional_cost for c in commitments)
    assert with_cost > 20 and no_cost > 20 and with_cost + no_cost < 200
    assert 100 < sum(bool(c.co_owners.all()) for c in commitments) < 200
    vague = sum(c.title.split()[0] in VAGUE_VERBS for c in commitments)
    assert 30 < vague < 120
    assert any(c.title.startswith(("Publier", "Ouvrir")) for c in commitments)
    assert sum(bool(c.summary and c.objective and c.contact_email) for c in commitments) > 100
    assert sum(bool(c.action_types) for c in commitments) > 150
    assert Axis.objects.filter(commitments__isnull=False).exists()


def test_the_same_seed_gives_the_same_data():
    world_generate(commitments=120, seed=11, as_of=AS_OF)
    first = snapshot()
    ActionPlan.objects.all().delete()  # cascades to commitments, milestones, indicators…
    assert not Milestone.objects.exists()
    world_generate(commitments=120, seed=11, as_of=AS_OF)
    assert snapshot() == first
    ActionPlan.objects.all().delete()
    world_generate(commitments=120, seed=12, as_of=AS_OF)
    assert snapshot()["commitments"] != first["commitments"]


def test_it_adds_a_world_next_to_existing_data():
    first = world_generate(commitments=130, seed=1, as_of=AS_OF)
    second = world_generate(commitments=130, seed=1, as_of=AS_OF)
    assert first["plans"] == second["plans"] == 2
    assert second["administrations"] == second["partners"] == 0  # shared, reused by name
    assert ActionPlan.objects.count() == 4
    assert Commitment.objects.count() == 260
    assert sorted(ActionPlan.objects.values_list("slug", flat=True)) == [
        "pan-1990-1992-1",
        "pan-1990-1992-3",
        "pan-2025-2027-2",
        "pan-2025-2027-4",
    ]
    assert_links_are_consistent()


def test_it_works_when_the_database_does_not_return_ids(monkeypatch):
    """SQLite before 3.35 does not return the ids of a bulk insert: they are read back."""
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    counts = world_generate(commitments=70, seed=2, as_of=AS_OF)
    assert counts["commitments"] == 70 and Measurement.objects.count() == counts["measurements"]
    assert_links_are_consistent()


def test_the_command_prints_its_progress_and_can_run_twice():
    out = StringIO()
    call_command("generate_world", "--commitments", "70", "--seed", "3", stdout=out)
    call_command("generate_world", "--commitments", "70", stdout=out)
    text = out.getvalue()
    assert "plans…" in text
    assert "commitments 70/70…" in text
    assert "milestones…" in text and "measurements…" in text
    assert "commitments 70" in text and "done in" in text
    assert ActionPlan.objects.count() == 2
    assert Commitment.objects.count() == 140


def test_the_command_refuses_a_non_positive_size():
    with pytest.raises(CommandError):
        call_command("generate_world", "--commitments", "0")
