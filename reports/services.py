"""Every write of the reports: generate a draft (again), publish it, correct a published one.

Only the coordination team writes reports, on every path (form, command, admin); the beat job
acts as the platform (``actor=None, source="job"``). Every change leaves an audit record."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commitments import rules as method
from commitments.audit import audit_record
from commitments.models import ActionPlan
from commitments.permissions import ensure_coordinator
from toolkit.cache import data_version_bump_on_commit

from . import render, rules
from . import sections as registry
from .collect import ReportContext
from .models import Report

DATA_FORMAT = 1
GENERATED_FIELDS = [
    "data",
    "data_sha256",
    "method_version",
    "generated_at",
    "generated_by",
    "generated_label",
]


def _authorise(actor, source: str) -> None:
    if actor is None and source == "job":
        return
    ensure_coordinator(actor)


def _previous(plan: ActionPlan, end: datetime.date, exclude: Report | None) -> Report | None:
    """The last published report of the plan that ends before this one (its latest version)."""
    qs = Report.objects.filter(plan=plan, status=Report.Status.PUBLISHED, period_end__lt=end)
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("-period_end", "-version", "-id").first()


def report_data(
    *,
    plan: ActionPlan,
    start: datetime.date,
    end: datetime.date,
    kind: str,
    version: int = 1,
    corrects: Report | None = None,
    correction_note: str = "",
) -> dict[str, Any]:
    """Everything the report says, computed as of ``end``: JSON-friendly, hashed, stored."""
    ctx = ReportContext(plan=plan, start=start, end=end)
    previous = _previous(plan, end, corrects)
    if previous is not None:
        ctx.extra["previous"] = {
            "data": previous.data,
            "period_start": previous.period_start.isoformat(),
            "period_end": previous.period_end.isoformat(),
            "version": previous.version,
            "data_sha256": previous.data_sha256,
        }
    collected: dict[str, Any] = {}
    for section in registry.registered():
        value = section.collect(ctx)
        if value is not None:
            collected[section.key] = value
            ctx.extra[section.key] = value
    return {
        "format": DATA_FORMAT,
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
        },
        "kind": kind,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "as_of": end.isoformat(),
        "method_version": method.METHOD_VERSION,
        "version": version,
        "corrects": (
            {
                "version": corrects.version,
                "data_sha256": corrects.data_sha256,
                "published_at": corrects.published_at.isoformat()
                if corrects.published_at
                else None,
                "note": correction_note,
            }
            if corrects is not None
            else None
        ),
        "sections": collected,
    }


def _check_period(start: datetime.date, end: datetime.date) -> None:
    problem = rules.period_is_valid(start=start, end=end, today=timezone.localdate())
    if problem:
        raise ValidationError({"period_end": problem})


def report_generate(
    *,
    plan: ActionPlan,
    start: datetime.date,
    end: datetime.date,
    actor,
    source: str,
    kind: str = Report.Kind.CUSTOM,
) -> tuple[Report, bool]:
    """The draft of this plan and period, generated (again) as of ``end``. Returns the draft and
    whether it was created. A period already published gets no new draft: correct it instead.
    Running it twice leaves one draft (a unique constraint holds under concurrency)."""
    _authorise(actor, source)
    _check_period(start, end)
    with transaction.atomic():
        ActionPlan.objects.select_for_update().filter(pk=plan.pk).first()
        existing = Report.objects.filter(plan=plan, period_start=start, period_end=end)
        draft = existing.filter(status=Report.Status.DRAFT).first()
        if draft is None and existing.exists():
            raise ValidationError(
                {
                    "period_end": "Un rapport est déjà publié pour cette période : publiez une correction."
                }
            )
        if draft is not None:
            data = report_data(
                plan=plan,
                start=start,
                end=end,
                kind=draft.kind,
                version=draft.version,
                corrects=draft.corrects,
                correction_note=draft.correction_note,
            )
            before = draft.data_sha256
            _fill(draft, data, actor)
            # only what a generation writes: a concurrent claim of the e-mail stays
            draft.save(update_fields=GENERATED_FIELDS)
            if before != draft.data_sha256:
                audit_record(
                    instance=draft,
                    action="update",
                    source=source,
                    actor=actor,
                    actor_label="" if actor else "plateforme",
                    changes={"data_sha256": [before, draft.data_sha256]},
                )
            return draft, False
        data = report_data(plan=plan, start=start, end=end, kind=kind)
        report = Report(plan=plan, kind=kind, period_start=start, period_end=end, version=1)
        _fill(report, data, actor)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            return Report.objects.get(
                plan=plan, period_start=start, period_end=end, status=Report.Status.DRAFT
            ), False
        audit_record(
            instance=report,
            action="create",
            source=source,
            actor=actor,
            actor_label="" if actor else "plateforme",
            changes={"status": [None, "draft"], "data_sha256": [None, report.data_sha256]},
        )
        return report, True


def _fill(report: Report, data: dict[str, Any], actor) -> None:
    report.data = data
    report.data_sha256 = rules.data_sha256(data)
    report.method_version = data["method_version"]
    report.generated_at = timezone.now()
    report.generated_by = actor
    report.generated_label = actor.get_username() if actor is not None else "plateforme"


def report_title(report: Report) -> str:
    return (
        f"Rapport au Parlement — {report.plan.title} — "
        f"{report.period_start:%d/%m/%Y} au {report.period_end:%d/%m/%Y} (version {report.version})"
    )


def report_publish(*, report: Report, actor, source: str) -> Report:
    """Freeze the draft: its HTML, PDF and ODT are made once from its stored data, then stored;
    nothing regenerates them afterwards."""
    ensure_coordinator(actor)
    return _publish(report=report, actor=actor, source=source)


def _publish(*, report: Report, actor, source: str, actor_label: str = "") -> Report:
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("plan").get(pk=report.pk)
        if report.is_published:
            raise ValidationError("Ce rapport est déjà publié : il ne change plus.")
        if rules.data_sha256(report.data) != report.data_sha256:
            raise ValidationError("Les données du brouillon ne correspondent pas à leur empreinte.")
        now = timezone.now()
        meta = {"data_sha256": report.data_sha256, "draft": False, "published_at": now}
        body = render.render_body(data=report.data, meta=meta)
        title = report_title(report)
        report.html = body
        report.pdf = render.render_pdf(body, title=title)
        report.odt = render.render_odt(body, title=title)
        report.status = Report.Status.PUBLISHED
        report.published_at = now
        report.published_by = actor
        report.save()
        audit_record(
            instance=report,
            action="update",
            source=source,
            actor=actor,
            actor_label=actor_label,
            changes={"status": ["draft", "published"]},
        )
        data_version_bump_on_commit()  # the archive, its feed and the plan page list it
    return report


DEMO_ACTOR_LABEL = "load_demo"


def demo_report_publish(*, plan_slug: str = "pan-2015-2017") -> Report | None:
    """The demo plan's first annual report, generated and published once by the demo loader
    (``manage.py load_demo``, the platform: no user, audited as « load_demo »), so the archive,
    the feed, the API and the bulk files have one. None when it is already there (a rerun
    changes nothing) or the plan is not loaded. Not reachable from the site, the API or the
    admin: there a coordinator publishes."""
    plan = ActionPlan.objects.filter(slug=plan_slug, published=True).first()
    if plan is None:
        return None
    periods = rules.plan_periods(plan.period_start, plan.period_end)
    period = next((p for p in periods if p.kind == rules.ANNUAL), periods[0])
    same = Report.objects.filter(plan=plan, period_start=period.start, period_end=period.end)
    if same.filter(status=Report.Status.PUBLISHED).exists():
        return None
    draft, _created = report_generate(
        plan=plan, start=period.start, end=period.end, actor=None, source="job", kind=period.kind
    )
    return _publish(report=draft, actor=None, source="command", actor_label=DEMO_ACTOR_LABEL)


def report_correct(*, report: Report, note: str, actor, source: str) -> Report:
    """A correction of a published report: a new draft version of the same period, computed
    again as of the same end date, saying what it corrects. The corrected version stays
    published and says which version corrects it."""
    ensure_coordinator(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Dites ce que cette correction corrige."})
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("plan").get(pk=report.pk)
        if not report.is_published:
            raise ValidationError("Seul un rapport publié se corrige ; un brouillon se régénère.")
        same = Report.objects.filter(
            plan=report.plan, period_start=report.period_start, period_end=report.period_end
        )
        if same.filter(status=Report.Status.DRAFT).exists():
            raise ValidationError("Une correction de ce rapport est déjà en brouillon.")
        latest = same.order_by("-version").first()
        if latest is not None and latest.pk != report.pk:
            raise ValidationError("Corrigez la dernière version de ce rapport.")
        version = report.version + 1
        data = report_data(
            plan=report.plan,
            start=report.period_start,
            end=report.period_end,
            kind=report.kind,
            version=version,
            corrects=report,
            correction_note=note,
        )
        draft = Report(
            plan=report.plan,
            kind=report.kind,
            period_start=report.period_start,
            period_end=report.period_end,
            version=version,
            corrects=report,
            correction_note=note,
        )
        _fill(draft, data, actor)
        draft.save()
        audit_record(
            instance=draft,
            action="create",
            source=source,
            actor=actor,
            justification=note,
            changes={"status": [None, "draft"], "corrects": [None, report.version]},
        )
    return draft


def report_delete_draft(*, report: Report, actor, source: str) -> None:
    ensure_coordinator(actor)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.is_published:
            raise ValidationError("Un rapport publié ne se supprime pas.")
        audit_record(instance=report, action="delete", source=source, actor=actor)
        report.delete()


def drafts_due(*, today: datetime.date, catch_up_days: int) -> list[Report]:
    """The beat job: the draft of every regular period just ended (annual, end of plan) of
    every published plan, made once; returns the drafts it created."""
    created = []
    for plan in ActionPlan.objects.filter(published=True).order_by("pk"):
        for period in rules.periods_due(
            rules.plan_periods(plan.period_start, plan.period_end),
            today=today,
            catch_up_days=catch_up_days,
        ):
            if Report.objects.filter(
                plan=plan, period_start=period.start, period_end=period.end
            ).exists():
                continue
            report, was_created = report_generate(
                plan=plan,
                start=period.start,
                end=period.end,
                actor=None,
                source="job",
                kind=period.kind,
            )
            if was_created:
                created.append(report)
    return created
