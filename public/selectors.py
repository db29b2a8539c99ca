"""Reads of plans, commitments and administrations for the public site and the API.

Every function runs a fixed number of SQL queries whatever the amount of data: related rows
come with ``select_related`` / ``prefetch_related``, lists are sliced or paginated, and figures
come from the stored scores (``Commitment`` fields and ``Rollup`` rows written by
``scoring.recompute``), never recomputed per request. Only published plans are public.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404

from commitments.filters import (
    STATUS_CHOICES,
    STATUS_COMPLETED,
    STATUS_LATE,
    STATUS_MILESTONES_DONE,
    STATUS_NOT_MEASURABLE,
    STATUS_NOT_STARTED,
    STATUS_ON_TRACK,
    commitment_status,
    commitment_status_q,
)
from commitments.models import (
    ActionPlan,
    Administration,
    AuditRecord,
    Axis,
    Commitment,
    GlossaryTerm,
    Rollup,
    VagueVerb,
)
from indicators.models import Indicator, Measurement
from milestones.filters import milestone_late_q
from milestones.models import Milestone, MilestoneRevision
from public.figures import AdministrationFigures, administration_figures

DUE_SOON_DAYS = 30


def axes_of_plan(*, plan: ActionPlan | PlanChoice) -> list[Axis]:
    return list(Axis.objects.filter(plan_id=plan.pk).order_by("number"))


def plans_public() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(published=True).order_by("-period_start", "slug")


@dataclass(frozen=True)
class PlanChoice:
    """A published plan as a chooser or a filter names it."""

    pk: int
    slug: str
    title: str
    title_en: str


def plans_for_chooser() -> list[PlanChoice]:
    """Published plans, newest first, with only what a plan chooser and a filter need: plain
    rows, not model instances (there can be hundreds of plans). One query."""
    return [
        PlanChoice(*row) for row in plans_public().values_list("pk", "slug", "title", "title_en")
    ]


def commitments_of_plan(*, plan: ActionPlan) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(plan=plan)
        .select_related("axis", "lead_administration")
        .order_by("number")
    )


# --- illustrative data ---------------------------------------------------------------------


def plans_public_annotated() -> QuerySet[ActionPlan]:
    """Published plans, each with ``has_illustrative``: some of its data is invented."""
    return plans_public().annotate(
        has_illustrative=Exists(
            Milestone.objects.filter(commitment__plan=OuterRef("pk"), is_illustrative=True)
        )
        | Exists(Indicator.objects.filter(commitment__plan=OuterRef("pk"), is_illustrative=True))
        | Exists(Commitment.objects.filter(plan=OuterRef("pk"), cost_is_illustrative=True))
    )


def published_data_has_illustrative() -> bool:
    """Whether any published plan holds invented data. One query, which stops at the first
    such plan."""
    return plans_public_annotated().filter(has_illustrative=True).exists()  # type: ignore[misc]


def plan_public_get(*, slug: str) -> ActionPlan:
    plan = plans_public_annotated().filter(slug=slug).first()
    if plan is None:
        raise Http404("plan")
    return plan


# --- commitment status ---------------------------------------------------------------------
# One definition for the API and the site: ``commitments.filters`` (see STATUS_DEFINITION).

STATUS_LABELS = dict(STATUS_CHOICES)
# The order in which the site lists them: done, almost, going well, late, not started, unknown.
STATUSES = (
    STATUS_COMPLETED,
    STATUS_MILESTONES_DONE,
    STATUS_ON_TRACK,
    STATUS_LATE,
    STATUS_NOT_STARTED,
    STATUS_NOT_MEASURABLE,
)
commitment_status_of = commitment_status


# --- plan dashboard ------------------------------------------------------------------------


@dataclass
class PlanDashboard:
    plan: ActionPlan
    as_of: datetime.date
    plan_rollup: Rollup | None
    axis_rollups: list[Rollup]
    administration_rollups: list[Rollup]  # league table: best score first
    due_soon: list[Milestone]
    late: list[Milestone]
    due_soon_count: int
    late_count: int
    last_change: datetime.datetime | None
    status_counts: dict[str, int] = field(default_factory=dict)
    # the league table also lists the administrations that only co-own commitments of the plan,
    # and how many commitments have no lead administration
    co_owners_only: list[Administration] = field(default_factory=list)
    without_lead: int = 0


def _score_key(rollup: Rollup) -> tuple:
    score = rollup.score if rollup.score is not None else Decimal(-1)
    return (-score, rollup.administration.name if rollup.administration else "")


def plan_dashboard(*, plan: ActionPlan, as_of: datetime.date, limit: int = 8) -> PlanDashboard:
    """Six queries: roll-ups, milestone counts, two milestone lists, status counts (with the
    commitments without a lead and the last change), the administrations involved.

    Late and due soon are judged against the reference dates (method v2)."""
    rollups = list(
        Rollup.objects.filter(plan=plan)
        .select_related("axis", "administration")
        .order_by("scope", "axis__number", "administration__name")
    )
    to_deliver = Milestone.objects.filter(commitment__plan=plan, counts_in_score=True).exclude(
        status=Milestone.Status.COMPLETED
    )
    milestones = to_deliver.select_related(
        "commitment", "commitment__lead_administration", "commitment__plan"
    )
    soon_end = as_of + datetime.timedelta(days=DUE_SOON_DAYS)
    soon = Q(reference_due_date__gte=as_of, reference_due_date__lte=soon_end)
    counts = to_deliver.aggregate(
        late=Count("id", filter=Q(reference_due_date__lt=as_of)), soon=Count("id", filter=soon)
    )
    due_soon = list(
        milestones.filter(soon).order_by("reference_due_date", "commitment__number", "id")[:limit]
    )
    late = list(
        milestones.filter(reference_due_date__lt=as_of).order_by(
            "reference_due_date", "commitment__number", "id"
        )[:limit]
    )
    commitments = Commitment.objects.filter(plan=plan)
    status_counts = commitments.aggregate(
        **{status: Count("id", filter=commitment_status_q(status)) for status in STATUSES},
        without_lead=Count("id", filter=Q(lead_administration__isnull=True)),
        last_change=Max("updated_at"),
    )
    last_change = status_counts.pop("last_change")
    without_lead = status_counts.pop("without_lead")
    leads = {r.administration_id for r in rollups if r.scope == Rollup.Scope.PLAN_ADMINISTRATION}
    co_owners_only = [a for a in administrations_involved(plan=plan) if a.pk not in leads]
    return PlanDashboard(
        plan=plan,
        as_of=as_of,
        plan_rollup=next((r for r in rollups if r.scope == Rollup.Scope.PLAN), None),
        axis_rollups=[r for r in rollups if r.scope == Rollup.Scope.AXIS],
        administration_rollups=sorted(
            (r for r in rollups if r.scope == Rollup.Scope.PLAN_ADMINISTRATION), key=_score_key
        ),
        due_soon=due_soon,
        late=late,
        due_soon_count=counts["soon"],
        late_count=counts["late"],
        last_change=last_change,
        status_counts=status_counts,
        co_owners_only=co_owners_only,
        without_lead=without_lead,
    )


# --- commitments ---------------------------------------------------------------------------


def commitments_public() -> QuerySet[Commitment]:
    """Commitments of published plans, with what a list row shows, in one query."""
    return (
        Commitment.objects.filter(plan__published=True)
        .select_related("plan", "axis", "lead_administration")
        .annotate(
            has_illustrative=Exists(
                Milestone.objects.filter(commitment=OuterRef("pk"), is_illustrative=True)
            )
            | Exists(Indicator.objects.filter(commitment=OuterRef("pk"), is_illustrative=True))
            | Q(cost_is_illustrative=True)
        )
    )


def commitments_public_in_order(ids: list[int]) -> list[Commitment]:
    """The list rows (``commitments_public``) of these commitments, in the order of ``ids``.

    One query bounded by the ids: the lists page their ids first (ordered by an index, see
    ``ActionPlan.Meta.indexes``), then read the rows of the page only, so the illustrative
    flags are looked up for the rows shown instead of for every commitment."""
    by_id = {c.pk: c for c in commitments_public().filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def commitment_public_get(*, plan_slug: str, number: int) -> Commitment:
    """One commitment with everything its page shows, in seven queries.

    The commitment (with plan, axis, lead), its co-owners, partners, indicators, their
    measurements (oldest first), its milestones (in calendar order) and their revisions.
    """
    commitment = (
        Commitment.objects.filter(plan__published=True, plan__slug=plan_slug, number=number)
        .select_related("plan", "axis", "lead_administration")
        .prefetch_related(
            "co_owners",
            "partners",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("position", "id").prefetch_related(
                    Prefetch("measurements", queryset=Measurement.objects.order_by("date"))
                ),
            ),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.order_by("due_date", "position", "id").prefetch_related(
                    Prefetch("revisions", queryset=MilestoneRevision.objects.order_by("id"))
                ),
            ),
        )
        .first()
    )
    if commitment is None:
        raise Http404("commitment")
    return commitment


def commitment_public_brief(*, plan_slug: str, number: int) -> Commitment:
    """A published commitment with its plan, nothing more (a feed's subject); 404 otherwise."""
    commitment = (
        Commitment.objects.filter(plan__published=True, plan__slug=plan_slug, number=number)
        .select_related("plan")
        .first()
    )
    if commitment is None:
        raise Http404("commitment")
    return commitment


def commitment_history(*, commitment: Commitment, limit: int = 100) -> list[AuditRecord]:
    """The public history: every recorded change to the commitment and its parts, newest first."""
    return list(
        AuditRecord.objects.filter(commitment=commitment).order_by("-created_at", "-id")[:limit]
    )


def _linked(ids) -> list[Commitment]:
    return list(
        Commitment.objects.filter(pk__in=ids, plan__published=True)
        .select_related("plan")
        .order_by("plan__period_start", "number")
    )


# Both read the keys through a UNION of index look-ups (``continues``, the many-to-many table):
# an OR of the two, as a join with DISTINCT or as ``OR id IN (…)``, read every commitment of
# the database (41 ms at 20,000 commitments, 12 ms at 5,000, bench/page_scaling.py).
ALSO_CONTINUES = Commitment.also_continues.through


def commitment_continued_by(*, commitment: Commitment) -> list[Commitment]:
    """The published commitments of later plans that continue this one."""
    first = Commitment.objects.filter(continues=commitment).order_by().values_list("pk")
    also = ALSO_CONTINUES.objects.filter(to_commitment=commitment).values_list("from_commitment_id")
    return _linked(first.union(also))


def commitment_continues(*, commitment: Commitment) -> list[Commitment]:
    """The published commitments of earlier plans this one continues (one or several)."""
    first = Commitment.objects.filter(continued_by=commitment).order_by().values_list("pk")
    also = ALSO_CONTINUES.objects.filter(from_commitment=commitment).values_list("to_commitment_id")
    return _linked(first.union(also))


# --- administrations -----------------------------------------------------------------------
# the figures (summed stored scores) live in ``public.figures``


@dataclass
class AdministrationRow:
    administration: Administration
    figures: AdministrationFigures | None


def administrations_league(*, plan: ActionPlan | None = None) -> list[AdministrationRow]:
    """Every administration that leads or co-owns a commitment of the published plans (or of
    ``plan``): those leading commitments first by score, then those that only co-own (no
    score: they are scored on what they lead). Two queries."""
    figures = administration_figures(plan=plan)
    rows = [AdministrationRow(a, figures.get(a.pk)) for a in administrations_involved(plan=plan)]

    def key(row: AdministrationRow) -> tuple:
        f = row.figures
        if f is None:
            return (2, Decimal(0), row.administration.name)
        score = f.score
        return (0 if score is not None else 1, -(score or Decimal(0)), row.administration.name)

    return sorted(rows, key=key)


def commitments_without_lead_count(*, plan: ActionPlan | None = None) -> int:
    """Commitments of the published plans (or of ``plan``) that name no lead administration."""
    qs = Commitment.objects.filter(plan__published=True, lead_administration__isnull=True)
    return qs.filter(plan=plan).count() if plan is not None else qs.count()


def administrations_involved(
    *, plan: ActionPlan | PlanChoice | None = None
) -> list[Administration]:
    """Administrations leading or co-owning a commitment of a published plan (or of ``plan``).
    One query. Over all plans it probes each administration's own commitments by index and
    stops at the first one in a published plan: it costs the number of administrations, not
    the number of commitments."""
    if plan is None:
        return list(
            Administration.objects.filter(
                Exists(
                    Commitment.objects.filter(
                        lead_administration=OuterRef("pk"), plan__published=True
                    )
                )
                | Exists(
                    Commitment.co_owners.through.objects.filter(
                        administration=OuterRef("pk"), commitment__plan__published=True
                    )
                )
            ).order_by("name")
        )
    led = Commitment.objects.filter(plan__published=True, plan_id=plan.pk)
    co_owned = Commitment.co_owners.through.objects.filter(commitment__in=led.values("pk"))
    return list(
        Administration.objects.filter(
            Q(pk__in=led.values("lead_administration_id"))
            | Q(pk__in=co_owned.values("administration_id"))
        ).order_by("name")
    )


def administration_public_get(*, slug: str) -> Administration:
    administration = Administration.objects.filter(slug=slug).first()
    if administration is None:
        raise Http404("administration")
    return administration


@dataclass
class AdministrationPage:
    administration: Administration
    overall: AdministrationFigures | None
    per_plan: list[tuple[ActionPlan, Rollup]]
    led: list[Commitment]
    co_owned: list[Commitment]
    late: list[Milestone]
    co_owned_count: int = 0
    # more than shown: the page links to the full, paginated lists
    per_plan_more: bool = False
    led_more: bool = False
    co_owned_more: bool = False


def _newest_first(qs: QuerySet, limit: int) -> tuple[list, bool]:
    rows = list(qs[: limit + 1])
    return rows[:limit], len(rows) > limit


def administration_page(
    *,
    administration: Administration,
    as_of: datetime.date,
    late_limit: int = 20,
    plans_limit: int = 10,
    commitments_limit: int = 25,
) -> AdministrationPage:
    """Seven queries: overall figures, per-plan roll-ups, led and co-owned commitments, the
    number co-owned, late milestones. Each list is the newest ``*_limit`` rows (the page links
    to the paginated list of all of them), so the page costs what it shows, not what the
    administration has accumulated over every plan."""
    overall = administration_figures(administration=administration).get(administration.pk)
    rollups = (
        Rollup.objects.filter(
            scope=Rollup.Scope.PLAN_ADMINISTRATION,
            administration=administration,
            plan__published=True,
        )
        .select_related("plan")
        .order_by("-plan__period_start", "plan__slug")
    )
    newest_rollups, per_plan_more = _newest_first(rollups, plans_limit)
    per_plan = [(r.plan, r) for r in newest_rollups if r.plan is not None]
    newest = ("-plan__period_start", "plan__slug", "number")
    led, led_more = _newest_first(
        commitments_public().filter(lead_administration=administration).order_by(*newest),
        commitments_limit,
    )
    co_owned, co_owned_more = _newest_first(
        commitments_public().filter(co_owners=administration).order_by(*newest),
        commitments_limit,
    )
    co_owned_count = Commitment.co_owners.through.objects.filter(
        administration=administration, commitment__plan__published=True
    ).count()
    # the late milestones of the commitments it leads and of those it co-owns (labelled on the
    # page), judged against their reference dates (method v2); the milestones still to deliver
    # are walked in reference-date order by an index (``milestone_to_deliver_idx``)
    co_owned_ids = Commitment.co_owners.through.objects.filter(
        administration=administration
    ).values("commitment_id")
    late = list(
        Milestone.objects.filter(milestone_late_q(as_of), commitment__plan__published=True)
        .filter(
            Q(commitment__lead_administration=administration) | Q(commitment_id__in=co_owned_ids)
        )
        .select_related("commitment", "commitment__plan")
        .order_by("reference_due_date", "id")[:late_limit]
    )
    return AdministrationPage(
        administration,
        overall,
        per_plan,
        led,
        co_owned,
        late,
        co_owned_count=co_owned_count,
        per_plan_more=per_plan_more,
        led_more=led_more,
        co_owned_more=co_owned_more,
    )


# --- glossary, vague verbs, methodology ----------------------------------------------------


def glossary_terms() -> list[GlossaryTerm]:
    return list(GlossaryTerm.objects.order_by("term"))


def vague_verbs_active() -> list[VagueVerb]:
    return list(VagueVerb.objects.filter(active=True).order_by("infinitive"))


def worked_example_commitment() -> Commitment | None:
    """A real commitment of the latest published plan that shows most of the method:
    milestones and indicators, ideally a late milestone, a late completion, a due date moved
    by a revision approved in time and a cancellation. One query, bounded by the size of one
    plan (it never scans the whole database); the page then loads it with
    ``commitment_public_get``."""
    latest_plan = plans_public().values("pk")[:1]
    return (
        Commitment.objects.filter(plan__in=latest_plan)
        .annotate(
            n_milestones=Count("milestones", distinct=True),
            n_indicators=Count("indicators", distinct=True),
            n_cancelled=Count(
                "milestones", filter=Q(milestones__status="cancelled"), distinct=True
            ),
            n_moved=Count(
                "milestones",
                filter=~Q(milestones__reference_due_date=F("milestones__original_due_date")),
                distinct=True,
            ),
            n_late_done=Count(
                "milestones",
                filter=Q(
                    milestones__status="completed",
                    milestones__completed_on__gt=F("milestones__reference_due_date"),
                ),
                distinct=True,
            ),
        )
        .filter(n_milestones__gte=2, n_indicators__gte=1)
        .select_related("plan")
        .order_by(
            ExpressionWrapper(
                Q(late_milestones__gt=0) & Q(n_moved__gt=0) & Q(n_late_done__gt=0),
                output_field=BooleanField(),
            ).desc(),
            ExpressionWrapper(
                Q(late_milestones__gt=0) & Q(n_cancelled__gt=0) & Q(n_late_done__gt=0),
                output_field=BooleanField(),
            ).desc(),
            "number",
        )
        .first()
    )


# --- feeds ---------------------------------------------------------------------------------


def audit_records_public(
    *,
    plan: ActionPlan | None = None,
    commitment: Commitment | None = None,
    administration: Administration | None = None,
    limit: int = 50,
) -> list[AuditRecord]:
    """Recent changes for a feed, newest first, on published plans only. One query."""
    qs = AuditRecord.objects.filter(plan__published=True).select_related(
        "plan", "commitment", "commitment__plan"
    )
    if plan is not None:
        qs = qs.filter(plan=plan)
    if commitment is not None:
        qs = qs.filter(commitment=commitment)
    if administration is not None:
        # co-owned through a subquery, not a join: no duplicates to remove, so the newest
        # records are read in date order and the query stops after ``limit``
        co_owned = Commitment.co_owners.through.objects.filter(
            administration=administration
        ).values("commitment_id")
        qs = qs.filter(
            Q(commitment__lead_administration=administration) | Q(commitment_id__in=co_owned)
        )
    return list(qs.order_by("-created_at", "-id")[:limit])


def plans_with_rollups(ids: list[int] | None = None) -> QuerySet[ActionPlan]:
    """Published plans (those of ``ids``), newest first, each with ``plan_rollups`` (its stored
    plan roll-up) and ``has_illustrative``. Two queries."""
    plans = plans_public_annotated()
    if ids is not None:
        plans = plans.filter(pk__in=ids)
    return plans.prefetch_related(
        Prefetch(
            "rollups",
            queryset=Rollup.objects.filter(scope=Rollup.Scope.PLAN),
            to_attr="plan_rollups",
        )
    )
