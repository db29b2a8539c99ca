"""Milestones: verifiable deliverables with a due date, and the revisions of that date.

"Late" is derived, never stored: judged against the *reference date* (method v2), which only a
revision requested in time and approved by the coordination team moves. ``reference_due_date``
and ``counts_in_score`` are the reference today, kept by the services that decide revisions;
figures as of another date are computed from the revisions themselves."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commitments import rules
from commitments.models import Commitment, TimeStamped


class Milestone(TimeStamped):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévu")
        IN_PROGRESS = "in_progress", _("En cours")
        COMPLETED = "completed", _("Réalisé")
        CANCELLED = "cancelled", _("Abandonné")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("engagement"),
    )
    reference = models.SlugField(
        _("référence"),
        max_length=40,
        help_text=_(
            "Code stable du jalon dans l'engagement (par exemple « j1 »), utilisé à l'import."
        ),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=400)
    deliverable = models.TextField(_("livrable vérifiable"), blank=True)
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    # Empty: "échéance à préciser" (a real plan often gives none). Such a milestone is not
    # scored and fails the calendar criterion of measurability until it has a date.
    due_date = models.DateField(
        _("échéance"),
        null=True,
        blank=True,
        help_text=_(
            "L'échéance prévue aujourd'hui (le calendrier affiché). Vide : échéance à "
            "préciser, le jalon ne compte pas dans le score."
        ),
    )
    original_due_date = models.DateField(_("échéance initiale"), null=True, blank=True)
    reference_due_date = models.DateField(
        _("échéance de référence"),
        null=True,
        blank=True,  # a new milestone's reference is its original due date (see ``save``)
        help_text=_(
            "L'échéance qui compte pour le score : l'échéance initiale, déplacée seulement par "
            "un report demandé à temps et validé par l'équipe de coordination."
        ),
    )
    counts_in_score = models.BooleanField(
        _("compte dans le score"),
        default=True,
        help_text=_("Faux seulement après un abandon demandé à temps et validé."),
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(_("réalisé le"), null=True, blank=True)
    evidence_url = models.URLField(_("lien vers la preuve"), blank=True)
    weight = models.DecimalField(_("poids"), max_digits=6, decimal_places=2, default=1)
    justification = models.TextField(_("justification (report ou abandon)"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustratif (données de démonstration)"), default=False
    )
    delay_explanation = models.TextField(
        _("explication du retard (publique)"),
        blank=True,
        help_text=_("Pourquoi le jalon est en retard, donnée par l'administration porteuse."),
    )
    delay_explained_on = models.DateField(_("retard expliqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["commitment", "due_date", "position", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["status", "reference_due_date"], name="milestone_status_ref_idx"),
            # the milestones still to deliver in reference-date order: the lists of late ones
            # (an administration's page) walk it and stop after a page, whatever the database
            # size (issue 14)
            models.Index(
                fields=["reference_due_date", "id"],
                condition=Q(counts_in_score=True) & ~Q(status="completed"),
                name="milestone_to_deliver_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "reference"],
                name="milestone_reference_unique_per_commitment",
                violation_error_message=_(
                    "Cette référence de jalon existe déjà dans l'engagement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="milestone_weight_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(due_date__gte=F("start_date")),
                name="milestone_dates_in_order",
                violation_error_message=_("L'échéance doit suivre la date de début."),
            ),
            models.CheckConstraint(
                condition=(Q(status="completed") & Q(completed_on__isnull=False))
                | (~Q(status="completed") & Q(completed_on__isnull=True)),
                name="milestone_completed_has_completion_date",
                violation_error_message=_(
                    "Un jalon réalisé a une date de réalisation, et seul un jalon réalisé en a une."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(justification=""),
                name="milestone_cancelled_is_justified",
                violation_error_message=_("Un jalon abandonné doit être justifié."),
            ),
            models.CheckConstraint(
                condition=Q(due_date=F("original_due_date")) | ~Q(justification=""),
                name="milestone_reschedule_is_justified",
                violation_error_message=_("Un report d'échéance doit être justifié."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "completed", "cancelled"]),
                name="milestone_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        self._default_reference()

    def save(self, *args, **kwargs) -> None:
        self._default_reference()
        super().save(*args, **kwargs)

    def _default_reference(self) -> None:
        """A new milestone starts with its original due date as reference; afterwards only the
        revision services move it."""
        if self.reference_due_date is None:
            self.reference_due_date = self.original_due_date

    @property
    def score_reference(self) -> rules.MilestoneReference:
        """Today's reference (``reference_due_date``, ``counts_in_score``); a milestone not yet
        saved has its original due date as reference."""
        return rules.MilestoneReference(
            self.reference_due_date or self.original_due_date, not self.counts_in_score
        )

    def is_late(self, as_of: datetime.date) -> bool:
        """Counted, not completed, and its reference date has passed on ``as_of``."""
        return rules.milestone_is_late(
            status=self.status,
            completed_on=self.completed_on,
            reference=self.score_reference,
            as_of=as_of,
        )

    def days_late(self, as_of: datetime.date) -> int:
        due = self.score_reference.due_date
        return (as_of - due).days if due is not None and self.is_late(as_of) else 0

    @property
    def is_undated(self) -> bool:
        """« Échéance à préciser »: not scored until it has a date."""
        return self.due_date is None

    @property
    def is_rescheduled(self) -> bool:
        return self.due_date != self.original_due_date

    @property
    def is_moved_after_deadline(self) -> bool:
        """The displayed due date differs from the reference: moved without an approval in
        time ("reporté après l'échéance"); the score still uses the reference date."""
        return self.due_date != self.reference_due_date and self.status != self.Status.CANCELLED


class MilestoneRevision(TimeStamped):
    """A request to move a milestone's due date or to cancel it, and the coordination team's
    decision. Only an approved request made in time (on or before the reference date in force
    when it was made) moves the reference date or takes the milestone out of the score; the
    others are recorded and shown, and change no point."""

    class Kind(models.TextChoices):
        RESCHEDULE = rules.RESCHEDULE, _("Report de l'échéance")
        CANCELLATION = rules.CANCELLATION, _("Abandon")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de décision")
        APPROVED = "approved", _("Validé")
        REFUSED = "refused", _("Refusé")

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("jalon")
    )
    kind = models.CharField(_("demande"), max_length=20, choices=Kind.choices)
    new_due_date = models.DateField(_("nouvelle échéance"), null=True, blank=True)
    reason = models.TextField(_("motif (public)"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    requested_label = models.CharField(_("demandé par (libellé)"), max_length=150, blank=True)
    requested_at = models.DateTimeField(_("demandé le"))
    requested_on = models.DateField(_("date de la demande"))
    reference_at_request = models.DateField(
        _("échéance de référence lors de la demande"), null=True, blank=True
    )
    timely = models.BooleanField(
        _("demandé à temps"),
        help_text=_("Demandé au plus tard le jour de l'échéance de référence."),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )
    decided_label = models.CharField(_("décidé par (libellé)"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decided_on = models.DateField(_("date de la décision"), null=True, blank=True)
    decision_reason = models.TextField(_("motif de la décision (public)"), blank=True)
    source = models.CharField(_("canal"), max_length=20, default="form")

    class Meta:
        verbose_name = _("révision de jalon")
        verbose_name_plural = _("révisions de jalons")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["milestone", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="cancellation", new_due_date__isnull=True)
                | Q(kind="reschedule", new_due_date__isnull=False),
                name="revision_reschedule_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_on__isnull=True)
                | (Q(status__in=["approved", "refused"]) & Q(decided_on__isnull=False)),
                name="revision_decision_is_dated",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="revision_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.milestone}"

    @property
    def moves_reference(self) -> bool:
        return self.status == self.Status.APPROVED and self.timely

    def as_rule_input(self) -> rules.RevisionInput:
        assert self.decided_on is not None
        return rules.RevisionInput(
            kind=self.kind,
            decided_on=self.decided_on,
            moves_reference=self.moves_reference,
            new_due_date=self.new_due_date,
            order=self.pk or 0,
        )
