"""Load the demo plan from ``sampledata/data/``: idempotent, audited, one transaction."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Model

from commitments import rules
from commitments.models import ActionPlan, Administration, Axis, Commitment
from commitments.upsert import CREATE, UPDATE, row_upsert
from consultations.models import Consultation, Proposal
from indicators.models import Indicator, Measurement
from milestones.models import Milestone, MilestoneRevision

from .civil import civil_society_load

DEMO_FILE = Path(__file__).resolve().parent / "data" / "pan-2015-2017.json"
CONSULTATION_FILE = Path(__file__).resolve().parent / "data" / "consultation-pan-2015-2017.json"
ACTOR_LABEL = "load_demo"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], model: type[Model]) -> None:
        name = model._meta.model_name
        bucket[name] = bucket.get(name, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(
    model: type[Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    report: LoadReport,
    *,
    many: dict[str, set[Model]] | None = None,
):
    """Create or update one row (and its many-to-many sets); one audit record per real change."""
    instance, action = row_upsert(
        model, lookup, values, many=many, source="command", actor_label=ACTOR_LABEL
    )
    if action == CREATE:
        report.count(report.created, model)
    elif action == UPDATE:
        report.count(report.updated, model)
    return instance


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _at(day: str) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(10), tzinfo=datetime.UTC
    )


def _revision(m: dict[str, Any]) -> dict[str, Any] | None:
    """The (illustrative) request behind a moved or cancelled milestone, approved by the
    coordination team: asked in time, it moves the reference date (or takes a cancelled
    milestone out of the score); asked after the due date, it changes no point."""
    asked = m.get("revision")
    if not asked:
        return None
    cancelled = m.get("status") == Milestone.Status.CANCELLED
    timely = rules.revision_is_timely(
        requested_on=datetime.date.fromisoformat(asked["requested_on"]),
        reference_due_date=datetime.date.fromisoformat(m["original_due_date"]),
    )
    return {
        "requested_on": asked["requested_on"],
        "reference": m["due_date"] if timely else m["original_due_date"],
        "excludes": timely and cancelled,
        "values": {
            "kind": MilestoneRevision.Kind.CANCELLATION
            if cancelled
            else MilestoneRevision.Kind.RESCHEDULE,
            "new_due_date": None if cancelled else m["due_date"],
            "reason": m["justification"],
            "requested_label": ACTOR_LABEL,
            "requested_at": _at(asked["requested_on"]),
            "reference_at_request": m["original_due_date"],
            "timely": timely,
            "status": MilestoneRevision.Status.APPROVED,
            "decided_label": ACTOR_LABEL,
            "decided_at": _at(asked["decided_on"]),
            "decided_on": asked["decided_on"],
            "decision_reason": "Validé par l'équipe de coordination (exemple illustratif).",
            "source": "command",
        },
    }


def _consultation(plan: ActionPlan, report: LoadReport, path: Path) -> None:
    """The consultation that prepared the demo plan, with a handful of illustrative proposals:
    retained and merged ones linked to the commitments they led to, not retained ones with
    their public reason (``sampledata/data/consultation-*.json``)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    c = doc["consultation"]
    consultation = _upsert(
        Consultation,
        {"slug": c["slug"]},
        {
            "plan": plan,
            "name": c["name"],
            "start_date": c["start_date"],
            "end_date": c["end_date"],
            "url": c.get("url", ""),
        },
        report,
    )
    commitments = {c.number: c for c in Commitment.objects.filter(plan=plan)}
    for p in doc["proposals"]:
        _upsert(
            Proposal,
            {"consultation": consultation, "external_id": p["external_id"]},
            {
                "title": p["title"],
                "text": p.get("text", ""),
                "author": p.get("author", ""),
                "author_kind": p["author_kind"],
                "url": p.get("url", ""),
                "outcome": p["outcome"],
                "reason": p.get("reason", ""),
            },
            report,
            many={"commitments": {commitments[n] for n in p.get("commitments", [])}},
        )


