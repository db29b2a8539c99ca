"""Every read of civil society's part, for the public site, the workspace and the digest. Each
runs a fixed number of SQL queries whatever the amount of data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from commitments.models import ActionPlan, Administration, Commitment
from commitments.permissions import commitments_editable_by

from . import rules
from .filters import disagreement_q
from .models import Assessment, Organisation, Question, SelfAssessment
from .permissions import organisation_ids_of

# --- disagreement ---------------------------------------------------------------------------


def disagreeing_assessments() -> QuerySet[Assessment]:
    """Current, visible assessments whose level differs from the commitment's self-assessment
    (every level differs from another by one level or more)."""
    return Assessment.objects.filter(disagreement_q(), commitment__plan__published=True)


def with_disagreement(qs: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Only the commitments of ``qs`` on which an organisation disagrees (no extra query)."""
    return qs.filter(
        Exists(disagreeing_assessments().filter(commitment=OuterRef("pk")).values("pk"))
    )


@dataclass
class Disagreements:
    count: int  # commitments with at least one disagreement
    rows: list[Assessment]  # the disagreeing assessments, at most ``limit``


def _disagreements(qs: QuerySet[Assessment], limit: int) -> Disagreements:
    count = qs.aggregate(n=Count("commitment_id", distinct=True))["n"] or 0
    rows = list(
        qs.select_related(
            "organisation",
            "commitment",
            "commitment__plan",
            "commitment__self_assessment",
            "commitment__lead_administration",
        ).order_by("-commitment__plan__period_start", "commitment__number", "organisation__name")[
            :limit
        ]
    )
    return Disagreements(count=count, rows=rows)


def plan_disagreements(*, plan: ActionPlan, limit: int = 20) -> Disagreements:
    """Two queries: the number of commitments, the disagreeing assessments."""
    return _disagreements(disagreeing_assessments().filter(commitment__plan=plan), limit)


def administration_disagreements(
    *, administration: Administration, limit: int = 50
) -> Disagreements:
    """The disagreements on the commitments an administration leads; two queries."""
    return _disagreements(
        disagreeing_assessments().filter(commitment__lead_administration=administration), limit
    )


# --- a commitment's page --------------------------------------------------------------------


@dataclass
class AssessmentRow:
    assessment: Assessment
    disagrees: bool
    gap: int | None  # levels above (+) or below (-) the self-assessment

    @property
    def gap_abs(self) -> int:
        return abs(self.gap or 0)


@dataclass
class QuestionRow:
    question: Question
    days_open: int | None
    overdue: bool


@dataclass
class CommitmentPanel:
    self_assessment: SelfAssessment | None
    assessments: list[AssessmentRow]
    questions: list[QuestionRow]
    disagreement_count: int = 0
    overdue_count: int = 0
    status: str = ""


def question_row(question: Question, as_of: datetime.date) -> QuestionRow:
    confirmed_on = timezone.localdate(question.confirmed_at) if question.confirmed_at else None
    return QuestionRow(
        question=question,
        days_open=rules.days_open(confirmed_on, as_of) if confirmed_on else None,
        overdue=rules.is_overdue(
            confirmed_on=confirmed_on,
            answered=question.answered_at is not None,
            hidden=question.hidden_at is not None,
            as_of=as_of,
        ),
    )


def commitment_panel(*, commitment: Commitment, as_of: datetime.date) -> CommitmentPanel:
    """The self-assessment, each organisation's current assessment, the published questions;
    three queries."""
    own = SelfAssessment.objects.filter(commitment=commitment).first()
    self_level = own.level if own else None
    rows = []
    for a in (
        Assessment.objects.filter(commitment=commitment, is_current=True)
        .select_related("organisation")
        .order_by("organisation__name")
    ):
        visible = a.hidden_at is None
        rows.append(
            AssessmentRow(
                assessment=a,
                disagrees=visible and rules.disagrees(a.level, self_level),
                gap=rules.level_gap(a.level, self_level) if visible and self_level else None,
            )
        )
    questions = [
        question_row(q, as_of)
        for q in Question.objects.filter(commitment=commitment, confirmed_at__isnull=False)
        .select_related("answer_administration")
        .order_by("confirmed_at", "id")
    ]
    return CommitmentPanel(
        self_assessment=own,
        assessments=rows,
        questions=questions,
        disagreement_count=sum(1 for r in rows if r.disagrees),
        overdue_count=sum(1 for q in questions if q.overdue),
        status=commitment.status,
    )


# --- answer figures -------------------------------------------------------------------------


def answer_figures_by_administration(
    *, plan: ActionPlan | None = None, administration: Administration | None = None
) -> dict[int, rules.AnswerFigures]:
    """Answer rate and median answer time per lead administration, over the published,
    visible questions of published plans (or of ``plan``). One query."""
    qs = Question.objects.filter(
        confirmed_at__isnull=False,
        hidden_at__isnull=True,
        commitment__plan__published=True,
        commitment__lead_administration__isnull=False,
    )
    if plan is not None:
        qs = qs.filter(commitment__plan=plan)
    if administration is not None:
        qs = qs.filter(commitment__lead_administration=administration)
    grouped: dict[int, list] = {}
    for admin_id, confirmed, answered in qs.values_list(
        "commitment__lead_administration_id", "confirmed_at", "answered_at"
    ):
        grouped.setdefault(admin_id, []).append((confirmed, answered))
    return {admin_id: rules.answer_figures(pairs) for admin_id, pairs in grouped.items()}


