"""as_rows: a queryset read as Row dicts, with the same values as model instances."""

from __future__ import annotations

import pytest
from django.db.models import F, Value

from commitments.models import Commitment
from tests.factories import AxisFactory, CommitmentFactory
from toolkit.api.rows import Row, as_rows

pytestmark = pytest.mark.django_db


def test_rows_hold_the_same_values_as_model_instances_with_their_related_rows():
    with_axis = CommitmentFactory(title="Ouvrir les données", axis=None)
    with_axis.axis = AxisFactory(plan=with_axis.plan)
    with_axis.save()
    without_axis = CommitmentFactory(plan=with_axis.plan, axis=None, lead_administration=None)
    queryset = (
        Commitment.objects.select_related("plan", "axis", "lead_administration")
        .annotate(plan_title=F("plan__title"), constant=Value(7))
        .order_by("pk")
    )
    rows = list(as_rows(queryset))
    models = list(queryset)
    assert [type(r) for r in rows] == [Row, Row]
    for row, model in zip(rows, models, strict=True):
        assert row.pk == row["id"] == model.pk
        for field in Commitment._meta.concrete_fields:
            assert row[field.attname] == getattr(model, field.attname), field.attname
        assert row.plan.slug == model.plan.slug and row.plan.pk == model.plan_id
        assert row.plan_title == model.plan.title and row.constant == 7
    assert rows[0].axis.number == with_axis.axis.number
    assert rows[1].axis is None and rows[1].lead_administration is None
    assert without_axis.pk == rows[1].pk


def test_only_reads_the_selected_columns_and_keeps_filters_and_slices():
    CommitmentFactory(title="Premier")
    second = CommitmentFactory(title="Second")
    rows = as_rows(Commitment.objects.only("id", "title").order_by("pk"))
    row = rows.filter(title="Second").get()
    assert row == {"id": second.pk, "title": "Second", "pk": second.pk}
    assert [r.title for r in rows[1:]] == ["Second"]
    assert rows.count() == 2  # other terminal methods are unchanged


def test_a_missing_attribute_is_an_attribute_error_and_prefetching_is_refused():
    CommitmentFactory()
    row = as_rows(Commitment.objects.only("id")).first()
    with pytest.raises(AttributeError):
        row.title  # noqa: B018
    assert getattr(row, "title", "absent") == "absent"
    with pytest.raises(ValueError, match="prefetch_related"):
        list(as_rows(Commitment.objects.prefetch_related("co_owners")))


def test_the_any_lookup_finds_the_listed_keys_with_one_parameter():
    made = [CommitmentFactory() for _ in range(3)]
    wanted = [made[2].pk, made[0].pk, 10**15]  # any order, unknown keys ignored
    found = Commitment.objects.filter(pk__any=wanted)
    assert sorted(c.pk for c in found) == sorted([made[0].pk, made[2].pk])
    _sql, params = found.query.sql_with_params()
    assert len(params) == 1  # the whole list is one parameter, whatever its length
    assert list(Commitment.objects.filter(pk__any=[])) == []
    assert Commitment.objects.exclude(pk__any=[made[1].pk]).count() == 2
