"""Method v1 as pure functions: table-driven cases and property tests (no database)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commitments import rules
from commitments.rules import (
    GlossaryEntry,
    IndicatorInput,
    MeasurabilityFacts,
    MilestoneInput,
    commitment_score,
    indicator_progress,
    measurability,
    milestone_is_late,
    milestone_points,
    progress_from_parts,
    rollup_progress,
    score_from_points,
    unexplained_terms,
    weighted_mean,
)

D = datetime.date
AS_OF = D(2016, 7, 1)


@pytest.mark.parametrize(
    ("baseline", "target", "current", "expected", "reported", "complete"),
    [
        (0, 100, 50, 0.5, True, True),
        (0, 100, 150, 1.0, True, True),  # beyond the target: capped
        (10, 100, 5, 0.0, True, True),  # below the baseline: floored
        (120, 30, 75, 0.5, True, True),  # must go down: halfway
        (120, 30, 20, 1.0, True, True),
        (120, 30, 130, 0.0, True, True),
        (40, 40, 40, 1.0, True, True),  # target equals baseline, met
        (40, 40, 39, 0.0, True, True),  # target equals baseline, not met
        (0, 100, None, 0.0, False, True),  # no measurement yet: not reported
        (None, 100, 50, 0.0, True, False),  # no baseline: cannot be measured
        (0, None, 50, 0.0, True, False),
    ],
)
def test_quantitative_indicator_progress(baseline, target, current, expected, reported, complete):
    p = indicator_progress(baseline=baseline, target=target, current=current)
    assert p.value == pytest.approx(expected)
    assert (p.reported, p.complete) == (reported, complete)


@pytest.mark.parametrize(
    ("level", "levels", "expected"),
    [(0, 3, 0.0), (1, 3, 0.5), (2, 3, 1.0), (1, 4, 1 / 3), (None, 3, 0.0)],
)
def test_qualitative_indicator_progress_is_level_over_last_level(level, levels, expected):
    p = indicator_progress(
        baseline=None, target=None, current=level, kind="qualitative", level_count=levels
    )
    assert p.value == pytest.approx(expected)
    assert p.reported is (level is not None)


def test_a_qualitative_indicator_without_a_scale_counts_zero():
    p = indicator_progress(baseline=0, target=1, current=1, kind="qualitative", level_count=1)
    assert (p.value, p.complete) == (0.0, False)


@pytest.mark.parametrize(
    ("status", "due", "completed_on", "points", "maximum", "penalty", "late"),
    [
        ("completed", D(2016, 6, 1), D(2016, 6, 1), 10, 10, 0, False),  # on the due date
        ("completed", D(2016, 6, 1), D(2016, 5, 1), 10, 10, 0, False),  # early
        ("completed", D(2016, 6, 1), D(2016, 6, 2), 5, 10, 0, False),  # late: half
        ("planned", D(2016, 6, 30), None, -5, 10, 5, True),  # past due: penalty
        ("in_progress", D(2016, 6, 30), None, -5, 10, 5, True),
        ("planned", D(2016, 7, 1), None, 0, 10, 0, False),  # due today: not yet late
        ("planned", D(2016, 9, 1), None, 0, 10, 0, False),  # not yet due
        ("cancelled", D(2016, 1, 1), None, 0, 0, 0, False),  # excluded
        ("completed", D(2016, 6, 1), D(2016, 8, 1), 0, 10, 0, False),  # completion after as_of
    ],
)
def test_milestone_points(status, due, completed_on, points, maximum, penalty, late):
    mp = milestone_points(
        status=status, due_date=due, completed_on=completed_on, weight=1, as_of=AS_OF
    )
    assert (mp.points, mp.maximum, mp.penalty, mp.late) == (points, maximum, penalty, late)


def test_milestone_points_scale_with_weight():
    mp = milestone_points(
        status="planned", due_date=D(2016, 1, 1), completed_on=None, weight=3, as_of=AS_OF
    )
    assert (mp.points, mp.maximum) == (-15, 30)


@pytest.mark.parametrize(
    ("status", "late"),
    [("planned", True), ("in_progress", True), ("completed", False), ("cancelled", False)],
)
def test_milestone_lateness(status, late):
    assert milestone_is_late(status=status, due_date=D(2016, 6, 30), as_of=AS_OF) is late


def test_weighted_mean_divides_by_the_sum_of_weights():
    assert weighted_mean([(1, 3), (0, 1)]) == pytest.approx(0.75)
    assert weighted_mean([]) is None
    assert weighted_mean([(1, 0), (0, 0)]) is None  # weights sum to zero: absent


@pytest.mark.parametrize(
    ("milestones", "indicators", "expected"),
    [
        (0.5, 1.0, 75.0),
        (0.5, None, 50.0),  # only milestones: they count alone
        (None, 0.25, 25.0),
        (None, None, None),  # neither: not measurable
    ],
)
def test_progress_from_parts(milestones, indicators, expected):
    assert progress_from_parts(milestones, indicators) == expected


def test_commitment_score_worked_example():
    """The worked example of the methodology page, by hand.

    Milestones: one done on time (+10), one done late (+5), one late (−5), one not yet due (0),
    one cancelled (excluded). Indicator at 50 % (+5 of 10). Points 15, maximum 50, score 30.
    Progress = ½ · (2/4) + ½ · 0.5 = 50 %.
    """
    s = commitment_score(
        milestones=[
            MilestoneInput("completed", D(2016, 1, 1), D(2015, 12, 1)),
            MilestoneInput("completed", D(2016, 1, 1), D(2016, 3, 1)),
            MilestoneInput("planned", D(2016, 3, 1)),
            MilestoneInput("planned", D(2017, 3, 1)),
            MilestoneInput("cancelled", D(2016, 3, 1)),
        ],
        indicators=[IndicatorInput(baseline=0, target=100, current=50)],
        as_of=AS_OF,
    )
    assert s.points == 15
    assert s.maximum == 50
    assert s.penalty == 5
    assert s.score == pytest.approx(30)
    assert s.progress == pytest.approx(50)
    assert (s.late_milestones, s.milestones_completed, s.milestones_completed_on_time) == (1, 2, 1)
    assert s.milestones_counted == 4


def test_score_is_never_negative_and_undefined_without_maximum():
    assert score_from_points(-20, 40) == 0
    assert score_from_points(10, 0) is None


def test_a_commitment_with_nothing_is_not_measurable():
    s = commitment_score(milestones=[], indicators=[], as_of=AS_OF)
    assert (s.progress, s.score, s.maximum) == (None, None, 0)


def test_rollup_progress_skips_not_measurable_commitments():
    assert rollup_progress([50, None, 100]) == 75
    assert rollup_progress([None]) is None


FULL = MeasurabilityFacts(
    quantitative_indicators_with_baseline_and_target=1,
    indicators=1,
    indicators_incomplete=0,
    milestones_with_due_date=2,
    milestones_outside_period=0,
    cost_stated=True,
    lead_named=True,
    contact_named=True,
    vague_verbs=(),
    summary_present=True,
    unexplained_terms=(),
    action_type_explicit=True,
)


def test_a_fully_measurable_commitment_scores_eight():
    results = measurability(FULL)
    assert [r.met for r in results] == [True] * 8
    assert rules.measurability_count(results) == 8
    assert len(results) == len(rules.CRITERIA)


@pytest.mark.parametrize(
    ("change", "code", "reason_part"),
    [
        (
            {"quantitative_indicators_with_baseline_and_target": 0},
            "quantitative_indicator",
            "quantitatif",
        ),
        ({"indicators_incomplete": 1}, "indicators_complete", "1 indicateur(s) sur 1"),
        ({"indicators": 0, "indicators_incomplete": 0}, "indicators_complete", "Aucun indicateur"),
        ({"milestones_with_due_date": 1}, "calendar", "il en faut au moins deux"),
        ({"milestones_outside_period": 1}, "calendar", "hors de la période"),
        ({"cost_stated": False}, "cost", "coût"),
        ({"lead_named": False}, "responsibility", "l'administration porteuse"),
        ({"contact_named": False}, "responsibility", "le responsable"),
        ({"vague_verbs": ("renforcer",)}, "no_vague_verbs", "« renforcer »"),
        ({"summary_present": False}, "plain_summary", "Pas de résumé"),
        ({"unexplained_terms": ("IATI",)}, "plain_summary", "« IATI »"),
        ({"action_type_explicit": False}, "action_type", "type d'action"),
    ],
)
def test_each_failed_criterion_says_why(change, code, reason_part):
    import dataclasses

    results = {r.code: r for r in measurability(dataclasses.replace(FULL, **change))}
    assert not results[code].met
    assert reason_part in results[code].reason
    assert sum(r.met for r in results.values()) == 7


def test_unexplained_terms_flags_undefined_jargon_and_unknown_acronyms():
    glossary = [
        GlossaryEntry("données ouvertes", True, ("open data",)),
        GlossaryEntry("IATI", True),
        GlossaryEntry("OCDS", False),
    ]
    assert unexplained_terms("Publier en open data au standard IATI.", glossary) == ()
    assert unexplained_terms("Aligner le format sur OCDS.", glossary) == ("ocds",)
    assert unexplained_terms("Créer un registre RBE.", glossary) == ("RBE",)
    assert unexplained_terms("Un texte simple.", glossary) == ()


# --- properties -------------------------------------------------------------------------------

numbers = st.decimals(min_value=-1000, max_value=1000, allow_nan=False, places=2)
dates = st.dates(min_value=D(2014, 1, 1), max_value=D(2019, 12, 31))
weights = st.decimals(min_value=0, max_value=5, places=1)
statuses = st.sampled_from(["planned", "in_progress", "completed", "cancelled"])


@st.composite
def milestone_inputs(draw):
    status = draw(statuses)
    due = draw(dates)
    completed_on = draw(dates) if status == "completed" else None
    return MilestoneInput(status, due, completed_on, draw(weights))


indicator_inputs = st.builds(
    IndicatorInput,
    baseline=st.one_of(st.none(), numbers),
    target=st.one_of(st.none(), numbers),
    current=st.one_of(st.none(), numbers),
    weight=weights,
)


@given(st.lists(milestone_inputs(), max_size=8), st.lists(indicator_inputs, max_size=4), dates)
def test_progress_and_score_stay_within_0_and_100(milestones, indicators, as_of):
    s = commitment_score(milestones=milestones, indicators=indicators, as_of=as_of)
    assert s.progress is None or 0 <= s.progress <= 100 + 1e-9
    assert s.score is None or 0 <= s.score <= 100 + 1e-9
    assert s.points <= s.maximum + 1e-9


@given(numbers, numbers, numbers, numbers)
def test_progress_never_decreases_when_a_measurement_moves_toward_its_target(b, t, c, step):
    nearer = c + (abs(step) if t >= b else -abs(step))
    if (t >= b and nearer > t) or (t < b and nearer < t):
        nearer = t  # not past the target
    before = indicator_progress(baseline=b, target=t, current=c).value
    after = indicator_progress(baseline=b, target=t, current=nearer).value
    assert after >= before - 1e-12


@given(milestone_inputs(), dates)
def test_penalties_only_for_milestones_past_due(m, as_of):
    mp = milestone_points(
        status=m.status,
        due_date=m.due_date,
        completed_on=m.completed_on,
        weight=m.weight,
        as_of=as_of,
    )
    if mp.penalty > 0:
        assert as_of > m.due_date
        assert m.status in ("planned", "in_progress")
    if as_of <= m.due_date:
        assert mp.penalty == 0 and mp.points >= 0
