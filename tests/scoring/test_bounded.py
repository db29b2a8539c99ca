"""The score work costs what changed, not the size of the database (issue 14, item 3): a
recompute after a change reads only the changed commitments, the roll-ups of their plans and of
the administrations they move; the full recompute goes through the commitments in batches.
Locked in without timing: by the ids every roll-up query is bounded to, by the number of SQL
statements at two sizes, and by the batches read. Partial recomputes still give exactly what a
full recompute gives."""

from __future__ import annotations

import datetime
import random
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment, Rollup
from scoring import recompute as recompute_module
from scoring import rollups as rollups_module
from scoring.recompute import scores_recompute
from scoring.rollups import ROLLUP_FIELDS, rollups_compute
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    CommitmentFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2016, 7, 1)


def world(plans: int, per_plan: int = 5, seed: int = 1) -> list[Commitment]:
    """``plans`` plans of ``per_plan`` commitments led by six shared administrations."""
    rng = random.Random(seed)
    admins = [AdministrationFactory() for _ in range(6)]
    made = []
    for _p in range(plans):
        plan = ActionPlanFactory()
        for number in range(1, per_plan + 1):
            c = CommitmentFactory(plan=plan, number=number, lead_administration=rng.choice(admins))
            for k in range(rng.randint(1, 3)):
                due = D(2015, 9, 1) + datetime.timedelta(days=rng.randint(0, 500))
                completed = rng.random() < 0.5
                MilestoneFactory(
                    commitment=c,
                    reference=f"j{k}",
                    status="completed" if completed else "planned",
                    due_date=due,
                    original_due_date=due,
                    completed_on=due if completed else None,
                )
            made.append(c)
    scores_recompute(as_of=AS_OF)
    return made


def stored_rollups() -> dict[str, dict]:
    return {
        r["key"]: r
        for r in Rollup.objects.values(
            "key", "plan_id", "axis_id", "administration_id", *ROLLUP_FIELDS
        )
    }


def full_rollups() -> dict[str, dict]:
    return {
        key: {k: row[k] for k in ("key", "plan_id", "axis_id", "administration_id", *ROLLUP_FIELDS)}
        for key, row in rollups_compute().items()
    }


def one_change_recompute(c: Commitment):
    """Complete a milestone of ``c`` and recompute ``c`` alone; the statements and the ids
    each roll-up computation was bounded to."""
    milestone = c.milestones.exclude(status="completed").first() or MilestoneFactory(
        commitment=c, reference="new", due_date=D(2016, 3, 1), original_due_date=D(2016, 3, 1)
    )
    milestone.status, milestone.completed_on = "completed", D(2016, 3, 1)
    milestone.save()
    calls = []
    real = rollups_module.rollups_compute

    def spy(**kwargs):
        calls.append({k: (None if v is None else set(v)) for k, v in kwargs.items()})
        return real(**kwargs)

    with (
        mock.patch.object(rollups_module, "rollups_compute", spy),
        CaptureQueriesContext(connection) as queries,
    ):
        report = scores_recompute(as_of=AS_OF, commitment_ids=[c.pk])
    assert report.commitments == 1
    return len(queries), calls


@pytest.mark.parametrize("plans", [2, 8])
def test_a_one_commitment_recompute_reads_only_its_plan_and_its_lead(plans):
    made = world(plans)
    c = made[-1]
    statements, calls = one_change_recompute(c)
    # the plan's roll-ups from its plan only; the all-plans roll-ups of its lead only (not of
    # every administration of the plan)
    assert calls == [
        {"plan_ids": {c.plan_id}, "administration_ids": set()},
        {"plan_ids": set(), "administration_ids": {c.lead_administration_id}},
    ]
    # savepoint; commitment, revisions, milestones, indicators; glossary, vague verbs; UPDATE, snapshot;
    # plan roll-ups read, three plan groupings; administration roll-ups read, one grouping;
    # roll-ups upsert; plans' and administrations' figures dates; release
    assert statements == 19
    assert stored_rollups() == full_rollups()


def test_the_statements_of_a_one_commitment_recompute_do_not_depend_on_size():
    small = one_change_recompute(world(2, seed=3)[0])[0]
    Rollup.objects.all().delete()
    Commitment.objects.all().delete()
    large = one_change_recompute(world(10, per_plan=8, seed=3)[0])[0]
    assert small == large


def test_a_commitment_that_changes_hands_moves_both_administrations_exactly():
    made = world(3, seed=7)
    c = made[0]
    before, after = c.lead_administration, AdministrationFactory()
    c.lead_administration = after
    c.save()
    _statements, calls = one_change_recompute(c)
    assert calls[1]["administration_ids"] == {before.pk, after.pk}
    assert stored_rollups() == full_rollups()
    assert Rollup.objects.get(key=f"administration:{after.pk}").commitments == 1


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_partial_recomputes_after_random_edits_equal_a_full_recompute(seed):
    rng = random.Random(seed)
    made = world(4, seed=seed)
    admins = list({c.lead_administration for c in made})
    for _round in range(4):
        edited = rng.sample(made, 3)
        for c in edited:
            if rng.random() < 0.4:
                c.lead_administration = rng.choice([*admins, None])
                c.save()
            done = rng.random() < 0.5
            MilestoneFactory(
                commitment=c,
                reference=f"r{_round}",
                due_date=D(2016, 1, 1) + datetime.timedelta(days=rng.randint(0, 300)),
                status="completed" if done else "planned",
                completed_on=D(2016, 2, 1) if done else None,
            )
        scores_recompute(as_of=AS_OF, commitment_ids=[c.pk for c in edited])
        assert stored_rollups() == full_rollups()


def test_the_full_recompute_reads_the_commitments_in_batches(settings):
    made = world(3, per_plan=10)
    Commitment.objects.update(method_version="")  # every row changes again
    settings.SCORES_BATCH_SIZE = 7
    real = recompute_module.read_inputs
    batches: list[int] = []

    def spy(ids, **kwargs):
        batches.append(len(ids))
        return real(ids, **kwargs)

    with mock.patch.object(recompute_module, "read_inputs", spy):
        report = scores_recompute(as_of=AS_OF)
    assert batches == [7, 7, 7, 7, 2]
    assert report.commitments == report.commitments_changed == len(made) == 30
    assert stored_rollups() == full_rollups()


def test_the_full_recompute_computes_the_rollups_a_chunk_of_plans_at_a_time(settings):
    made = world(5, per_plan=3)
    Rollup.objects.update(points=0)  # every roll-up is rewritten
    settings.ROLLUPS_PLAN_CHUNK = 2
    calls = []
    real = rollups_module.rollups_compute

    def spy(**kwargs):
        calls.append({k: (None if v is None else set(v)) for k, v in kwargs.items()})
        return real(**kwargs)

    with mock.patch.object(rollups_module, "rollups_compute", spy):
        scores_recompute(as_of=AS_OF)
    plans = sorted({c.plan_id for c in made})
    assert calls == [
        {"plan_ids": set(plans[0:2]), "administration_ids": set()},
        {"plan_ids": set(plans[2:4]), "administration_ids": set()},
        {"plan_ids": set(plans[4:5]), "administration_ids": set()},
        {"plan_ids": set(), "administration_ids": None},
    ]
    assert stored_rollups() == full_rollups()
