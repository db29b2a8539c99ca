"""Tell the coordination team a draft is waiting: once per draft, even when the job runs twice
(the draft is claimed by a conditional UPDATE before the e-mail leaves; a failed send releases
the claim for the next run)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from commitments.models import supported_language

from .models import Report


def coordinator_recipients() -> list[tuple[str, str]]:
    """(address, language) of every active coordinator, and the team's shared addresses."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, profile__is_coordinator=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", "profile__language")
    )
    seen: dict[str, str] = {}
    for email, language in users:
        seen.setdefault(email.lower(), supported_language(language))
    for email in getattr(settings, "COORDINATION_EMAILS", []):
        seen.setdefault(email.lower(), "fr")
    return sorted(seen.items())


def coordinators_tell(report: Report) -> int:
    """E-mail the coordinators that ``report``'s draft is ready; 0 when already told."""
    claimed = Report.objects.filter(pk=report.pk, coordinators_told_at__isnull=True).update(
        coordinators_told_at=timezone.now()
    )
    if not claimed:
        return 0
    url = settings.SITE_URL + reverse("workspace:report", args=[report.pk])
    sent = 0
    try:
        for address, language in coordinator_recipients():
            with translation.override(language):
                context = {"report": report, "url": url}
                subject = render_to_string("reports/emails/draft_subject.txt", context).strip()
                body = render_to_string("reports/emails/draft_body.txt", context)
            sent += send_mail(subject, body, None, [address])
    except Exception:
        Report.objects.filter(pk=report.pk).update(coordinators_told_at=None)
        raise
    return sent
