"""Public consultations and what became of each proposal."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commitments.models.plans import TimeStamped


class Consultation(TimeStamped):
    """A public consultation that prepared a plan (the citizens' proposals it received)."""

    plan = models.ForeignKey(
        "commitments.ActionPlan",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("plan d'action"),
    )
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    name = models.CharField(_("nom"), max_length=300)
    start_date = models.DateField(_("ouverte le"))
    end_date = models.DateField(_("close le"))
    url = models.URLField(_("lien"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("consultation publique")
        verbose_name_plural = _("consultations publiques")
        ordering = ["-start_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=models.F("end_date")),
                name="consultation_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Proposal(TimeStamped):
    """A proposal made during a consultation, and its outcome: retained (it led to one or more
    commitments), merged (with other proposals into commitments), not retained (with a public
    reason) or not decided yet."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("À l'étude")
        RETAINED = "retained", _("Retenue")
        MERGED = "merged", _("Fusionnée")
        NOT_RETAINED = "not_retained", _("Non retenue")

    class AuthorKind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        PSEUDONYM = "pseudonym", _("Pseudonyme")

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("consultation"),
    )
    external_id = models.CharField(_("identifiant dans la consultation"), max_length=80)
    title = models.CharField(_("titre"), max_length=400)
    text = models.TextField(_("texte"), blank=True)
    author = models.CharField(_("auteur"), max_length=200, blank=True)
    author_kind = models.CharField(
        _("type d'auteur"),
        max_length=20,
        choices=AuthorKind.choices,
        default=AuthorKind.PSEUDONYM,
    )
    url = models.URLField(_("lien"), max_length=500, blank=True)
    outcome = models.CharField(
        _("suite donnée"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    reason = models.TextField(_("motif (public)"), blank=True)
    commitments = models.ManyToManyField(
        "commitments.Commitment",
        blank=True,
        related_name="source_proposals",
        verbose_name=_("engagements issus de la proposition"),
    )

    class Meta:
        verbose_name = _("proposition de consultation")
        verbose_name_plural = _("propositions de consultation")
        ordering = ["consultation", "external_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "external_id"], name="proposal_external_id_unique"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="not_retained") | ~Q(reason=""),
                name="proposal_not_retained_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["pending", "retained", "merged", "not_retained"]),
                name="proposal_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.external_id} — {self.title}"[:300]

    @property
    def plan(self):
        """The plan the consultation prepared (the audit trail files the change under it)."""
        return self.consultation.plan
