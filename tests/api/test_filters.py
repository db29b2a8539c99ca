"""Every filter of every list, by the number of rows it keeps; the status definition; the same
FilterSet used from a plain Django view."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from commitments.filters import (
    STATUS_CHOICES,
    CommitmentFilterSet,
    commitment_status,
    commitment_status_q,
)
from commitments.models import AuditRecord, Commitment
from indicators.models import Indicator, Measurement
from milestones.models import Milestone

pytestmark = pytest.mark.django_db


def count(api, endpoint, **params) -> int:
    response = api.get(f"/api/v1/{endpoint}/", params)
    assert response.status_code == 200, response.content
    return response.json()["count"]


def ids(api, endpoint, **params) -> set[int]:
    response = api.get(f"/api/v1/{endpoint}/", params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 4),
        ({"plan": "pan-2015-2017"}, 3),
        ({"plan": "pan-2024-2026"}, 1),
        ({"axis": "transparence"}, 3),
        ({"axis": "transparence", "plan": "pan-2015-2017"}, 2),
        ({"axis": "participation"}, 1),
        ({"administration": "dinum"}, 3),  # leads 2, co-owns 1
        ({"administration": "hatvp"}, 1),
        ({"administration": "cour-des-comptes"}, 2),  # leads 1, co-owns 1
        ({"administration": "sans-engagement"}, 0),
        ({"lead_administration": "dinum"}, 2),
        ({"status": "completed"}, 1),
        ({"status": "late"}, 1),
        ({"status": "not_started"}, 1),
        ({"status": "on_track"}, 1),
        ({"late": "true"}, 1),
        ({"late": "false"}, 3),
        ({"measurability_min": "0"}, 4),
        ({"measurability_max": "8"}, 4),
        ({"q": "données"}, 1),
        ({"q": "données PUBLICS"}, 1),
        ({"q": "fr0003"}, 1),
        ({"q": "consultation rapports"}, 1),
        ({"q": "introuvable"}, 0),
        ({"end_before": "2017-12-31"}, 3),
        ({"end_after": "2018-01-01"}, 1),
        ({"updated_since": "2999-01-01"}, 0),
        ({"updated_since": "2000-01-01T00:00:00+01:00"}, 4),
        ({"updated_since": "2000-01-01"}, 4),
        ({"updated_since": "2000-01-01T00:00:00+21:07"}, 4),  # an offset PostgreSQL refuses
        ({"plan": "", "status": "", "q": ""}, 4),  # empty values are ignored, as in a form
    ],
)
def test_commitment_filters(api, world, params, expected):
    assert count(api, "commitments", **params) == expected


def test_text_search_ignores_case_beyond_ascii_on_postgresql(api, world, postgres):
    assert count(api, "commitments", q="DONNÉES MARCHÉS") == 1


def test_measurability_bounds_keep_the_commitments_in_range(api, world):
    for n, c in enumerate((world.done, world.late, world.not_started, world.on_track)):
        Commitment.objects.filter(pk=c.pk).update(measurability=2 * n + 1)  # 1, 3, 5, 7
    assert count(api, "commitments", measurability_min=3) == 3
    assert count(api, "commitments", measurability_max=3) == 2
    assert count(api, "commitments", measurability_min=3, measurability_max=5) == 2
    assert count(api, "commitments", measurability_min=8) == 0


def test_updated_since_returns_what_changed_after_the_instant(api, world):
    old = timezone.now() - datetime.timedelta(days=10)
    Commitment.objects.update(updated_at=old)
    Commitment.objects.filter(pk=world.late.pk).update(updated_at=timezone.now())
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert count(api, "commitments", updated_since=since) == 1
    paris = timezone.localtime(old + datetime.timedelta(hours=1)).replace(tzinfo=None)
    assert count(api, "commitments", updated_since=paris.isoformat()) == 1  # naive: Paris time


@pytest.mark.parametrize(
    ("ordering", "first"),
    [
        ("number", "done"),
        ("-number", "not_started"),
        ("-progress,number", "done"),
        ("plan,number", "done"),
        ("-plan", "on_track"),
        ("-late_milestones", "late"),
        ("title", "on_track"),
        ("-title", "late"),
    ],
)
def test_commitment_ordering(api, world, ordering, first):
    body = api.get("/api/v1/commitments/", {"ordering": ordering}).json()
    assert body["results"][0]["id"] == getattr(world, first).pk


def test_the_default_order_is_most_recent_plan_first_then_number(api, world):
    expected = [world.on_track.pk, world.done.pk, world.late.pk, world.not_started.pk]
    for params in ({}, {"ordering": ""}):
        ids = [c["id"] for c in api.get("/api/v1/commitments/", params).json()["results"]]
        assert ids == expected
    assert api.get("/api/v1/commitments/", {"ordering": ",,"}).status_code == 400


def test_equal_sort_keys_are_broken_by_id_so_pages_never_overlap(api, world):
    Commitment.objects.update(progress=50)
    seen = []
    for page in (1, 2, 3, 4):
        body = api.get(
            "/api/v1/commitments/", {"ordering": "progress", "page_size": 1, "page": page}
        )
        seen += [c["id"] for c in body.json()["results"]]
    assert seen == sorted(seen) and len(set(seen)) == 4


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 8),
        ({"plan": "pan-2024-2026"}, 2),
        ({"axis": "participation"}, 1),
        ({"administration": "dinum"}, 7),  # done (2) + late (3, as co-owner) + on_track (2)
        ({"status": "completed"}, 4),
        ({"status": "cancelled"}, 1),
        ({"status": "planned"}, 3),
        ({"late": "true"}, 1),
        ({"late": "false"}, 7),
        ({"rescheduled": "true"}, 1),
        ({"rescheduled": "false"}, 7),
        ({"due_before": "2016-12-31"}, 4),
        ({"due_after": "2017-01-01"}, 4),
        ({"completed_after": "2016-06-01"}, 2),
        ({"completed_before": "2016-06-01"}, 2),
        ({"is_illustrative": "true"}, 2),
        ({"q": "rapport"}, 8),  # the factory title: « Publier le rapport d'étape »
        ({"q": "inexistant"}, 0),
        ({"updated_since": "2999-01-01"}, 0),
    ],
)
def test_milestone_filters(api, world, params, expected):
    assert count(api, "milestones", **params) == expected


def test_milestone_commitment_filter_and_late_agree_with_the_model(api, world):
    today = timezone.localdate()
    late_ids = {m.pk for m in Milestone.objects.all() if m.is_late(today)} - {
        m.pk for m in Milestone.objects.filter(commitment__plan__published=False)
    }
    body = api.get("/api/v1/milestones/", {"late": "true"}).json()
    assert {m["id"] for m in body["results"]} == late_ids
    assert count(api, "milestones", commitment=world.late.pk) == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 3),
        ({"plan": "pan-2015-2017"}, 2),
        ({"axis": "transparence", "plan": "pan-2024-2026"}, 1),
        ({"administration": "hatvp"}, 1),
        ({"administration": "dinum"}, 3),
        ({"kind": "qualitative"}, 1),
        ({"kind": "quantitative"}, 2),
        ({"is_illustrative": "true"}, 1),
        ({"q": "répertoire"}, 1),
        ({"updated_since": "2999-01-01"}, 0),
    ],
)
def test_indicator_filters(api, world, params, expected):
    assert count(api, "indicators", **params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 3),
        ({"plan": "pan-2015-2017"}, 3),
        ({"plan": "pan-2024-2026"}, 0),
        ({"administration": "hatvp"}, 1),
        ({"date_after": "2016-06-01"}, 2),
        ({"date_before": "2016-06-01"}, 2),
        ({"is_illustrative": "false"}, 3),
        ({"updated_since": "2999-01-01"}, 0),
    ],
)
def test_measurement_filters(api, world, params, expected):
    assert count(api, "measurements", **params) == expected


def test_measurement_indicator_and_commitment_filters(api, world):
    indicator = Indicator.objects.get(commitment=world.done)
    assert count(api, "measurements", indicator=indicator.pk) == 2
    assert count(api, "measurements", commitment=world.done.pk) == 2
    assert Measurement.objects.count() == 4  # one in the draft plan, never listed


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 2),
        ({"status": "in_progress"}, 2),
        ({"status": "closed"}, 0),
        ({"q": "2024"}, 1),
        ({"updated_since": "2999-01-01"}, 0),
        ({"ordering": "period_start"}, 2),
    ],
)
def test_plan_filters(api, world, params, expected):
    assert count(api, "plans", **params) == expected


def test_plan_active_on(api, world):
    assert count(api, "plans", active_on="2016-01-01") == 1
    assert count(api, "plans", active_on=world.today.isoformat()) == 1
    assert count(api, "plans", active_on="1990-01-01") == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 4),
        ({"kind": "agency"}, 1),
        ({"kind": "ministry"}, 1),
        ({"plan": "pan-2015-2017"}, 3),
        ({"plan": "pan-2024-2026"}, 2),  # DINUM leads, the Cour co-owns
        ({"q": "hatvp"}, 1),
        ({"q": "comptes"}, 1),
        ({"updated_since": "2999-01-01"}, 0),
    ],
)
def test_administration_filters(api, world, params, expected):
    assert count(api, "administrations", **params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 4),
        ({"plan": "pan-2024-2026"}, 1),
        ({"date_after": "2999-01-01"}, 0),
        ({"date_before": "2999-01-01"}, 4),
    ],
)
def test_score_snapshot_filters(api, world, params, expected):
    assert count(api, "score-snapshots", **params) == expected


def test_score_snapshot_commitment_filter(api, world):
    assert count(api, "score-snapshots", commitment=world.done.pk) == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 2),
        ({"plan": "pan-2015-2017"}, 2),
        ({"plan": "pan-2024-2026"}, 0),
        ({"object_type": "commitment"}, 2),
        ({"object_type": "milestone"}, 0),
        ({"action": "update"}, 2),
        ({"action": "create"}, 0),
        ({"source": "form"}, 2),
        ({"source": "admin"}, 0),  # the administration's change is not in a plan's history
        ({"updated_since": "2999-01-01"}, 0),
        ({"until": "2000-01-01"}, 0),
    ],
)
def test_change_filters(api, world, params, expected):
    assert count(api, "changes", **params) == expected


def test_change_commitment_filter(api, world):
    assert count(api, "changes", commitment=world.done.pk) == 1
    assert AuditRecord.objects.count() == 4


def test_each_commitment_has_exactly_one_status_and_sql_agrees_with_python(world):
    commitments = list(Commitment.objects.all())
    by_sql = {
        code: set(Commitment.objects.filter(commitment_status_q(code)).values_list("pk", flat=True))
        for code, _label in STATUS_CHOICES
    }
    for c in commitments:
        assert [code for code, ids in by_sql.items() if c.pk in ids] == [commitment_status(c)]


@pytest.mark.parametrize("status", [code for code, _label in STATUS_CHOICES])
def test_the_status_filter_reads_the_stored_status(api, world, status):
    """The status is computed by the pure rule and stored with the scores (method v2); the
    filter and every page read that stored value."""
    Commitment.objects.filter(pk=world.done.pk).update(status=status)
    c = Commitment.objects.get(pk=world.done.pk)
    assert commitment_status(c) == status
    assert Commitment.objects.filter(commitment_status_q(status), pk=c.pk).exists()
    assert world.done.pk in ids(api, "commitments", status=status)


def test_the_filterset_works_from_a_plain_django_view(world):
    request = RequestFactory().get("/engagements/", {"administration": "dinum", "status": "late"})
    filterset = CommitmentFilterSet(request.GET)
    assert filterset.is_valid()
    assert list(filterset.qs) == [world.late]
    bad = CommitmentFilterSet({"plan": "pan-inconnu", "measurability_min": "9"})
    assert not bad.is_valid()
    assert set(bad.errors) == {"plan", "measurability_min"}
    assert "pan-inconnu" in bad.errors["plan"][0]
    # without a queryset, only public commitments are candidates
    assert world.hidden not in CommitmentFilterSet({}).qs
    # the form renders, with French labels
    assert "administration" in filterset.form.as_div().lower()