def administration_questions(
    *, administration: Administration, as_of: datetime.date, limit: int = 50
) -> list[QuestionRow]:
    """The unanswered published questions on the commitments it leads, oldest first."""
    qs = (
        Question.objects.filter(
            confirmed_at__isnull=False,
            answered_at__isnull=True,
            hidden_at__isnull=True,
            commitment__plan__published=True,
            commitment__lead_administration=administration,
        )
        .select_related("commitment", "commitment__plan")
        .order_by("confirmed_at", "id")[:limit]
    )
    return [question_row(q, as_of) for q in qs]


def overdue_questions(*, as_of: datetime.date) -> list[QuestionRow]:
    """Published, visible questions unanswered for ``OVERDUE_DAYS`` days or more; one query."""
    tz = timezone.get_current_timezone()
    limit = as_of - datetime.timedelta(days=rules.OVERDUE_DAYS)
    cutoff = datetime.datetime.combine(limit + datetime.timedelta(days=1), datetime.time(), tz)
    qs = (
        Question.objects.filter(
            confirmed_at__lt=cutoff,
            answered_at__isnull=True,
            hidden_at__isnull=True,
            commitment__plan__published=True,
        )
        .select_related("commitment", "commitment__plan", "commitment__lead_administration")
        .order_by("confirmed_at", "id")
    )
    return [row for row in (question_row(q, as_of) for q in qs) if row.overdue]


# --- organisations --------------------------------------------------------------------------


def organisations_public() -> list[Organisation]:
    return list(
        Organisation.objects.annotate(
            current_count=Count(
                "assessments",
                filter=Q(
                    assessments__is_current=True,
                    assessments__hidden_at__isnull=True,
                    assessments__commitment__plan__published=True,
                ),
            )
        ).order_by("name")
    )


@dataclass
class OrganisationPage:
    organisation: Organisation
    assessments: list[Assessment] = field(default_factory=list)


def organisation_page(*, slug: str) -> OrganisationPage:
    """The organisation and all its assessments of published plans, current first; two
    queries."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("organisation")
    assessments = list(
        Assessment.objects.filter(organisation=organisation, commitment__plan__published=True)
        .select_related("commitment", "commitment__plan", "commitment__self_assessment")
        .order_by(
            "-is_current",
            "-commitment__plan__period_start",
            "commitment__number",
            "-assessed_on",
            "-id",
        )
    )
    return OrganisationPage(organisation, assessments)


# --- workspace ------------------------------------------------------------------------------


def reviewer_organisations(*, user) -> list[Organisation]:
    ids = organisation_ids_of(user)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name")) if ids else []


def assessable_commitments() -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(plan__published=True)
        .select_related("plan")
        .order_by("-plan__period_start", "number")
    )


def published_commitment_get(*, plan_slug: str, number: int) -> Commitment:
    """A commitment of a published plan, with its plan; 404 otherwise."""
    commitment = (
        Commitment.objects.filter(plan__published=True, plan__slug=plan_slug, number=number)
        .select_related("plan")
        .first()
    )
    if commitment is None:
        raise Http404("commitment")
    return commitment


def assessable_commitment_get(*, pk: int) -> Commitment:
    commitment = assessable_commitments().filter(pk=pk).first()
    if commitment is None:
        raise Http404("commitment")
    return commitment


def questions_to_answer(*, user) -> list[Question]:
    """The published, unanswered, visible questions on the commitments ``user`` may change."""
    return list(
        Question.objects.filter(
            confirmed_at__isnull=False,
            answered_at__isnull=True,
            hidden_at__isnull=True,
            commitment__in=commitments_editable_by(user).values("pk"),
        )
        .select_related("commitment", "commitment__plan")
        .order_by("confirmed_at", "id")[:200]
    )


def question_for_answer(*, user, pk: int) -> Question:
    """A published question on a commitment ``user`` may change; 404 otherwise."""
    question = (
        Question.objects.filter(
            pk=pk,
            confirmed_at__isnull=False,
            commitment__in=commitments_editable_by(user).values("pk"),
        )
        .select_related("commitment", "commitment__plan", "commitment__lead_administration")
        .first()
    )
    if question is None:
        raise Http404("question")
    return question


def self_assessment_of(*, commitment: Commitment) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(commitment=commitment).first()


def moderation_queue(*, limit: int = 200) -> tuple[list[Question], list[Assessment]]:
    """The latest published questions and assessments, for the coordination team."""
    questions = list(
        Question.objects.filter(confirmed_at__isnull=False)
        .select_related("commitment", "commitment__plan")
        .order_by("-confirmed_at", "-id")[:limit]
    )
    assessments = list(
        Assessment.objects.select_related(
            "organisation", "commitment", "commitment__plan"
        ).order_by("-created_at", "-id")[:limit]
    )
    return questions, assessments


def moderated_object(*, kind: str, pk: int) -> Assessment | Question:
    model = Assessment if kind == "assessment" else Question
    obj = model.objects.filter(pk=pk).select_related("commitment").first()
    if obj is None or kind not in ("assessment", "question", "answer"):
        raise Http404(kind)
    return obj
