"""The Atom feed of the published reports to Parliament (one query)."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import selectors

FEED_SIZE = 50


class ReportsFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Rapports au Parlement — Partenariat pour un gouvernement ouvert")

    def subtitle(self) -> str:
        return _("Chaque rapport publié, et chaque correction, avec l'empreinte de ses données.")

    def link(self) -> str:
        return reverse("reports:archive")

    def items(self) -> list[Any]:
        return list(selectors.reports_published()[:FEED_SIZE])

    def item_title(self, item) -> str:
        return _("%(plan)s — du %(start)s au %(end)s (version %(version)s)") % {
            "plan": item.plan.title,
            "start": item.period_start.strftime("%d/%m/%Y"),
            "end": item.period_end.strftime("%d/%m/%Y"),
            "version": item.version,
        }

    def item_description(self, item) -> str:
        text = _(
            "Chiffres arrêtés au %(date)s, méthode %(method)s. SHA-256 des données : %(sha)s."
        ) % {
            "date": item.period_end.strftime("%d/%m/%Y"),
            "method": item.method_version,
            "sha": item.data_sha256,
        }
        if item.correction_note:
            text += " " + _("Corrige la version %(version)s : %(note)s") % {
                "version": item.version - 1,
                "note": item.correction_note,
            }
        return text

    def item_link(self, item) -> str:
        return reverse("reports:detail", args=[item.pk])

    def item_guid(self, item) -> str:
        return f"urn:pgo:report:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at
