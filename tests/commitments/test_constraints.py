"""Every database constraint refuses a violating row, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from commitments.models import ActionPlan, Axis, Commitment
from indicators.models import Indicator, Measurement
from milestones.models import Milestone
from tests.factories import (
    ActionPlanFactory,
    AxisFactory,
    CommitmentFactory,
    IndicatorFactory,
    MeasurementFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_it_refuses_a_plan_whose_period_ends_before_it_starts():
    assert refused(
        lambda: ActionPlan.objects.create(
            slug="pan-x", title="X", period_start=D(2017, 1, 1), period_end=D(2016, 1, 1)
        )
    )


def test_it_refuses_a_second_plan_with_the_same_slug():
    ActionPlanFactory(slug="pan-2015-2017")
    assert refused(lambda: ActionPlanFactory(slug="pan-2015-2017"))


def test_it_refuses_two_axes_with_the_same_number_in_a_plan():
    axis = AxisFactory(number=1)
    assert refused(lambda: Axis.objects.create(plan=axis.plan, number=1, title="B", slug="b"))
    assert not refused(lambda: AxisFactory(number=1))  # another plan may reuse it


def test_it_refuses_a_duplicate_commitment_number_in_the_same_plan():
    c = CommitmentFactory(number=2)
    assert refused(lambda: CommitmentFactory(plan=c.plan, number=2))
    assert not refused(lambda: CommitmentFactory(number=2))


def test_it_refuses_commitment_number_zero():
    assert refused(lambda: CommitmentFactory(number=0))


def test_it_refuses_a_commitment_ending_before_it_starts():
    assert refused(lambda: CommitmentFactory(start_date=D(2017, 1, 1), end_date=D(2016, 1, 1)))


@pytest.mark.parametrize("field", ["cost_amount", "cost_staff_fte"])
def test_it_refuses_a_negative_cost(field):
    assert refused(lambda: CommitmentFactory(**{field: Decimal("-1")}))


def test_it_refuses_an_amount_on_a_commitment_with_no_additional_cost():
    assert refused(lambda: CommitmentFactory(no_additional_cost=True, cost_amount=Decimal(10)))
    assert not refused(lambda: CommitmentFactory(no_additional_cost=True, cost_amount=None))


def test_it_refuses_a_negative_indicator_weight():
    assert refused(lambda: IndicatorFactory(weight=Decimal("-0.5")))
    assert not refused(lambda: IndicatorFactory(weight=Decimal(0)))


def test_it_refuses_an_indicator_target_date_before_its_baseline_date():
    assert refused(lambda: IndicatorFactory(baseline_date=D(2017, 1, 1), target_date=D(2016, 1, 1)))


def test_it_refuses_a_qualitative_indicator_not_starting_at_level_zero():
    assert refused(
        lambda: IndicatorFactory(
            kind=Indicator.Kind.QUALITATIVE, levels=["a", "b"], baseline_value=Decimal(1)
        )
    )


def test_it_refuses_an_unknown_indicator_kind():
    assert refused(lambda: IndicatorFactory(kind="magic"))


def test_it_refuses_two_indicators_with_the_same_reference_in_a_commitment():
    i = IndicatorFactory(reference="i1")
    assert refused(lambda: IndicatorFactory(commitment=i.commitment, reference="i1"))


def test_it_refuses_two_measurements_of_an_indicator_on_the_same_date():
    m = MeasurementFactory()
    assert refused(lambda: Measurement.objects.create(indicator=m.indicator, date=m.date, value=1))


def test_it_refuses_a_negative_milestone_weight():
    assert refused(lambda: MilestoneFactory(weight=Decimal(-1)))


def test_it_refuses_a_milestone_due_before_it_starts():
    assert refused(lambda: MilestoneFactory(start_date=D(2016, 8, 1), due_date=D(2016, 7, 1)))


def test_it_refuses_a_completed_milestone_without_completion_date():
    assert refused(lambda: MilestoneFactory(status=Milestone.Status.COMPLETED, completed_on=None))
    assert not refused(
        lambda: MilestoneFactory(status=Milestone.Status.COMPLETED, completed_on=D(2016, 6, 1))
    )


def test_it_refuses_a_completion_date_on_a_milestone_that_is_not_completed():
    assert refused(
        lambda: MilestoneFactory(status=Milestone.Status.PLANNED, completed_on=D(2016, 6, 1))
    )


def test_it_refuses_an_unjustified_cancellation():
    assert refused(lambda: MilestoneFactory(status=Milestone.Status.CANCELLED, justification=""))
    assert not refused(
        lambda: MilestoneFactory(status=Milestone.Status.CANCELLED, justification="Remplacé")
    )


def test_it_refuses_an_unjustified_new_due_date_and_keeps_the_original():
    assert refused(
        lambda: MilestoneFactory(due_date=D(2016, 9, 1), original_due_date=D(2016, 7, 1))
    )
    m = MilestoneFactory(
        due_date=D(2016, 9, 1), original_due_date=D(2016, 7, 1), justification="Retard du décret"
    )
    assert m.is_rescheduled


def test_it_refuses_an_unknown_milestone_status():
    assert refused(lambda: MilestoneFactory(status="done"))


def test_it_refuses_two_milestones_with_the_same_reference_in_a_commitment():
    m = MilestoneFactory(reference="j1")
    assert refused(lambda: MilestoneFactory(commitment=m.commitment, reference="j1"))


def test_a_milestone_is_late_when_not_completed_past_its_reference_date():
    m = MilestoneFactory.build(due_date=D(2016, 7, 1))
    assert not m.is_late(D(2016, 7, 1))
    assert m.is_late(D(2016, 7, 2))
    m.status, m.completed_on = Milestone.Status.COMPLETED, D(2016, 8, 1)
    assert not m.is_late(D(2020, 1, 1))
    assert m.is_late(D(2016, 7, 20))  # its completion is after that day
    m.status, m.completed_on = Milestone.Status.CANCELLED, None
    assert m.is_late(D(2020, 1, 1))  # not cancelled in time: still due (method v2)
    m.counts_in_score = False  # cancelled by a request approved in time
    assert not m.is_late(D(2020, 1, 1))


def test_deleting_a_lead_administration_in_use_is_refused():
    from django.db.models import ProtectedError

    c = CommitmentFactory()
    with pytest.raises(ProtectedError):
        c.lead_administration.delete()
    assert Commitment.objects.filter(pk=c.pk).exists()


def test_a_lead_administration_is_never_added_to_its_co_owners():
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from tests.factories import AdministrationFactory, CommitmentFactory

    commitment = CommitmentFactory()
    lead, other = commitment.lead_administration, AdministrationFactory()
    with pytest.raises(ValidationError), transaction.atomic():
        commitment.co_owners.add(lead)
    with pytest.raises(ValidationError), transaction.atomic():
        lead.co_owned_commitments.add(commitment)
    assert not commitment.co_owners.exists()
    commitment.co_owners.add(other)
    # swapping the lead and a co-owner, as a form does it: the lead first, then the co-owners
    commitment.lead_administration = other
    commitment.save()
    commitment.co_owners.set([lead])
    assert list(commitment.co_owners.all()) == [lead]


def test_the_migration_removes_a_lead_from_its_co_owners_with_an_audit_record():
    import importlib

    from django.apps import apps

    from commitments.models import AuditRecord, Commitment
    from tests.factories import AdministrationFactory, CommitmentFactory

    migration = importlib.import_module("commitments.migrations.0004_lead_is_not_co_owner")
    clash, fine = CommitmentFactory(), CommitmentFactory()
    other = AdministrationFactory(name="Autre administration")
    through = Commitment.co_owners.through
    # written as before the rule, without the guard
    through.objects.bulk_create(
        [
            through(commitment=clash, administration=clash.lead_administration),
            through(commitment=clash, administration=other),
            through(commitment=fine, administration=other),
        ]
    )
    migration.remove_lead_from_co_owners(apps, None)
    assert list(clash.co_owners.all()) == [other]
    assert list(fine.co_owners.all()) == [other]
    record = AuditRecord.objects.get()
    assert (record.commitment_id, record.source, record.action) == (clash.pk, "command", "update")
    assert record.changes["co_owners"] == [
        sorted([clash.lead_administration.name, other.name]),
        [other.name],
    ]
    migration.remove_lead_from_co_owners(apps, None)  # twice: nothing more to do
    assert AuditRecord.objects.count() == 1
