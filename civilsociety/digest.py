"""Civil society's section of the coordinators' weekly digest: the overdue questions."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reminders.digest import DigestItem, DigestSection

from .selectors import overdue_questions


def overdue_questions_section(as_of: datetime.date) -> DigestSection | None:
    rows = overdue_questions(as_of=as_of)
    if not rows:
        return None
    items = []
    for row in rows:
        q = row.question
        c = q.commitment
        lead = c.lead_administration
        items.append(
            DigestItem(
                text=_("Engagement %(number)s (%(plan)s) : « %(text)s »")
                % {"number": c.number, "plan": c.plan.slug, "text": q.text[:120]},
                detail=ngettext(
                    "sans réponse depuis %(days)s jour — %(administration)s",
                    "sans réponse depuis %(days)s jours — %(administration)s",
                    row.days_open or 0,
                )
                % {"days": row.days_open, "administration": lead.name if lead else "—"},
                url=settings.SITE_URL
                + reverse(
                    "public:commitment-detail",
                    kwargs={"plan_slug": c.plan.slug, "number": c.number},
                )
                + f"#question-{q.pk}",
            )
        )
    return DigestSection(
        title=_("Questions publiques sans réponse depuis 30 jours ou plus"),
        intro=ngettext(
            "%(n)s question attend une réponse de l'administration porteuse.",
            "%(n)s questions attendent une réponse de l'administration porteuse.",
            len(items),
        )
        % {"n": len(items)},
        items=items,
        summary=ngettext(
            "%(n)s question sans réponse",
            "%(n)s questions sans réponse",
            len(items),
        )
        % {"n": len(items)},
    )
