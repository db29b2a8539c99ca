"""The FilterSets copy their filters shallowly and build their form class once: two
instances must still never share a filter, a parent or a bound form."""

from __future__ import annotations

import pytest

from commitments.filters import AdministrationFilterSet, CommitmentFilterSet

pytestmark = pytest.mark.django_db


def test_each_instance_has_its_own_filters_bound_to_itself():
    first = CommitmentFilterSet({"q": "données"})
    second = CommitmentFilterSet({"q": "transparence"})
    for name, filter_ in first.filters.items():
        other = second.filters[name]
        assert filter_ is not other and filter_ is not CommitmentFilterSet.base_filters[name]
        assert filter_.parent is first and other.parent is second
    assert type(first.form) is type(second.form)  # built once per class
    assert first.form is not second.form
    assert first.form.data["q"] == "données" and second.form.data["q"] == "transparence"


def test_a_method_filter_calls_the_method_of_its_own_instance(monkeypatch):
    # AdministrationFilterSet.plan is a method filter (filter_plan)
    filterset = AdministrationFilterSet({})
    seen = []
    monkeypatch.setattr(
        filterset, "filter_plan", lambda qs, name, value: seen.append(value) or qs, raising=True
    )
    filterset.filters["plan"].filter(filterset.queryset, "sentinel")
    assert seen == ["sentinel"]
    assert not hasattr(AdministrationFilterSet.base_filters["plan"], "parent")
