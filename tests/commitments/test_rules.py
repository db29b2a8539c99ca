"""Method v2 as pure functions: table-driven cases and property tests (no database)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commitments import rules
from commitments.rules import (
    CANCELLATION,
    RESCHEDULE,
    GlossaryEntry,
    IndicatorInput,
    MeasurabilityFacts,
    MilestoneInput,
    MilestoneReference,
    RevisionInput,
    commitment_score,
    indicator_progress,
    measurability,
    milestone_is_late,
    milestone_points,
    milestone_reference,
    progress_from_parts,
    revision_is_timely,
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
    assert float(p.value) == pytest.approx(expected)
    assert p.reported is (level is not None)


def test_a_qualitative_indicator_without_a_scale_counts_zero():
    p = indicator_progress(baseline=0, target=1, current=1, kind="qualitative", level_count=1)
    assert (p.value, p.complete) == (0.0, False)


def ref(due, excluded=False):
    return MilestoneReference(due, excluded)


@pytest.mark.parametrize(
    ("status", "due", "completed_on", "points", "maximum", "penalty", "late"),
    [
        ("completed", D(2016, 6, 1), D(2016, 6, 1), 10, 10, 0, False),  # on the reference date
        ("completed", D(2016, 6, 1), D(2016, 5, 1), 10, 10, 0, False),  # early
        ("completed", D(2016, 6, 1), D(2016, 6, 2), 5, 10, 0, False),  # late: half
        ("planned", D(2016, 6, 30), None, -5, 10, 5, True),  # past its reference: penalty
        ("in_progress", D(2016, 6, 30), None, -5, 10, 5, True),
        ("cancelled", D(2016, 6, 30), None, -5, 10, 5, True),  # cancelled, not in time: counts
        ("planned", D(2016, 7, 1), None, 0, 10, 0, False),  # due today: not yet late
        ("planned", D(2016, 9, 1), None, 0, 10, 0, False),  # not yet due
        ("completed", D(2016, 6, 1), D(2016, 8, 1), -5, 10, 5, True),  # completed after as_of
    ],
)
def test_milestone_points(status, due, completed_on, points, maximum, penalty, late):
    mp = milestone_points(
        status=status, completed_on=completed_on, reference=ref(due), weight=1, as_of=AS_OF
    )
    assert (mp.points, mp.maximum, mp.penalty, mp.late) == (points, maximum, penalty, late)


def test_a_milestone_cancelled_in_time_is_left_out():
    mp = milestone_points(
        status="cancelled",
        completed_on=None,
        reference=ref(D(2016, 1, 1), excluded=True),
        weight=1,
        as_of=AS_OF,
    )
    assert (mp.points, mp.maximum, mp.penalty, mp.late, mp.counted) == (0, 0, 0, False, False)


def test_milestone_points_scale_with_weight_exactly():
    mp = milestone_points(
        status="planned",
        completed_on=None,
        reference=ref(D(2016, 1, 1)),
        weight=Decimal("0.3"),
        as_of=AS_OF,
    )
    assert (mp.points, mp.maximum) == (Decimal("-1.5"), Decimal("3.0"))


@pytest.mark.parametrize(
    ("status", "completed_on", "late"),
    [
        ("planned", None, True),
        ("in_progress", None, True),
        ("cancelled", None, True),  # not cancelled in time: still due
        ("completed", D(2016, 6, 1), False),
        ("completed", D(2016, 7, 5), True),  # its completion is after as_of
    ],
)
def test_milestone_lateness_is_judged_against_the_reference_date(status, completed_on, late):
    reference = ref(D(2016, 6, 30))
    assert (
        milestone_is_late(
            status=status, completed_on=completed_on, reference=reference, as_of=AS_OF
        )
        is late
    )


def revision(kind, decided_on, *, timely=True, new_due=None, order=0):
    return RevisionInput(
        kind=kind, decided_on=decided_on, moves_reference=timely, new_due_date=new_due, order=order
    )


def test_the_reference_date_moves_only_with_approved_timely_revisions_decided_by_as_of():
    original = D(2016, 3, 1)
    moves = [
        revision(RESCHEDULE, D(2016, 2, 1), new_due=D(2016, 5, 1), order=1),
        revision(RESCHEDULE, D(2016, 6, 1), new_due=D(2016, 9, 1), timely=False, order=2),
        revision(RESCHEDULE, D(2016, 8, 1), new_due=D(2016, 12, 1), order=3),
    ]
    at = lambda day: milestone_reference(original_due_date=original, revisions=moves, as_of=day)  # noqa: E731
    assert at(D(2016, 1, 15)).due_date == original  # nothing decided yet
    assert at(D(2016, 7, 1)).due_date == D(2016, 5, 1)  # the late one changes nothing
    assert at(D(2016, 8, 1)).due_date == D(2016, 12, 1)  # decided that day
    cancel = [*moves, revision(CANCELLATION, D(2016, 9, 1), order=4)]
    assert milestone_reference(original_due_date=original, revisions=cancel, as_of=AS_OF) == (
        MilestoneReference(D(2016, 5, 1), excluded=False)
    )
    assert milestone_reference(
        original_due_date=original, revisions=cancel, as_of=D(2016, 9, 1)
    ) == MilestoneReference(D(2016, 12, 1), excluded=True)


def test_a_request_is_in_time_up_to_the_reference_date_itself():
    assert revision_is_timely(requested_on=D(2016, 3, 1), reference_due_date=D(2016, 3, 1))
    assert not revision_is_timely(requested_on=D(2016, 3, 2), reference_due_date=D(2016, 3, 1))


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
    one cancelled in time (excluded), one cancelled too late (still counts: −5), one whose due
    date was moved in time (its new reference is not yet due: 0). Indicator at 50 % (+5 of 10).
    Points 10, maximum 70, score 14.29. Progress = ½ · (2/6) + ½ · 0.5 = 41.67 %.
    """
    s = commitment_score(
        milestones=[
            MilestoneInput("completed", D(2016, 1, 1), D(2015, 12, 1)),
            MilestoneInput("completed", D(2016, 1, 1), D(2016, 3, 1)),
            MilestoneInput("planned", D(2016, 3, 1)),
            MilestoneInput("planned", D(2017, 3, 1)),
            MilestoneInput(
                "cancelled",
                D(2016, 3, 1),
                revisions=(revision(CANCELLATION, D(2016, 2, 1)),),
            ),
            MilestoneInput(
                "cancelled",
                D(2016, 3, 1),
                revisions=(revision(CANCELLATION, D(2016, 4, 1), timely=False),),
            ),
            MilestoneInput(
                "in_progress",
                D(2016, 6, 1),
                revisions=(revision(RESCHEDULE, D(2016, 5, 20), new_due=D(2016, 9, 1)),),
            ),
        ],
        indicators=[IndicatorInput(baseline=0, target=100, current=50)],
        as_of=AS_OF,
    )
    assert (s.points, s.maximum, s.penalty) == (Decimal(10), Decimal(70), Decimal(10))
    assert s.score == Decimal("14.29")  # 100 × 10 / 70 = 14.2857…, half-up once
    assert s.progress == Decimal("41.67")  # 100 × (½ · 2/6 + ½ · ½) = 41.666…
    assert (s.late_milestones, s.milestones_completed, s.milestones_completed_on_time) == (2, 2, 1)
    assert s.milestones_counted == 6
    assert s.status == rules.STATUS_LATE


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({}, rules.STATUS_NOT_MEASURABLE),
        ({"indicators": 1}, rules.STATUS_NOT_STARTED),
        ({"indicators": 1, "indicators_measured": 1}, rules.STATUS_ON_TRACK),
        ({"milestones_counted": 2, "milestones_completed": 1}, rules.STATUS_ON_TRACK),
        ({"milestones_counted": 2, "late_milestones": 1}, rules.STATUS_LATE),
        (
            {"milestones_counted": 2, "milestones_completed": 2, "indicators": 1},
            rules.STATUS_MILESTONES_DONE,
        ),
        (
            {"milestones_counted": 2, "milestones_completed": 2, "progress": Decimal(100)},
            rules.STATUS_COMPLETED,
        ),
        # completed wins over late, late over "milestones done"
        (
            {"milestones_counted": 1, "late_milestones": 1, "progress": Decimal(100)},
            rules.STATUS_COMPLETED,
        ),
        # 99.995 % rounds to 100.00: completed, as stored
        ({"indicators": 1, "indicators_measured": 1, "progress": Decimal("100.00")}, "completed"),
        ({"indicators": 1, "indicators_measured": 1, "progress": Decimal("99.99")}, "on_track"),
    ],
)
def test_the_status_rule_first_that_applies(facts, status):
    base = {
        "milestones_counted": 0,
        "milestones_completed": 0,
        "late_milestones": 0,
        "indicators": 0,
        "indicators_measured": 0,
        "progress": None,
    }
    assert rules.commitment_status(**(base | facts)) == status


