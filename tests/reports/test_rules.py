"""The pure rules of the reports: periods, fingerprint, changes, costs as of a date."""

from __future__ import annotations

import datetime
import hashlib

from reports import rules

D = datetime.date


def test_a_two_year_plan_has_two_annual_reports_and_a_final_one():
    periods = rules.plan_periods(D(2015, 7, 16), D(2017, 7, 15))
    assert periods == [
        rules.Period(D(2015, 7, 16), D(2016, 7, 15), rules.ANNUAL),
        rules.Period(D(2016, 7, 16), D(2017, 7, 15), rules.ANNUAL),
        rules.Period(D(2015, 7, 16), D(2017, 7, 15), rules.FINAL),
    ]


def test_a_plan_of_a_year_or_less_has_only_its_final_report_and_a_short_last_year_is_cut():
    assert rules.plan_periods(D(2024, 1, 1), D(2024, 12, 31)) == [
        rules.Period(D(2024, 1, 1), D(2024, 12, 31), rules.FINAL)
    ]
    periods = rules.plan_periods(D(2024, 2, 29), D(2025, 6, 30))
    assert periods[0] == rules.Period(D(2024, 2, 29), D(2025, 2, 27), rules.ANNUAL)
    assert periods[1] == rules.Period(D(2025, 2, 28), D(2025, 6, 30), rules.ANNUAL)


def test_a_period_is_due_the_day_after_its_end_and_for_a_limited_catch_up():
    periods = rules.plan_periods(D(2015, 7, 16), D(2017, 7, 15))
    assert rules.periods_due(periods, today=D(2016, 7, 15), catch_up_days=31) == []
    assert rules.periods_due(periods, today=D(2016, 7, 16), catch_up_days=31) == [periods[0]]
    assert rules.periods_due(periods, today=D(2016, 8, 15), catch_up_days=31) == [periods[0]]
    assert rules.periods_due(periods, today=D(2016, 8, 16), catch_up_days=31) == []
    assert rules.periods_due(periods, today=D(2017, 7, 16), catch_up_days=31) == periods[1:]


def test_a_chosen_period_ends_after_it_starts_and_not_in_the_future():
    today = D(2026, 12, 1)
    assert rules.period_is_valid(start=D(2026, 1, 1), end=D(2026, 12, 1), today=today) is None
    assert "suivre" in rules.period_is_valid(start=D(2026, 2, 1), end=D(2026, 1, 1), today=today)
    assert "futur" in rules.period_is_valid(start=D(2026, 1, 1), end=D(2026, 12, 2), today=today)


def test_the_fingerprint_is_the_sha256_of_one_canonical_byte_form():
    a = {"b": [1, "é"], "a": None}
    b = {"a": None, "b": [1, "é"]}
    assert rules.canonical_json(a) == rules.canonical_json(b) == '{"a":null,"b":[1,"é"]}'.encode()
    assert rules.data_sha256(a) == hashlib.sha256(rules.canonical_json(b)).hexdigest()
    assert rules.data_sha256({"a": "1.0"}) != rules.data_sha256({"a": "1.00"})


def test_changes_since_the_previous_report():
    before = {
        "headline": {"commitments": 2, "score": "40.00"},
        "commitments": [
            {"number": 1, "title": "Un", "status": "late", "progress": "10.00", "score": "5.00"},
            {"number": 2, "title": "Deux", "status": "on_track", "progress": "50.00"},
        ],
    }
    after = {
        "headline": {"commitments": 2, "score": "55.00"},
        "commitments": [
            {
                "number": 1,
                "title": "Un",
                "status": "completed",
                "progress": "100.00",
                "score": "5.00",
            },
            {"number": 3, "title": "Trois", "status": "not_started"},
            {"number": 2, "title": "Deux", "status": "on_track", "progress": "50.00"},
        ],
    }
    diff = rules.changes_since(before, after)
    assert diff["headline"] == [{"field": "score", "before": "40.00", "after": "55.00"}]
    assert diff["commitments"] == [
        {
            "number": 1,
            "title": "Un",
            "fields": [
                {"field": "status", "before": "late", "after": "completed"},
                {"field": "progress", "before": "10.00", "after": "100.00"},
            ],
        }
    ]
    assert diff["added"] == [{"number": 3, "title": "Trois"}] and diff["removed"] == []
    assert rules.changes_since(None, after)["previous"] is None


def test_costs_stated_first_and_recorded_as_of_the_date():
    history = [
        (D(2015, 7, 1), {"cost_amount": [None, "1000"], "no_additional_cost": [None, False]}),
        (D(2016, 1, 1), {"cost_amount": ["1000", "1500"]}),
        (D(2017, 1, 1), {"cost_amount": ["1500", "2000"], "cost_funding_source": ["", "PIA"]}),
    ]
    current = {
        "cost_amount": "2000",
        "cost_staff_fte": None,
        "cost_funding_source": "PIA",
        "no_additional_cost": False,
    }
    costs = rules.costs_as_of(current=current, history=history, as_of=D(2016, 7, 15))
    assert costs["cost_amount"] == {"stated": "1000", "recorded": "1500", "changed": True}
    assert costs["cost_funding_source"] == {"stated": "", "recorded": "", "changed": False}
    assert costs["cost_staff_fte"] == {"stated": None, "recorded": None, "changed": False}
    today = rules.costs_as_of(current=current, history=history, as_of=D(2026, 1, 1))
    assert today["cost_amount"]["recorded"] == "2000"


def test_value_as_of_undoes_the_changes_made_after_the_date():
    d = datetime.date
    history = [(d(2016, 1, 1), None), (d(2016, 5, 1), "limited"), (d(2016, 9, 1), "substantial")]
    kwargs = {"current": "complete", "current_since": d(2016, 9, 1), "history": history}
    assert rules.value_as_of(**kwargs, as_of=d(2016, 10, 1)) == "complete"
    assert rules.value_as_of(**kwargs, as_of=d(2016, 7, 15)) == "substantial"
    assert rules.value_as_of(**kwargs, as_of=d(2016, 2, 1)) == "limited"
    assert rules.value_as_of(**kwargs, as_of=d(2015, 12, 1)) is None  # did not exist yet
