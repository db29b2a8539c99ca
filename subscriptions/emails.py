"""The confirmation e-mail and the digest, in the subscriber's language.

The digest carries a one-click unsubscribe link in its body and the ``List-Unsubscribe`` and
``List-Unsubscribe-Post`` headers of RFC 8058, so a mail client can unsubscribe with one POST.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commitments.models import AuditRecord
from commitments.models import supported_language as language_of

from . import selectors
from .models import DigestOutbox, Subscription
from .selectors import Change, ChangeFeed


def confirm_url(subscription: Subscription) -> str:
    return settings.SITE_URL + reverse("subscriptions:confirm", args=[subscription.token])


def unsubscribe_url(subscription: Subscription) -> str:
    return settings.SITE_URL + reverse("subscriptions:unsubscribe", args=[subscription.token])


def _localized(value: Mapping[str, Any] | Any, field: str, language: str) -> str:
    if isinstance(value, Mapping):
        english = value.get(f"{field}_en") if language == "en" else ""
        return english or value.get(field) or ""
    english = getattr(value, f"{field}_en", "") if language == "en" else ""
    return english or getattr(value, field, "") or str(value)


def followed_label(subscription: Subscription, language: str) -> str:
    """What is followed, in words: « l'engagement 12 : … », « l'administration … »."""
    return label_of(subscription.target, subscription.followed, language)


def label_of(target: str, followed: Any, language: str) -> str:
    if target == Subscription.Target.COMMITMENT:
        title = _localized(followed, "title", language)
        return _("l'engagement %(number)s « %(title)s »") % {
            "number": followed.number,
            "title": title,
        }
    if target == Subscription.Target.ADMINISTRATION:
        return _("l'administration « %(name)s »") % {"name": followed.name}
    return _("le plan « %(title)s »") % {"title": _localized(followed, "title", language)}


def _model_label(object_type: str) -> str:
    """The verbose name of the model an audit record is about, whatever app defines it."""
    for model in apps.get_models():
        if model._meta.model_name == object_type:
            return str(model._meta.verbose_name).capitalize()
    return object_type


def _date(value: Any) -> str:
    day = parse_date(value) if isinstance(value, str) else value
    return date_format(day, "DATE_FORMAT") if isinstance(day, datetime.date) else str(value or "")


def describe(change: Change) -> str:
    """One line of the digest, in the active language."""
    label = change.label
    if change.kind == selectors.MILESTONE_COMPLETED:
        return _("Jalon réalisé : %(label)s") % {"label": label}
    if change.kind == selectors.MILESTONE_MOVED:
        return _("Jalon déplacé : %(label)s (échéance du %(old)s au %(new)s)") % {
            "label": label,
            "old": _date(change.old),
            "new": _date(change.new),
        }
    if change.kind == selectors.MILESTONE_LATE:
        return _("Jalon en retard : %(label)s (échéance du %(due)s)") % {
            "label": label,
            "due": _date(change.old),
        }
    if change.kind == selectors.MEASUREMENT_NEW:
        return _("Nouvelle mesure : %(label)s") % {"label": label}
    if change.kind == selectors.REPORT_PUBLISHED:
        return _("Rapport au Parlement publié : %(label)s") % {"label": label}
    action = dict(AuditRecord.Action.choices).get(change.action, change.action)
    return _("%(type)s (%(action)s) : %(label)s") % {
        "type": _model_label(change.object_type),
        "action": str(action),
        "label": label,
    }


def link_of(change: Change) -> str:
    """The public page of what a line is about, when it has one of its own (a published
    report; the other lines link through their commitment's section)."""
    if change.kind == selectors.REPORT_PUBLISHED and change.object_id:
        return settings.SITE_URL + reverse("reports:detail", args=[change.object_id])
    return ""


def digest_sections(changes: list[Change], feed: ChangeFeed, language: str) -> list[dict]:
    """The changes grouped by commitment (plan-level changes first), each with its page; each
    line is ``{"text", "url"}``."""
    groups: OrderedDict[int | None, list[dict[str, str]]] = OrderedDict()
    for change in sorted(changes, key=lambda c: (c.commitment_id or 0, str(c.at))):
        groups.setdefault(change.commitment_id, []).append(
            {"text": describe(change), "url": link_of(change)}
        )
    sections = []
    for commitment_id, lines in groups.items():
        row = feed.commitments.get(commitment_id) if commitment_id else None
        if row:
            title = _("Engagement %(number)s : %(title)s") % {
                "number": row["number"],
                "title": _localized(row, "title", language),
            }
            url = settings.SITE_URL + reverse(
                "public:commitment-detail", args=[row["plan__slug"], row["number"]]
            )
        else:
            title, url = _("Le plan"), ""
        sections.append({"title": title, "url": url, "lines": lines})
    return sections


def confirmation_email(subscription: Subscription, *, connection=None) -> EmailMultiAlternatives:
    language = language_of(subscription.language)
    with translation.override(language):
        context = {
            "followed": followed_label(subscription, language),
            "confirm_url": confirm_url(subscription),
            "frequency": subscription.get_frequency_display(),
            "site_url": settings.SITE_URL,
            "language": language,
        }
        subject = _("[PGO] Confirmez votre abonnement")
        text = render_to_string("emails/subscriptions/confirm.txt", context)
        html = render_to_string("emails/subscriptions/confirm.html", context)
    message = EmailMultiAlternatives(
        subject=str(subject),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def digest_email(
    row: DigestOutbox, changes: list[Change], feed: ChangeFeed, *, connection=None
) -> EmailMultiAlternatives:
    subscription = row.subscription
    language = language_of(subscription.language)
    leave = unsubscribe_url(subscription)
    with translation.override(language):
        last_day = row.period_end - datetime.timedelta(days=1)
        context = {
            "followed": followed_label(subscription, language),
            "sections": digest_sections(changes, feed, language),
            "count": len(changes),
            "start": date_format(row.period_start, "DATE_FORMAT"),
            "end": date_format(last_day, "DATE_FORMAT"),
            "unsubscribe_url": leave,
            "site_url": settings.SITE_URL,
            "language": language,
        }
        subject = _("[PGO] Ce qui a changé pour %(followed)s") % {"followed": context["followed"]}
        text = render_to_string("emails/subscriptions/digest.txt", context)
        html = render_to_string("emails/subscriptions/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(str(subject).split())[:250],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": f"<{leave}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-PGO-Digest": row.dedup_key,
        },
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message