def test_completed_only_at_a_hundred_percent():
    """Every milestone done but an indicator halfway: never "completed" beside 75 %."""
    s = commitment_score(
        milestones=[MilestoneInput("completed", D(2016, 1, 1), D(2016, 1, 1))],
        indicators=[IndicatorInput(baseline=0, target=100, current=50)],
        as_of=AS_OF,
    )
    assert (s.progress, s.status) == (Decimal("75.00"), rules.STATUS_MILESTONES_DONE)


def test_rounding_is_half_up_once_at_the_end():
    # three indicators at 1/3, 1/3, 1/3 of weight 1: points 10, maximum 30 → 33.333… → 33.33;
    # rounding each indicator first (3.33 × 3 = 9.99) would give 33.30
    s = commitment_score(
        milestones=[],
        indicators=[IndicatorInput(baseline=0, target=3, current=1)] * 3,
        as_of=AS_OF,
    )
    assert (s.points, s.maximum, s.score, s.progress) == (
        Decimal("10.00"),
        Decimal("30.00"),
        Decimal("33.33"),
        Decimal("33.33"),
    )
    # 0.125 → 0.13 (half-up, not banker's rounding to 0.12)
    assert rules.round2(Decimal("0.125")) == Decimal("0.13")
    assert rules.round2(Decimal("-0.125")) == Decimal("-0.13")


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
    assert s.progress is None or 0 <= s.progress <= 100
    assert s.score is None or 0 <= s.score <= 100
    assert s.points <= s.maximum
    assert s.status in rules.STATUSES
    assert (s.status == rules.STATUS_COMPLETED) == (s.progress == 100)


