"""The pure rules, on hand-computed examples."""

from __future__ import annotations

import datetime
from decimal import Decimal

from civilsociety import rules

D = datetime.date
T = datetime.datetime


def test_disagreement_is_any_difference_of_one_level_or_more():
    assert not rules.disagrees("limited", "limited")
    assert rules.disagrees("limited", "substantial")
    assert rules.disagrees("not_started", "complete")
    assert rules.level_gap("not_started", "complete") == -3
    assert rules.level_gap("substantial", "limited") == 1
    # without a self-assessment, nothing to disagree with
    assert not rules.disagrees("limited", None)
    assert not rules.disagrees("unknown-level", "limited")


def test_a_question_is_overdue_from_the_thirtieth_day_without_answer():
    asked = D(2026, 1, 1)
    assert not rules.is_overdue(
        confirmed_on=asked, answered=False, hidden=False, as_of=D(2026, 1, 30)
    )  # 29 days
    assert rules.is_overdue(confirmed_on=asked, answered=False, hidden=False, as_of=D(2026, 1, 31))
    assert not rules.is_overdue(
        confirmed_on=asked, answered=True, hidden=False, as_of=D(2026, 6, 1)
    )
    assert not rules.is_overdue(
        confirmed_on=asked, answered=False, hidden=True, as_of=D(2026, 6, 1)
    )
    assert not rules.is_overdue(
        confirmed_on=None, answered=False, hidden=False, as_of=D(2026, 6, 1)
    )


def test_an_address_is_erased_thirty_days_after_the_question_closed():
    closed = D(2026, 3, 1)
    assert not rules.erase_due(
        closed_on=closed, asked_on=D(2026, 1, 1), confirmed=True, as_of=D(2026, 3, 30)
    )
    assert rules.erase_due(
        closed_on=closed, asked_on=D(2026, 1, 1), confirmed=True, as_of=D(2026, 3, 31)
    )
    # still open: kept
    assert not rules.erase_due(
        closed_on=None, asked_on=D(2026, 1, 1), confirmed=True, as_of=D(2027, 1, 1)
    )
    # never confirmed: 30 days after it was asked
    assert rules.erase_due(
        closed_on=None, asked_on=D(2026, 1, 1), confirmed=False, as_of=D(2026, 1, 31)
    )


def test_answer_rate_and_median_time_on_a_hand_computed_example():
    start = T(2026, 1, 1, 12, 0)
    day = datetime.timedelta(days=1)
    # four questions: answered after 1, 2 and 5 days, one unanswered
    figures = rules.answer_figures(
        [(start, start + day), (start, start + 2 * day), (start, start + 5 * day), (start, None)]
    )
    assert figures.questions == 4 and figures.answered == 3 and figures.unanswered == 1
    assert figures.rate == Decimal("75.00")
    assert figures.median_days == Decimal("2.0")  # 1, 2, 5
    # an even number of answers: the mean of the middle two; 12 hours is half a day
    figures = rules.answer_figures(
        [(start, start + day / 2), (start, start + 4 * day), (start, None)]
    )
    assert figures.rate == Decimal("66.67")  # 2 of 3, rounded half-up
    assert figures.median_days == Decimal("2.3")  # (0.5 + 4) / 2 = 2.25 -> 2.3 half-up
    empty = rules.answer_figures([])
    assert empty.rate is None and empty.median_days is None


def test_links_are_counted_in_a_question():
    assert rules.links_in("voir https://a.fr et http://b.fr puis www.c.fr") == 3
    assert rules.links_in("aucun lien ici") == 0
