"""Every read of the reports' pages: a fixed number of queries whatever the number of reports."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from commitments.models import ActionPlan

from .models import Report

_LIGHT = ("data", "html", "pdf", "odt")


def _corrected_by() -> Subquery:
    return Subquery(
        Report.objects.filter(corrects=OuterRef("pk"), status=Report.Status.PUBLISHED).values(
            "version"
        )[:1]
    )


def reports_published(*, plan: ActionPlan | None = None) -> QuerySet[Report]:
    """The public archive, newest first: one query, without the stored files."""
    qs = (
        Report.objects.filter(status=Report.Status.PUBLISHED, plan__published=True)
        .select_related("plan")
        .defer(*_LIGHT)
        .annotate(corrected_by_version=_corrected_by())
        .order_by("-published_at", "-id")
    )
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs


def report_published_get(pk: int) -> Report:
    """A published report of a published plan, with what it holds (its files excepted)."""
    report = (
        Report.objects.filter(pk=pk, status=Report.Status.PUBLISHED, plan__published=True)
        .select_related("plan", "corrects")
        .defer("pdf", "odt")
        .annotate(corrected_by_version=_corrected_by())
        .first()
    )
    if report is None:
        raise Http404
    return report


def report_file(pk: int, fmt: str) -> tuple[Report, bytes]:
    """The stored PDF or ODT of a published report, as stored at publication."""
    field = {"pdf": "pdf", "odt": "odt"}[fmt]
    report = (
        Report.objects.filter(pk=pk, status=Report.Status.PUBLISHED, plan__published=True)
        .select_related("plan")
        .only("pk", "version", "period_start", "period_end", "plan__slug", field)
        .first()
    )
    if report is None:
        raise Http404
    return report, bytes(getattr(report, field))


def report_data_get(pk: int) -> Report:
    report = (
        Report.objects.filter(pk=pk, status=Report.Status.PUBLISHED, plan__published=True)
        .select_related("plan")
        .only("pk", "version", "data", "data_sha256", "plan__slug")
        .first()
    )
    if report is None:
        raise Http404
    return report


def reports_published_count(plan: ActionPlan) -> int:
    return Report.objects.filter(plan=plan, status=Report.Status.PUBLISHED).count()


# --- the coordination team's pages -------------------------------------------------------------


def reports_for_workspace() -> QuerySet[Report]:
    return (
        Report.objects.select_related("plan")
        .defer(*_LIGHT)
        .annotate(corrected_by_version=_corrected_by())
        .order_by("-period_end", "plan__slug", "-version")
    )


def report_get(pk: int) -> Report:
    report = (
        Report.objects.filter(pk=pk).select_related("plan", "corrects").defer("pdf", "odt").first()
    )
    if report is None:
        raise Http404
    return report


def plans_for_reports() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.order_by("-period_start", "slug")


def plan_by_slug(slug: str) -> ActionPlan:
    plan = ActionPlan.objects.filter(slug=slug).first()
    if plan is None:
        raise Http404
    return plan
