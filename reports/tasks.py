"""Celery tasks: thin wrappers that take a date and call one service."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(acks_late=True)
def generate_due_reports(today: str | None = None) -> dict:
    """At the end of each regular period (each year of a plan, the whole plan), the draft of its
    report, once, and an e-mail to the coordinators. Idempotent: a rerun creates no second draft
    and sends no second e-mail."""
    from .models import Report
    from .notify import coordinators_tell
    from .services import drafts_due

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    created = drafts_due(today=day, catch_up_days=settings.REPORTS_CATCH_UP_DAYS)
    told = 0
    # drafts of the job whose e-mail did not leave yet (this run's, or a failed earlier one)
    for report in Report.objects.filter(
        status=Report.Status.DRAFT, generated_by__isnull=True, coordinators_told_at__isnull=True
    ).select_related("plan"):
        told += coordinators_tell(report)
    return {"created": len(created), "emails": told}
