"""The set-wise recompute agrees with the pure rules, writes only changes, in fixed SQL."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments import rules
from commitments.models import Commitment, GlossaryTerm, Rollup, ScoreSnapshot, VagueVerb
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
)

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2016, 7, 1)


def random_world(seed: int, commitments: int = 30):
    rng = random.Random(seed)
    plan = ActionPlanFactory()
    axes = [AxisFactory(plan=plan, number=n) for n in (1, 2, 3)]
    admins = [AdministrationFactory() for _ in range(4)]
    for number in range(1, commitments + 1):
        c = CommitmentFactory(
            plan=plan,
            number=number,
            axis=rng.choice([*axes, None]),
            lead_administration=rng.choice([*admins, None]),
        )
        for k in range(rng.randint(0, 6)):
            status = rng.choice(["planned", "in_progress", "completed", "cancelled"])
            due = D(2015, 8, 1) + datetime.timedelta(days=rng.randint(0, 700))
            m = MilestoneFactory(
                commitment=c,
                reference=f"j{k}",
                status=status,
                due_date=due,
                original_due_date=due,
                completed_on=due + datetime.timedelta(days=rng.randint(-60, 60))
                if status == "completed"
                else None,
                justification="Raison" if status == "cancelled" else "",
                weight=Decimal(rng.choice(["0", "0.5", "1", "1", "2"])),
            )
            for _r in range(rng.choice([0, 0, 0, 1, 2])):
                requested = due + datetime.timedelta(days=rng.randint(-90, 30))
                cancel = status == "cancelled" and rng.random() < 0.7
                decision = rng.choice(["approved", "approved", "refused", "pending"])
                MilestoneRevisionFactory(
                    milestone=m,
                    kind="cancellation" if cancel else "reschedule",
                    new_due_date=None
                    if cancel
                    else due + datetime.timedelta(days=rng.randint(-20, 200)),
                    requested_on=requested,
                    reference_at_request=due,
                    status=decision,
                    decided_on=None
                    if decision == "pending"
                    else requested + datetime.timedelta(days=rng.randint(0, 60)),
                )
        for k in range(rng.randint(0, 3)):
            if rng.random() < 0.2:
                levels = ["a", "b", "c", "d"][: rng.randint(2, 4)]
                ind = IndicatorFactory(
                    commitment=c,
                    reference=f"i{k}",
                    kind="qualitative",
                    levels=levels,
                    baseline_value=0,
                    target_value=len(levels) - 1,
                )
                values = range(len(levels))
            else:
                b = Decimal(rng.choice([0, 10, 50, 120]))
                t = rng.choice([b, b + 100, b - 40])
                ind = IndicatorFactory(
                    commitment=c,
                    reference=f"i{k}",
                    baseline_value=b,
                    target_value=t,
                    weight=Decimal(rng.choice(["1", "0.5", "3"])),
                )
                values = [b + Decimal(v) for v in range(-20, 160, 7)]
            for j in range(rng.randint(0, 3)):
                MeasurementFactory(
                    indicator=ind,
                    date=D(2015, 9, 1) + datetime.timedelta(days=120 * j + rng.randint(0, 100)),
                    value=Decimal(rng.choice(list(values))),
                )
    return plan


def pure_score(c: Commitment, as_of: datetime.date) -> rules.CommitmentScore:
    milestones = [
        rules.MilestoneInput(
            m.status,
            m.original_due_date,
            m.completed_on,
            m.weight,
            revisions=tuple(r.as_rule_input() for r in m.revisions.all() if r.status != "pending"),
        )
        for m in c.milestones.all()
    ]
    indicators = []
    for i in c.indicators.all():
        latest = i.measurements.filter(date__lte=as_of).order_by("-date").first()
        indicators.append(
            rules.IndicatorInput(
                baseline=i.baseline_value,
                target=i.target_value,
                current=latest.value if latest else None,
                kind=i.kind,
                level_count=len(i.levels) if i.kind == "qualitative" else None,
                weight=i.weight,
            )
        )
    return rules.commitment_score(milestones=milestones, indicators=indicators, as_of=as_of)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_set_wise_recompute_gives_the_numbers_of_the_pure_rules(seed):
    random_world(seed)
    scores_recompute(as_of=AS_OF)
    for c in Commitment.objects.prefetch_related("milestones", "indicators"):
        expected = pure_score(c, AS_OF)
        assert c.progress == expected.progress, c.pk
        assert c.points == expected.points, c.pk
        assert c.max_points == expected.maximum, c.pk
        assert c.penalty == expected.penalty, c.pk
        assert c.score == expected.score, c.pk
        assert c.status == expected.status, c.pk
        assert c.late_milestones == expected.late_milestones
        assert c.milestones_completed == expected.milestones_completed
        assert c.milestones_completed_on_time == expected.milestones_completed_on_time
        assert c.milestones_counted == expected.milestones_counted
        assert c.method_version == rules.METHOD_VERSION
        assert 0 <= c.measurability <= 8
        assert len(c.measurability_failures) == 8 - c.measurability


def writes(queries) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(verbs)]


def test_an_unchanged_rerun_writes_nothing():
    random_world(4)
    first = scores_recompute(as_of=AS_OF)
    assert first.commitments_changed == 30
    snapshots = ScoreSnapshot.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        again = scores_recompute(as_of=AS_OF)
    assert not again.wrote_anything
    assert writes(ctx.captured_queries) == []
    assert ScoreSnapshot.objects.count() == snapshots


def test_a_change_rewrites_only_that_commitment_and_snapshots_it():
    random_world(5, commitments=10)
    scores_recompute(as_of=AS_OF)
    # a completion dated after as_of would be ignored (method v2): pick one due by then
    c = Commitment.objects.filter(
        milestones__status="planned", milestones__due_date__lte=AS_OF
    ).first()
    m = c.milestones.filter(status="planned", due_date__lte=AS_OF).first()
    m.status, m.completed_on = "completed", m.due_date
    m.save()
    report = scores_recompute(as_of=AS_OF)
    assert report.changed_ids == [c.pk]
    assert ScoreSnapshot.objects.filter(commitment=c, date=AS_OF).count() == 1


def test_days_passing_make_milestones_late_without_any_edit():
    c = CommitmentFactory()
    MilestoneFactory(commitment=c, due_date=D(2016, 7, 1))
    scores_recompute(as_of=D(2016, 7, 1))
    c.refresh_from_db()
    assert (c.late_milestones, c.points) == (0, 0)
    scores_recompute(as_of=D(2016, 7, 2))
    c.refresh_from_db()
    assert (c.late_milestones, c.points, c.penalty) == (1, Decimal(-5), Decimal(5))
    assert c.score == 0
    assert list(c.snapshots.values_list("date", flat=True)) == [D(2016, 7, 1), D(2016, 7, 2)]


def test_measurements_after_as_of_are_ignored():
    i = IndicatorFactory()
    MeasurementFactory(indicator=i, date=D(2016, 1, 1), value=20)
    MeasurementFactory(indicator=i, date=D(2017, 1, 1), value=80)
    scores_recompute(as_of=D(2016, 7, 1))
    assert Commitment.objects.get().progress == Decimal("20.00")
    scores_recompute(as_of=D(2017, 7, 1))
    assert Commitment.objects.get().progress == Decimal("80.00")


def count_statements(size: int) -> int:
    plan = ActionPlanFactory()
    for n in range(1, size + 1):
        c = CommitmentFactory(plan=plan, number=n)
        MilestoneFactory(commitment=c)
        MeasurementFactory(indicator=IndicatorFactory(commitment=c))
    with CaptureQueriesContext(connection) as ctx:
        scores_recompute(as_of=AS_OF)
    return len(ctx.captured_queries)


# savepoint, vague verbs, glossary; per batch: its ids, commitments, revisions, milestones,
# indicators with their latest value, commitments update, snapshots upsert; the next (empty)
# batch's ids; the plans' ids, then per chunk of plans: three roll-up groupings, roll-ups
# read, upsert, plans' and administrations' figures dates; then the administrations' grouping,
# roll-ups read, upsert, administrations' figures dates; release
RECOMPUTE_STATEMENTS = 24


@pytest.mark.parametrize("size", [3, 40])
def test_the_number_of_sql_statements_does_not_depend_on_size(size):
    assert count_statements(size) == RECOMPUTE_STATEMENTS


def test_rollups_per_plan_axis_and_administration():
    plan = ActionPlanFactory()
    axis = AxisFactory(plan=plan, number=1)
    admin = AdministrationFactory()
    a = CommitmentFactory(plan=plan, axis=axis, lead_administration=admin)
    b = CommitmentFactory(plan=plan, axis=axis, lead_administration=admin)
    CommitmentFactory(plan=plan, axis=None, lead_administration=admin)  # not measurable
    MilestoneFactory(
        commitment=a, status="completed", completed_on=D(2016, 1, 1), due_date=D(2016, 2, 1)
    )
    MilestoneFactory(commitment=b, due_date=D(2016, 2, 1))  # late on AS_OF
    scores_recompute(as_of=AS_OF)
    r = Rollup.objects.get(key=f"plan:{plan.pk}")
    assert r.commitments == 3
    assert r.progress == Decimal("50.00")  # (100 + 0) / 2, the not measurable one skipped
    assert (r.points, r.max_points, r.late_milestones) == (Decimal(5), Decimal(20), 1)
    assert r.score == Decimal("25.00")
    assert (r.milestones_counted, r.milestones_completed, r.milestones_completed_on_time) == (
        2,
        1,
        1,
    )
    assert Rollup.objects.get(key=f"axis:{plan.pk}:{axis.pk}").commitments == 2
    assert Rollup.objects.get(key=f"administration:{admin.pk}").commitments == 3
    assert Rollup.objects.get(key=f"plan_administration:{plan.pk}:{admin.pk}").score == Decimal(
        "25.00"
    )


def test_a_rollup_that_no_longer_applies_is_removed():
    c = CommitmentFactory()
    scores_recompute(as_of=AS_OF)
    key = f"administration:{c.lead_administration_id}"
    assert Rollup.objects.filter(key=key).exists()
    c.lead_administration = AdministrationFactory()
    c.save()
    scores_recompute(as_of=AS_OF)
    assert not Rollup.objects.filter(key=key).exists()


def test_measurability_flags_the_vague_verbs_of_the_real_titles():
    c = CommitmentFactory(
        title="Renforcer la transparence des paiements issus des industries extractives",
        objective="Publier les paiements",
    )
    scores_recompute(as_of=AS_OF)
    c.refresh_from_db()
    failures = {f["code"]: f["reason"] for f in c.measurability_failures}
    assert "« renforcer »" in failures["no_vague_verbs"]
    VagueVerb.objects.filter(infinitive="renforcer").update(active=False)
    scores_recompute(as_of=AS_OF)
    c.refresh_from_db()
    assert "no_vague_verbs" not in {f["code"] for f in c.measurability_failures}


def test_a_fully_written_commitment_scores_eight_of_eight():
    plan = ActionPlanFactory()
    GlossaryTerm.objects.update_or_create(
        slug="iati", defaults={"term": "IATI", "definition": "Un standard de publication."}
    )
    c = CommitmentFactory(
        plan=plan,
        title="Publier les données de l'aide au développement",
        objective="Publier 100 % des projets au standard IATI d'ici 2017",
        summary="L'État publie chaque projet d'aide au standard IATI.",
        contact_name="Jeanne Martin",
        cost_amount=Decimal(120000),
        action_data=True,
    )
    IndicatorFactory(commitment=c)
    MilestoneFactory(commitment=c, due_date=D(2016, 1, 1))
    MilestoneFactory(commitment=c, due_date=D(2017, 1, 1))
    scores_recompute(as_of=AS_OF)
    c.refresh_from_db()
    assert c.measurability_failures == []
    assert c.measurability == 8


def test_a_milestone_outside_the_plan_period_fails_the_calendar_criterion():
    c = CommitmentFactory()
    MilestoneFactory(commitment=c, due_date=D(2016, 1, 1))
    MilestoneFactory(commitment=c, due_date=D(2019, 1, 1))
    scores_recompute(as_of=AS_OF)
    c.refresh_from_db()
    reasons = {f["code"]: f["reason"] for f in c.measurability_failures}
    assert "1 jalon(s) hors de la période" in reasons["calendar"]


def test_recompute_of_a_subset_leaves_the_others_alone():
    a, b = CommitmentFactory(), CommitmentFactory()
    MilestoneFactory(commitment=a, due_date=D(2016, 1, 1))
    MilestoneFactory(commitment=b, due_date=D(2016, 1, 1))
    report = scores_recompute(as_of=AS_OF, commitment_ids=[a.pk])
    assert report.commitments == 1
    b.refresh_from_db()
    assert b.method_version == ""
