"""Writes on milestones. Each service owns its transaction, checks who acts, validates with
errors in the user's language, writes one audit record per change, and enqueues the score
recompute.

Method v2: contributors record *facts* (status, completion date, evidence, the explanation of
a delay) and *request* a new due date or a cancellation; only the coordination team decides a
request. A request made on or before the milestone's reference date and approved moves the
reference date (or takes a cancelled milestone out of the score); any other (late) request can
still be approved and shown, and changes no point.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments import rules
from commitments.audit import audit_record, diff_values, model_values
from commitments.events import data_changed
from commitments.permissions import check_actor, user_is_coordinator, valid_http_url

from .models import Milestone, MilestoneRevision

TEXT_MAX = 5000


class _Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _label(actor, actor_label: str) -> str:
    return actor_label or (actor.get_username() if actor is not None else "")


# --- facts: status, completion, evidence -------------------------------------------------------

# What defines a milestone's score; only the coordination team changes these, on every path.
# The reference date and whether it counts are never typed: the revision services set them.
COORDINATOR_ONLY_FIELDS = ("commitment", "reference", "original_due_date", "weight")
DERIVED_FIELDS = ("reference_due_date", "counts_in_score", "delay_explained_on")


def milestone_completion_errors(
    *,
    status: str,
    completed_on: datetime.date | None,
    evidence_url: str,
    stored_evidence_url: str = "",
    today: datetime.date,
) -> _Errors:
    """The rules of a completion, shared by every path (forms, API, admin)."""
    errors = _Errors()
    if status == Milestone.Status.COMPLETED:
        if completed_on is None:
            errors.add("completed_on", _("Indiquez la date de réalisation."))
        elif completed_on > today:
            errors.add("completed_on", _("La date de réalisation ne peut pas être dans le futur."))
        if not evidence_url and not stored_evidence_url:
            errors.add("evidence_url", _("Un jalon réalisé doit avoir un lien vers sa preuve."))
    if evidence_url and not valid_http_url(evidence_url):
        errors.add("evidence_url", _("Saisissez une adresse web valide (https://…)."))
    return errors


def milestone_admin_errors(
    *, before: Milestone | None, values: dict, actor, today: datetime.date
) -> dict[str, list[str]]:
    """What the admin must refuse in a milestone's new ``values`` (``before``: the stored row,
    None for a new one): the same rules as the services. The calendar changes only through a
    request (the coordination team's own requests are approved at once in the workspace), a
    completion needs its date and evidence, and non-coordinators never change what defines the
    score."""
    errors = milestone_completion_errors(
        status=values.get("status", ""),
        completed_on=values.get("completed_on"),
        evidence_url=(values.get("evidence_url") or "").strip(),
        today=today,
    )
    calendar = _(
        "L'échéance et l'abandon se changent par une demande (espace de travail, « Demander un "
        "report ou un abandon ») : seule une demande faite avant l'échéance et validée compte."
    )
    if values.get("status") == Milestone.Status.CANCELLED and (
        before is None or before.status != Milestone.Status.CANCELLED
    ):
        errors.add("status", calendar)
    if before is not None:
        if "due_date" in values and values["due_date"] != before.due_date:
            errors.add("due_date", calendar)
        if before.status == Milestone.Status.CANCELLED and values.get("status") not in (
            None,
            Milestone.Status.CANCELLED,
        ):
            errors.add("status", _("Ce jalon est abandonné : son état ne change plus."))
        if not user_is_coordinator(actor):
            for name in COORDINATOR_ONLY_FIELDS:
                if name in values and values[name] != getattr(before, name):
                    errors.add(name, _("Seule l'équipe de coordination modifie ce champ."))
    else:
        original = values.get("original_due_date")
        if original and values.get("due_date") and original != values["due_date"]:
            errors.add(
                "original_due_date",
                _("Un nouveau jalon a pour échéance initiale son échéance."),
            )
    return dict(errors)


def milestone_set_status(
    *,
    milestone: Milestone,
    status: str,
    actor,
    source: str,
    completed_on: datetime.date | None = None,
    evidence_url: str = "",
    justification: str = "",
    due_date: datetime.date | None = None,
    actor_label: str = "",
    as_of: datetime.date | None = None,
) -> bool:
    """Record where a milestone stands: planned, in progress or completed (with a completion
    date that is not in the future and an evidence link). Returns True if anything changed.

    Neither a new due date nor a cancellation is a status change: both are requests
    (``milestone_revision_request``) that the coordination team decides; ``justification`` is a
    public comment kept with the change."""
    today = as_of or timezone.localdate()
    check_actor(actor=actor, source=source, commitment=milestone.commitment)
    errors = _Errors()
    evidence_url = (evidence_url or "").strip()
    justification = (justification or "").strip()
    if status == Milestone.Status.CANCELLED and milestone.status != Milestone.Status.CANCELLED:
        errors.add(
            "status",
            _(
                "Un abandon se demande à l'équipe de coordination, avec son motif : il ne compte "
                "qu'une fois validé, et seulement s'il est demandé avant l'échéance."
            ),
        )
    elif status not in Milestone.Status.values:
        errors.add("status", _("État inconnu : « %(status)s ».") % {"status": status})
    if due_date is not None and due_date != milestone.due_date:
        errors.add(
            "due_date",
            _(
                "Une nouvelle échéance se demande à l'équipe de coordination (demande de "
                "report) : elle ne compte qu'une fois validée, et seulement si elle est demandée "
                "avant l'échéance."
            ),
        )
    for field, messages in milestone_completion_errors(
        status=status,
        completed_on=completed_on,
        evidence_url=evidence_url,
        stored_evidence_url=milestone.evidence_url,
        today=today,
    ).items():
        for message in messages:
            errors.add(field, message)
    if len(justification) > TEXT_MAX:
        errors.add("justification", _("5 000 caractères au plus."))
    errors.raise_if_any()

    with transaction.atomic():
        locked = (
            Milestone.objects.select_for_update()
            .select_related("commitment__plan")
            .get(pk=milestone.pk)
        )
        if locked.status == Milestone.Status.CANCELLED and status != locked.status:
            raise ValidationError(
                {"status": [_("Ce jalon est abandonné : son état ne change plus.")]}
            )
        before = model_values(locked)
        locked.status = status
        locked.completed_on = completed_on if status == Milestone.Status.COMPLETED else None
        if evidence_url:
            locked.evidence_url = evidence_url
        changes = diff_values(before, model_values(locked))
        if not changes:
            return False
        locked.full_clean()
        locked.save()
        audit_record(
            instance=locked,
            action="update",
            source=source,
            changes=changes,
            actor=actor,
            actor_label=actor_label,
            justification=justification,
        )
        data_changed(commitment_ids=[locked.commitment_id])
    milestone.refresh_from_db()
    return True


def milestone_explain_delay(
    *,
    milestone: Milestone,
    explanation: str,
    actor,
    source: str,
    actor_label: str = "",
    as_of: datetime.date | None = None,
) -> bool:
    """Give (or correct) the public explanation of a milestone's delay. Only once its
    reference date has passed: before, nothing is late yet. Returns True if it changed."""
    today = as_of or timezone.localdate()
    check_actor(actor=actor, source=source, commitment=milestone.commitment)
    explanation = (explanation or "").strip()
    errors = _Errors()
    if not explanation:
        errors.add("explanation", _("Expliquez le retard en quelques phrases."))
    elif len(explanation) > TEXT_MAX:
        errors.add("explanation", _("5 000 caractères au plus."))
    if (
        not milestone.counts_in_score
        or milestone.reference_due_date is None
        or today <= milestone.reference_due_date
    ):
        errors.add(
            "explanation",
            _("Ce jalon n'est pas en retard : il n'y a pas de retard à expliquer."),
        )
    errors.raise_if_any()
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        before = model_values(locked, ["delay_explanation", "delay_explained_on"])
        if locked.delay_explanation == explanation:
            return False
        locked.delay_explanation = explanation
        locked.delay_explained_on = today
        locked.save(update_fields=["delay_explanation", "delay_explained_on", "updated_at"])
        audit_record(
            instance=locked,
            action="update",
            source=source,
            changes=diff_values(
                before, model_values(locked, ["delay_explanation", "delay_explained_on"])
            ),
            actor=actor,
            actor_label=actor_label,
        )
        data_changed(commitment_ids=[locked.commitment_id])
    milestone.refresh_from_db()
    return True


# --- requests to move or cancel, and the coordination team's decisions ------------------------


def milestone_revision_request(
    *,
    milestone: Milestone,
    kind: str,
    reason: str,
    actor,
    source: str,
    new_due_date: datetime.date | None = None,
    actor_label: str = "",
    now: datetime.datetime | None = None,
) -> MilestoneRevision:
    """Ask for a new due date or for a cancellation, with a public reason. Made on or before
    the reference date, the request is *in time*: approved, it moves the reference date (or
    takes the milestone out of the score). Made later, it can still be approved and shown, but
    changes no point. A coordinator's own request is decided (approved) at once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    check_actor(actor=actor, source=source, commitment=milestone.commitment)
    reason = (reason or "").strip()
    errors = _Errors()
    if kind not in MilestoneRevision.Kind.values:
        errors.add("kind", _("Demande inconnue : « %(kind)s ».") % {"kind": kind})
    if not reason:
        errors.add("reason", _("Donnez le motif de la demande : il sera public."))
    elif len(reason) > TEXT_MAX:
        errors.add("reason", _("5 000 caractères au plus."))
    if milestone.status == Milestone.Status.CANCELLED:
        errors.add("kind", _("Ce jalon est abandonné : il n'y a plus rien à demander."))
    elif milestone.status == Milestone.Status.COMPLETED:
        errors.add("kind", _("Ce jalon est réalisé : il n'y a plus rien à reporter."))
    if kind == MilestoneRevision.Kind.RESCHEDULE:
        if new_due_date is None:
            errors.add("new_due_date", _("Indiquez la nouvelle échéance demandée."))
        elif new_due_date == milestone.due_date:
            errors.add("new_due_date", _("C'est déjà l'échéance du jalon."))
        elif milestone.start_date and new_due_date < milestone.start_date:
            errors.add("new_due_date", _("L'échéance doit suivre la date de début."))
    elif new_due_date is not None:
        errors.add("new_due_date", _("Un abandon n'a pas de nouvelle échéance."))
    errors.raise_if_any()
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.revisions.filter(status=MilestoneRevision.Status.PENDING).exists():
            raise ValidationError(
                {
                    "kind": [
                        _(
                            "Une demande est déjà en attente pour ce jalon : l'équipe de "
                            "coordination doit d'abord la traiter."
                        )
                    ]
                }
            )
        revision = MilestoneRevision.objects.create(
            milestone=locked,
            kind=kind,
            new_due_date=new_due_date if kind == MilestoneRevision.Kind.RESCHEDULE else None,
            reason=reason,
            requested_by=actor if actor is not None and actor.is_authenticated else None,
            requested_label=_label(actor, actor_label),
            requested_at=now,
            requested_on=today,
            reference_at_request=locked.reference_due_date,
            timely=rules.revision_is_timely(
                requested_on=today, reference_due_date=locked.reference_due_date
            ),
            source=source,
        )
        audit_record(
            instance=revision,
            action="create",
            source=source,
            changes=diff_values({}, _revision_values(revision)),
            actor=actor,
            actor_label=actor_label,
            justification=reason,
        )
        data_changed(commitment_ids=[locked.commitment_id])
        if user_is_coordinator(actor):
            _decide(
                revision,
                approve=True,
                reason=_("Demandé et validé par l'équipe de coordination."),
                actor=actor,
                source=source,
                actor_label=actor_label,
                now=now,
            )
    milestone.refresh_from_db()
    return revision


def milestone_revision_decide(
    *,
    revision: MilestoneRevision,
    approve: bool,
    reason: str,
    actor,
    source: str,
    actor_label: str = "",
    now: datetime.datetime | None = None,
) -> MilestoneRevision:
    """The coordination team approves or refuses a pending request (a refusal says why)."""
    if not user_is_coordinator(actor):
        raise PermissionDenied(_("Seule l'équipe de coordination décide des demandes."))
    reason = (reason or "").strip()
    errors = _Errors()
    if not approve and not reason:
        errors.add("reason", _("Dites pourquoi la demande est refusée : ce sera public."))
    if len(reason) > TEXT_MAX:
        errors.add("reason", _("5 000 caractères au plus."))
    errors.raise_if_any()
    with transaction.atomic():
        locked = MilestoneRevision.objects.select_for_update().get(pk=revision.pk)
        if locked.status != MilestoneRevision.Status.PENDING:
            raise ValidationError(
                {"decision": [_("Cette demande a déjà été traitée.")]}, code="decided"
            )
        _decide(
            locked,
            approve=approve,
            reason=reason,
            actor=actor,
            source=source,
            actor_label=actor_label,
            now=now or timezone.now(),
        )
    revision.refresh_from_db()
    return revision


def _revision_values(revision: MilestoneRevision) -> dict:
    return model_values(
        revision,
        [
            "kind",
            "new_due_date",
            "reason",
            "requested_on",
            "reference_at_request",
            "timely",
            "status",
            "decided_on",
            "decision_reason",
        ],
    )


def _decide(
    revision: MilestoneRevision,
    *,
    approve: bool,
    reason: str,
    actor,
    source: str,
    actor_label: str,
    now: datetime.datetime,
) -> None:
    """Record the decision and, when approved, apply it to the milestone (inside the caller's
    transaction)."""
    before = _revision_values(revision)
    revision.status = (
        MilestoneRevision.Status.APPROVED if approve else MilestoneRevision.Status.REFUSED
    )
    revision.decided_by = actor if actor is not None and actor.is_authenticated else None
    revision.decided_label = _label(actor, actor_label)
    revision.decided_at = now
    revision.decided_on = timezone.localdate(now)
    revision.decision_reason = reason
    revision.save()
    audit_record(
        instance=revision,
        action="update",
        source=source,
        changes=diff_values(before, _revision_values(revision)),
        actor=actor,
        actor_label=actor_label,
        justification=reason,
    )
    if approve:
        milestone = Milestone.objects.select_for_update().get(pk=revision.milestone_id)
        before_milestone = model_values(milestone)
        if revision.kind == MilestoneRevision.Kind.RESCHEDULE:
            milestone.due_date = revision.new_due_date
            if milestone.original_due_date is None:  # an undated milestone's first date
                milestone.original_due_date = revision.new_due_date
            if revision.timely:
                milestone.reference_due_date = revision.new_due_date
        else:
            milestone.status = Milestone.Status.CANCELLED
            milestone.completed_on = None
            if revision.timely:
                milestone.counts_in_score = False
        milestone.justification = revision.reason
        milestone.full_clean()
        milestone.save()
        audit_record(
            instance=milestone,
            action="update",
            source=source,
            changes=diff_values(before_milestone, model_values(milestone)),
            actor=actor,
            actor_label=actor_label,
            justification=revision.reason,
        )
    data_changed(commitment_ids=[revision.milestone.commitment_id])


def milestone_calendar_recorded(
    *,
    milestone: Milestone,
    previous_due_date: datetime.date | None,
    previous_status: str,
    reason: str,
    actor,
    source: str,
    actor_label: str = "",
    now: datetime.datetime | None = None,
) -> MilestoneRevision | None:
    """A calendar change the coordination team has just written directly (a plan import):
    recorded as its own approved request, dated today. Made in time, it moves the reference
    date (or takes a cancelled milestone out of the score), like any approved timely request;
    made after the reference date, it is shown and changes no point. Inside the caller's
    transaction."""
    cancelled = (
        milestone.status == Milestone.Status.CANCELLED
        and previous_status != Milestone.Status.CANCELLED
    )
    moved = milestone.due_date != previous_due_date
    if previous_due_date is None and not cancelled:
        moved = False  # an undated milestone given its first date: that date is its original
    if not (cancelled or moved):
        return None
    now = now or timezone.now()
    today = timezone.localdate(now)
    timely = rules.revision_is_timely(
        requested_on=today, reference_due_date=milestone.reference_due_date
    )
    label = _label(actor, actor_label)
    revision = MilestoneRevision.objects.create(
        milestone=milestone,
        kind=MilestoneRevision.Kind.CANCELLATION
        if cancelled
        else MilestoneRevision.Kind.RESCHEDULE,
        new_due_date=None if cancelled else milestone.due_date,
        reason=(reason or "").strip() or milestone.justification or "—",
        requested_by=actor if actor is not None and actor.is_authenticated else None,
        requested_label=label,
        requested_at=now,
        requested_on=today,
        reference_at_request=milestone.reference_due_date,
        timely=timely,
        status=MilestoneRevision.Status.APPROVED,
        decided_by=actor if actor is not None and actor.is_authenticated else None,
        decided_label=label,
        decided_at=now,
        decided_on=today,
        decision_reason=_("Décidé par l'équipe de coordination (import du plan)."),
        source=source,
    )
    audit_record(
        instance=revision,
        action="create",
        source=source,
        changes=diff_values({}, _revision_values(revision)),
        actor=actor,
        actor_label=actor_label,
        justification=revision.reason,
    )
    if timely:
        if cancelled:
            milestone.counts_in_score = False
        else:
            milestone.reference_due_date = milestone.due_date
        milestone.save(update_fields=["reference_due_date", "counts_in_score", "updated_at"])
    return revision
