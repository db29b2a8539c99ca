"""The sections of a report to Parliament: a registry other apps extend.

A section is a ``Section(key, title, collect, template, order)``: ``collect(ctx)`` reads what
the section says as of ``ctx.as_of`` (the period's end; ``ctx.plan``, ``ctx.start``,
``ctx.end``; shared reads on ``ctx``) and returns JSON-friendly data — stored in the report's
data under ``key`` and covered by its SHA-256 — or None when it has nothing to say (the section
is then left out); ``template`` renders that data (in ``section``) as an HTML fragment under
an ``<h2>``, using only headings, paragraphs, lists and tables, which is what the ODT writer
understands. A higher app adds its own section in its ``AppConfig.ready``::

    from reports.sections import Section, register

    register(Section("civil_society", _("Désaccords et questions de la société civile"),
                     collect=my_collect, template="civilsociety/report_section.html",
                     order=45))

(``order``: headline 10, commitments 30, civil society 45 — ``civil.py``, since civilsociety
sits below reports —, changes 60, method annex 90). A published report is
never recomputed: adding a section changes the next reports only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from commitments import rules as method

from . import civil, rules
from . import collect as reads

if TYPE_CHECKING:
    from .collect import ReportContext


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    collect: Callable[[ReportContext], Any]
    template: str
    order: int = 50
    annex: bool = False


_REGISTRY: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, same key) a section; idempotent, so ``ready`` may run twice."""
    _REGISTRY[section.key] = section


def registered() -> list[Section]:
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.key))


def get(key: str) -> Section | None:
    return _REGISTRY.get(key)


# --- the core sections -----------------------------------------------------------------------


def _headline(ctx: ReportContext) -> dict[str, Any]:
    figures = [ctx.figures[c.pk].score for c in ctx.commitments if c.pk in ctx.figures]
    by_status = dict.fromkeys(method.STATUSES, 0)
    for f in figures:
        by_status[f.status] = by_status.get(f.status, 0) + 1
    points = sum((f.points for f in figures), method.dec(0))
    maximum = sum((f.maximum for f in figures), method.dec(0))
    counted = sum(f.milestones_counted for f in figures)
    return {
        "commitments": len(figures),
        "by_status": by_status,
        "progress": reads.plain(method.round2(method.rollup_progress(f.progress for f in figures))),
        "points": reads.plain(method.round2(points)),
        "max_points": reads.plain(method.round2(maximum)),
        "score": reads.plain(method.round2(method.score_from_points(points, maximum))),
        "late_milestones": sum(f.late_milestones for f in figures),
        "milestones_counted": counted,
        "milestones_completed": sum(f.milestones_completed for f in figures),
        "milestones_completed_on_time": sum(f.milestones_completed_on_time for f in figures),
    }


def _commitments(ctx: ReportContext) -> list[dict[str, Any]]:
    rows = []
    for c in ctx.commitments:
        f = ctx.figures[c.pk].score
        rows.append(
            {
                "number": c.number,
                "title": c.title,
                "lead_administration": c.lead_administration.name if c.lead_administration else "",
                "status": f.status,
                "progress": reads.plain(f.progress),
                "points": reads.plain(f.points),
                "max_points": reads.plain(f.maximum),
                "penalty": reads.plain(f.penalty),
                "score": reads.plain(f.score),
                "late_milestones": f.late_milestones,
                "milestones_counted": f.milestones_counted,
                "milestones_completed": f.milestones_completed,
                "late": reads.late_milestones(ctx, c),
                "revisions": reads.revisions_of(ctx, c),
                "costs": reads.commitment_costs(ctx, c),
            }
        )
    return rows


def _changes(ctx: ReportContext) -> dict[str, Any]:
    """Filled by the service, which knows the previous published report (see
    ``services.report_data``): the data of this section depend on the other sections."""
    previous = ctx.extra.get("previous")
    current = {"headline": ctx.extra.get("headline"), "commitments": ctx.extra.get("commitments")}
    diff = rules.changes_since(previous["data"]["sections"] if previous else None, current)
    if previous:
        diff["previous"] = {
            "period_start": previous["period_start"],
            "period_end": previous["period_end"],
            "version": previous["version"],
            "data_sha256": previous["data_sha256"],
        }
    return diff


def _method(ctx: ReportContext) -> dict[str, Any]:
    return {
        "version": method.METHOD_VERSION,
        "milestone_points": reads.plain(method.MILESTONE_POINTS),
        "indicator_points": reads.plain(method.INDICATOR_POINTS),
        # (number, code, label, seed) as the method's text lists them; the seeds are the /methode/
        # page's own (the report states the criteria)
        "criteria": [
            [n, code, str(label), ""] for n, (code, label) in enumerate(method.CRITERIA, 1)
        ],
        "vague_verbs": reads.vague_verbs(),
    }


def register_core_sections() -> None:
    register(
        Section("headline", _("Les chiffres clés"), _headline, "reports/sections/headline.html", 10)
    )
    register(
        Section(
            "commitments",
            _("Les engagements un par un"),
            _commitments,
            "reports/sections/commitments.html",
            30,
        )
    )
    register(
        Section(
            "civil_society",
            _("Désaccords de la société civile et questions sans réponse"),
            civil.civil_society,
            "reports/sections/civil_society.html",
            45,
        )
    )
    register(
        Section(
            "changes",
            _("Ce qui a changé depuis le rapport précédent"),
            _changes,
            "reports/sections/changes.html",
            60,
        )
    )
    register(
        Section(
            "method",
            _("Annexe : la méthode de calcul"),
            _method,
            "reports/sections/method.html",
            90,
            annex=True,
        )
    )
