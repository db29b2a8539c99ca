"""Reminder e-mails, rendered in the recipient's language from ``templates/emails/<family>/``."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import select_template
from django.urls import reverse
from django.utils import translation

from commitments.models import supported_language as language_of
from indicators.models import Indicator
from milestones.models import Milestone

from .digest import digest_sections
from .models import ReminderOutbox
from .selectors import DEFAULT_LANGUAGE, Kind, indicator_last_date

TEMPLATE_FAMILY: dict[str, str] = {
    Kind.MILESTONE_DUE_30: "milestone_due",
    Kind.MILESTONE_DUE_7: "milestone_due",
    Kind.MILESTONE_DUE_1: "milestone_due",
    Kind.MILESTONE_OVERDUE: "milestone_overdue",
    Kind.MILESTONE_OVERDUE_WEEKLY: "milestone_overdue",
    Kind.LATE_DIGEST: "late_digest",
    Kind.INDICATOR_STALE: "indicator_stale",
}


def milestone_update_url(milestone: Milestone) -> str:
    """Where a contributor updates the milestone: its page in the workspace."""
    return settings.SITE_URL + reverse("workspace:milestone", args=[milestone.pk])


def indicator_update_url(indicator: Indicator) -> str:
    """Where a contributor records a measurement: its page in the workspace."""
    return settings.SITE_URL + reverse("workspace:measurement", args=[indicator.pk])


def _localized(obj, field: str, language: str) -> str:
    english = getattr(obj, f"{field}_en", "") if language == "en" else ""
    return english or getattr(obj, field)


def _milestone_context(m: Milestone, *, for_date: datetime.date, language: str) -> dict:
    commitment = m.commitment
    lead = commitment.lead_administration
    due = m.reference_due_date  # never empty here: an undated milestone is not reminded
    return {
        "milestone": m,
        "commitment": commitment,
        "commitment_title": _localized(commitment, "title", language),
        "plan_title": _localized(commitment.plan, "title", language),
        "administration": str(lead) if lead else "",
        "due_date": due,
        "days_left": (due - for_date).days if due else 0,
        "days_late": (for_date - due).days if due else 0,
        "update_url": milestone_update_url(m),
        "explain_url": settings.SITE_URL + reverse("workspace:milestone-delay", args=[m.pk]),
        "explanation": m.delay_explanation,
    }


def reminder_context(
    row: ReminderOutbox, *, late_milestones: list[Milestone] | None = None
) -> dict:
    language = language_of(row.language)
    context: dict = {
        "kind": row.kind,
        "for_date": row.for_date,
        "site_url": settings.SITE_URL,
        "language": language,
    }
    if row.kind in ReminderOutbox.MILESTONE_KINDS:
        assert row.milestone is not None
        context.update(_milestone_context(row.milestone, for_date=row.for_date, language=language))
    elif row.kind == Kind.INDICATOR_STALE:
        indicator = row.indicator
        assert indicator is not None
        commitment = indicator.commitment
        last_measured = getattr(indicator, "last_measured", None)
        last_date = indicator_last_date(
            last_measured, indicator.baseline_date, indicator.created_at
        )
        lead = commitment.lead_administration
        context.update(
            indicator=indicator,
            commitment=commitment,
            commitment_title=_localized(commitment, "title", language),
            plan_title=_localized(commitment.plan, "title", language),
            administration=str(lead) if lead else "",
            has_measurement=last_measured is not None,
            last_date=last_date,
            days_since=(row.for_date - last_date).days,
            period_days=indicator.update_period_days,
            update_url=indicator_update_url(indicator),
        )
    elif row.kind == Kind.LATE_DIGEST:
        items = [
            _milestone_context(m, for_date=row.for_date, language=language)
            for m in late_milestones or []
        ]
        sections = digest_sections(row.for_date)
        context.update(
            items=items,
            count=len(items),
            sections=sections,
            # the subject says what the digest holds: late milestones and each section's count
            summaries=[s.summary for s in sections if s.summary],
        )
    return context


def _render(family: str, part: str, language: str, context: dict) -> str:
    names = [f"emails/{family}/{part}".format(lang=language)]
    if language != DEFAULT_LANGUAGE:
        names.append(f"emails/{family}/{part}".format(lang=DEFAULT_LANGUAGE))
    return select_template(names).render(context)


def reminder_email(
    row: ReminderOutbox, *, late_milestones: list[Milestone] | None = None, connection=None
) -> EmailMultiAlternatives:
    """The multipart (text + HTML) message for ``row``, in the recipient's language.

    The wording lives in one template per kind family and language
    (``templates/emails/<family>/{subject,body}.<lang>.{txt,html}``); dates and numbers are
    formatted by Django inside ``translation.override``."""
    language = language_of(row.language)
    family = TEMPLATE_FAMILY[row.kind]
    with translation.override(language):
        context = reminder_context(row, late_milestones=late_milestones)
        subject = " ".join(_render(family, "subject.{lang}.txt", language, context).split())
        text = _render(family, "body.{lang}.txt", language, context)
        html = _render(family, "body.{lang}.html", language, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.recipient],
        headers={"Auto-Submitted": "auto-generated", "X-PGO-Reminder": row.dedup_key},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message