@given(numbers, numbers, numbers, numbers)
def test_progress_never_decreases_when_a_measurement_moves_toward_its_target(b, t, c, step):
    nearer = c + (abs(step) if t >= b else -abs(step))
    if (t >= b and nearer > t) or (t < b and nearer < t):
        nearer = t  # not past the target
    before = indicator_progress(baseline=b, target=t, current=c).value
    after = indicator_progress(baseline=b, target=t, current=nearer).value
    assert after >= before


@given(milestone_inputs(), dates)
def test_penalties_only_for_milestones_past_their_reference_date(m, as_of):
    mp = milestone_points(
        status=m.status,
        completed_on=m.completed_on,
        reference=ref(m.original_due_date),
        weight=m.weight,
        as_of=as_of,
    )
    if mp.penalty > 0:
        assert as_of > m.original_due_date
        assert m.status != "completed" or m.completed_on > as_of
    if as_of <= m.original_due_date:
        assert mp.penalty == 0 and mp.points >= 0


@st.composite
def late_revisions(draw, original: datetime.date):
    """Revisions requested after the reference date: approved or not, they move nothing."""
    n = draw(st.integers(0, 3))
    return tuple(
        RevisionInput(
            kind=draw(st.sampled_from([RESCHEDULE, CANCELLATION])),
            decided_on=draw(dates),
            moves_reference=False,
            new_due_date=draw(dates),
            order=k,
        )
        for k in range(n)
    )


@given(st.data(), milestone_inputs(), dates)
def test_revisions_not_made_in_time_never_change_the_figures(data, m, as_of):
    bent = MilestoneInput(
        m.status,
        m.original_due_date,
        m.completed_on,
        m.weight,
        revisions=data.draw(late_revisions(m.original_due_date)),
    )
    before = commitment_score(milestones=[m], indicators=[], as_of=as_of)
    after = commitment_score(milestones=[bent], indicators=[], as_of=as_of)
    assert after == before


@given(milestone_inputs(), dates, st.integers(1, 400), st.integers(0, 30))
def test_an_approved_timely_postponement_never_lowers_the_points(m, as_of, days, delay):
    """Moving the reference date later, on time, can only spare a penalty or turn a late
    completion into an on-time one."""
    moved = MilestoneInput(
        m.status,
        m.original_due_date,
        m.completed_on,
        m.weight,
        revisions=(
            revision(
                RESCHEDULE,
                m.original_due_date - datetime.timedelta(days=delay),
                new_due=m.original_due_date + datetime.timedelta(days=days),
            ),
        ),
    )
    before = commitment_score(milestones=[m], indicators=[], as_of=as_of)
    after = commitment_score(milestones=[moved], indicators=[], as_of=as_of)
    assert after.points >= before.points
