"""Atom feeds of the public history (``AuditRecord``): a plan, a commitment, an administration.

Each entry is one recorded change: what changed (old → new), who and why. Two queries per feed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from commitments.audit import public_actor

from . import selectors
from .views.history import history_entries

if TYPE_CHECKING:
    from django.http import HttpRequest

    from commitments.models import ActionPlan, Administration, AuditRecord, Commitment

FEED_SIZE = 50


class _HistoryFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: AuditRecord) -> str:
        entry = history_entries([item])[0]
        return _("%(action)s — %(object)s « %(name)s »") % {
            "action": item.get_action_display().capitalize(),
            "object": entry.object_label,
            "name": item.object_repr,
        }

    def item_description(self, item: AuditRecord) -> str:
        entry = history_entries([item])[0]
        changes = format_html_join(
            "", "<li>{} : {} → {}</li>", ((c.label, c.old, c.new) for c in entry.changes)
        )
        html = format_html("<ul>{}</ul>", changes) if entry.changes else ""
        if item.justification:
            html += format_html(
                "<p>{}</p>", _("Justification : %(text)s") % {"text": item.justification}
            )
        html += format_html(
            "<p>{}</p>", _("Canal : %(source)s") % {"source": item.get_source_display()}
        )
        return html

    def item_link(self, item: AuditRecord) -> str:
        if item.commitment is not None and item.commitment.plan.published:
            return (
                reverse(
                    "public:commitment-detail",
                    kwargs={
                        "plan_slug": item.commitment.plan.slug,
                        "number": item.commitment.number,
                    },
                )
                + "#historique"
            )
        if item.plan is not None:
            return reverse("public:plan-detail", kwargs={"plan_slug": item.plan.slug})
        return reverse("public:home")

    def item_guid(self, item: AuditRecord) -> str:
        return f"urn:pgo:audit-record:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: AuditRecord):
        return item.created_at

    def item_updateddate(self, item: AuditRecord):
        return item.created_at

    def item_author_name(self, item: AuditRecord) -> str:
        return public_actor(item.actor_label) or str(item.get_source_display())


class PlanFeed(_HistoryFeed):
    def get_object(self, request: HttpRequest, plan_slug: str) -> ActionPlan:
        return selectors.plan_public_get(slug=plan_slug)

    def title(self, obj: ActionPlan) -> str:
        return _("Mises à jour — %(plan)s") % {"plan": obj.title}

    def subtitle(self, obj: ActionPlan) -> str:
        text = _("Chaque modification des engagements, jalons et indicateurs du plan.")
        if getattr(obj, "has_illustrative", False):
            text += " " + _(
                "Ce plan contient des données illustratives (jalons, indicateurs, mesures ou coûts "
                "inventés pour la démonstration)."
            )
        return text

    def link(self, obj: ActionPlan) -> str:
        return reverse("public:plan-detail", kwargs={"plan_slug": obj.slug})

    def items(self, obj: ActionPlan) -> list[AuditRecord]:
        return selectors.audit_records_public(plan=obj, limit=FEED_SIZE)


class CommitmentFeed(_HistoryFeed):
    def get_object(self, request: HttpRequest, plan_slug: str, number: int) -> Commitment:
        return selectors.commitment_public_brief(plan_slug=plan_slug, number=number)

    def title(self, obj: Commitment) -> str:
        return _("Mises à jour — engagement %(number)s : %(title)s") % {
            "number": obj.number,
            "title": obj.title,
        }

    def subtitle(self, obj: Commitment) -> str:
        return _("Chaque modification de l'engagement, de ses jalons et de ses indicateurs.")

    def link(self, obj: Commitment) -> str:
        return reverse(
            "public:commitment-detail",
            kwargs={"plan_slug": obj.plan.slug, "number": obj.number},
        )

    def items(self, obj: Commitment) -> list[AuditRecord]:
        return selectors.audit_records_public(commitment=obj, limit=FEED_SIZE)


class AdministrationFeed(_HistoryFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Administration:
        return selectors.administration_public_get(slug=slug)

    def title(self, obj: Administration) -> str:
        return _("Mises à jour — %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Administration) -> str:
        return _("Chaque modification des engagements que cette administration porte ou co-porte.")

    def link(self, obj: Administration) -> str:
        return reverse("public:administration-detail", kwargs={"slug": obj.slug})

    def items(self, obj: Administration) -> list[AuditRecord]:
        return selectors.audit_records_public(administration=obj, limit=FEED_SIZE)


def feed_view(feed: Feed) -> Any:
    from toolkit.cache import cache_public_page

    return cache_public_page(feed)