@transaction.atomic
def demo_load(
    *, path: Path = DEMO_FILE, consultation_path: Path | None = CONSULTATION_FILE
) -> LoadReport:
    doc = json.loads(path.read_text(encoding="utf-8"))
    report = LoadReport()
    p = doc["plan"]
    plan = _upsert(
        ActionPlan,
        {"slug": p["slug"]},
        {
            "title": p["title"],
            "title_en": p.get("title_en", ""),
            "description": p.get("description", ""),
            "period_start": p["period_start"],
            "period_end": p["period_end"],
            "status": p["status"],
            "published": p["published"],
        },
        report,
    )
    axes = {
        a["number"]: _upsert(
            Axis,
            {"plan": plan, "number": a["number"]},
            {"title": a["title"], "title_en": a.get("title_en", ""), "slug": a["slug"]},
            report,
        )
        for a in p["axes"]
    }
    administrations = {
        a["slug"]: _upsert(
            Administration,
            {"slug": a["slug"]},
            {
                "name": a["name"],
                "acronym": a.get("acronym", ""),
                "kind": a["kind"],
                "website": a.get("website", ""),
            },
            report,
        )
        for a in doc["administrations"]
    }
    for c in doc["commitments"]:
        ill = c.get("illustrative", {})
        cost = ill.get("cost", {})
        actions = set(c.get("action_types", []))
        commitment = _upsert(
            Commitment,
            {"plan": plan, "number": c["number"]},
            {
                "ogp_id": c["ogp_id"],
                "title": c["title"],
                "title_en": c.get("title_en", ""),
                "axis": axes.get(c["axis"]),
                "lead_administration": administrations.get(c["lead_administration"]),
                "description": c.get("description", ""),
                "irm_assessment": c.get("irm_assessment", ""),
                "data_confidence": c.get("data_confidence", ""),
                "sources": c.get("sources", ""),
                "start_date": p["period_start"],
                "end_date": p["period_end"],
                "cost_amount": _dec(cost.get("amount")),
                "cost_staff_fte": _dec(cost.get("staff_fte")),
                "cost_funding_source": cost.get("funding_source", ""),
                "no_additional_cost": bool(cost.get("no_additional_cost")),
                "cost_is_illustrative": bool(cost),
                **{f: code in actions for code, f in Commitment.ACTION_TYPE_FIELDS},
            },
            report,
            many={"co_owners": {administrations[s] for s in c.get("co_owners", [])}},
        )
        for position, m in enumerate(ill.get("milestones", []), 1):
            revision = _revision(m)
            milestone = _upsert(
                Milestone,
                {"commitment": commitment, "reference": m["reference"]},
                {
                    "position": position,
                    "title": m["title"],
                    "deliverable": m.get("deliverable", ""),
                    "due_date": m["due_date"],
                    "original_due_date": m["original_due_date"],
                    "reference_due_date": revision["reference"]
                    if revision
                    else m["original_due_date"],
                    "counts_in_score": not (revision and revision["excludes"]),
                    "status": m.get("status", "planned"),
                    "completed_on": m.get("completed_on"),
                    "evidence_url": m.get("evidence_url", ""),
                    "justification": m.get("justification", ""),
                    "is_illustrative": True,
                },
                report,
            )
            if revision:
                _upsert(
                    MilestoneRevision,
                    {"milestone": milestone, "requested_on": revision["requested_on"]},
                    revision["values"],
                    report,
                )
        for position, i in enumerate(ill.get("indicators", []), 1):
            indicator = _upsert(
                Indicator,
                {"commitment": commitment, "reference": i["reference"]},
                {
                    "position": position,
                    "name": i["name"],
                    "kind": i["kind"],
                    "unit": i.get("unit", ""),
                    "levels": i.get("levels", []),
                    "baseline_value": _dec(i.get("baseline_value")),
                    "baseline_date": i.get("baseline_date"),
                    "target_value": _dec(i.get("target_value")),
                    "target_date": i.get("target_date"),
                    "data_source": i.get("data_source", ""),
                    "update_period_days": i.get("update_period_days"),
                    "is_illustrative": True,
                },
                report,
            )
            for meas in i.get("measurements", []):
                _upsert(
                    Measurement,
                    {"indicator": indicator, "date": meas["date"]},
                    {
                        "value": _dec(meas["value"]),
                        "source": meas.get("source", ""),
                        "comment": meas.get("comment", ""),
                        "is_illustrative": True,
                    },
                    report,
                )
    # civil society's part (illustrative organisations, assessments and questions)
    civil_society_load(plan=plan, report=report)
    if consultation_path is not None:
        _consultation(plan, report, consultation_path)
    return report
