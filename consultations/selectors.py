"""Every read of the consultations: public pages, the workspace, the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from commitments.models import Commitment

from . import rules
from .models import Consultation, Proposal

Outcome = Proposal.Outcome
AuthorKind = Proposal.AuthorKind


def consultations_public() -> QuerySet[Consultation]:
    """Consultations of published plans, each with its counts per outcome (one query)."""
    return (
        Consultation.objects.filter(plan__published=True)
        .select_related("plan")
        .annotate(
            total=Count("proposals"),
            retained=Count("proposals", filter=Q(proposals__outcome=Outcome.RETAINED)),
            merged=Count("proposals", filter=Q(proposals__outcome=Outcome.MERGED)),
            not_retained=Count("proposals", filter=Q(proposals__outcome=Outcome.NOT_RETAINED)),
            pending=Count("proposals", filter=Q(proposals__outcome=Outcome.PENDING)),
        )
        .order_by("-start_date", "slug")
    )


def consultation_public_get(*, slug: str) -> Consultation:
    return get_object_or_404(consultations_public(), slug=slug)


def consultations_all() -> QuerySet[Consultation]:
    return Consultation.objects.select_related("plan").order_by("-start_date", "slug")


def consultation_get(*, slug: str) -> Consultation:
    return get_object_or_404(consultations_all(), slug=slug)


def _linked_commitments() -> Prefetch:
    return Prefetch(
        "commitments",
        queryset=Commitment.objects.select_related("plan").order_by("number"),
    )


def proposals_public() -> QuerySet[Proposal]:
    """Proposals of published plans' consultations, with their commitments (two queries)."""
    return (
        Proposal.objects.filter(consultation__plan__published=True)
        .select_related("consultation__plan")
        .prefetch_related(_linked_commitments())
        .order_by("consultation__slug", "external_id")
    )


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    count: int


def not_retained_reasons(*, consultation: Consultation) -> list[ReasonCount]:
    """Why proposals were not retained: each public reason and how many times (one query)."""
    rows = (
        Proposal.objects.filter(consultation=consultation, outcome=Outcome.NOT_RETAINED)
        .values("reason")
        .annotate(n=Count("id"))
        .order_by("-n", "reason")
    )
    return [ReasonCount(r["reason"], r["n"]) for r in rows]


def commitments_of_consultation(*, consultation: Consultation) -> list[Commitment]:
    """The commitments the consultation's proposals led to (a filter's choices; one query)."""
    return list(
        Commitment.objects.filter(source_proposals__consultation=consultation)
        .distinct()
        .order_by("number")
    )


def proposals_of_commitment(*, commitment: Commitment) -> list[Proposal]:
    """The proposals a commitment comes from, in published consultations (one query)."""
    return list(
        Proposal.objects.filter(commitments=commitment, consultation__plan__published=True)
        .select_related("consultation")
        .order_by("consultation__start_date", "external_id")
    )


def counts_of(consultation: Consultation) -> dict[str, int]:
    """The counts annotated by ``consultations_public`` as the rules name them."""
    counts = {
        rules.RETAINED: consultation.retained,  # type: ignore[attr-defined]
        rules.MERGED: consultation.merged,  # type: ignore[attr-defined]
        rules.NOT_RETAINED: consultation.not_retained,  # type: ignore[attr-defined]
        rules.PENDING: consultation.pending,  # type: ignore[attr-defined]
    }
    counts["total"] = consultation.total  # type: ignore[attr-defined]
    return counts


def proposals_all() -> QuerySet[Proposal]:
    """Every proposal, published plan or not (the workspace), with its commitments."""
    return (
        Proposal.objects.select_related("consultation__plan")
        .prefetch_related(_linked_commitments())
        .order_by("external_id", "id")
    )


def proposal_get(*, pk: int) -> Proposal:
    return get_object_or_404(proposals_all(), pk=pk)


def commitments_of_plan(*, plan_id: int) -> list[Commitment]:
    return list(Commitment.objects.filter(plan_id=plan_id).order_by("number"))
