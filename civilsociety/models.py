"""Civil society inside the loop: organisations and their reviewers, independent assessments
beside the administration's self-assessment, public questions and their answers, moderation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commitments.models import Administration, Commitment, TimeStamped

from . import rules


class Level(models.TextChoices):
    """The OGP completion scale."""

    NOT_STARTED = rules.LEVELS[0], _("Non commencé")
    LIMITED = rules.LEVELS[1], _("Limité")
    SUBSTANTIAL = rules.LEVELS[2], _("Substantiel")
    COMPLETE = rules.LEVELS[3], _("Complet")


class Moderated(models.Model):
    """Hidden by the coordination team with a public reason; the row and the audit trail stay."""

    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    hidden_reason = models.CharField(_("raison du masquage"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("masqué par"),
    )

    class Meta:
        abstract = True


class Organisation(TimeStamped):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        RESEARCH = "research", _("Recherche")
        MEDIA = "media", _("Média")
        UNION = "union", _("Syndicat")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=250, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.ASSOCIATION
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("présentation"), blank=True)

    class Meta:
        verbose_name = _("organisation de la société civile")
        verbose_name_plural = _("organisations de la société civile")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReviewerMembership(models.Model):
    """A reviewer writes assessments for this organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reviewers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("évaluateur d'une organisation")
        verbose_name_plural = _("évaluateurs des organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="reviewer_unique_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"


class Assessment(TimeStamped, Moderated):
    """An organisation's dated assessment of a commitment; its latest one is current."""

    class OnTrack(models.TextChoices):
        YES = "yes", _("Oui")
        NO = "no", _("Non")
        UNKNOWN = "unknown", _("Impossible à dire")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="civil_assessments",
        verbose_name=_("engagement"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("organisation"),
    )
    assessed_on = models.DateField(_("date de l'évaluation"))
    level = models.CharField(_("niveau d'achèvement"), max_length=20, choices=Level.choices)
    on_track = models.CharField(
        _("dans les temps ?"), max_length=10, choices=OnTrack.choices, default=OnTrack.UNKNOWN
    )
    text = models.TextField(_("évaluation"))
    evidence_links = models.JSONField(_("liens vers les preuves"), default=list, blank=True)
    is_current = models.BooleanField(_("évaluation en vigueur"), default=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )

    class Meta:
        verbose_name = _("évaluation indépendante")
        verbose_name_plural = _("évaluations indépendantes")
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "organisation"],
                condition=Q(is_current=True),
                name="assessment_one_current_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.commitment} ({self.assessed_on})"


class SelfAssessment(TimeStamped):
    """The owning administration's own view of a commitment's completion (its contributors set
    it); the history is in the audit trail."""

    commitment = models.OneToOneField(
        Commitment,
        on_delete=models.CASCADE,
        related_name="self_assessment",
        verbose_name=_("engagement"),
    )
    level = models.CharField(_("niveau d'achèvement"), max_length=20, choices=Level.choices)
    note = models.TextField(_("commentaire"), blank=True)
    set_on = models.DateField(_("date de l'auto-évaluation"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )

    class Meta:
        verbose_name = _("auto-évaluation")
        verbose_name_plural = _("auto-évaluations")

    def __str__(self) -> str:
        return f"{self.commitment} — {self.get_level_display()}"


class Question(TimeStamped, Moderated):
    """A public question on a commitment: published once its asker confirmed the address, which
    is never published and is erased ``ERASE_AFTER_DAYS`` after the question closed."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="civil_questions",
        verbose_name=_("engagement"),
    )
    display_name = models.CharField(_("nom affiché"), max_length=rules.NAME_MAX_LENGTH)
    email = models.EmailField(_("adresse électronique"), blank=True)
    email_erased_at = models.DateTimeField(_("adresse effacée le"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    text = models.TextField(_("question"), max_length=rules.QUESTION_MAX_LENGTH)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True, db_index=True)
    answer = models.TextField(_("réponse"), blank=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réponse de"),
    )
    answer_administration = models.ForeignKey(
        Administration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réponse signée par"),
    )
    answer_hidden_at = models.DateTimeField(_("réponse masquée le"), null=True, blank=True)
    answer_hidden_reason = models.CharField(
        _("raison du masquage de la réponse"), max_length=500, blank=True
    )
    answer_hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réponse masquée par"),
    )

    class Meta:
        verbose_name = _("question publique")
        verbose_name_plural = _("questions publiques")
        ordering = ["-confirmed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.display_name} — {self.commitment}"

    @property
    def closed_at(self):
        """Answered or hidden: the question is no longer open."""
        dates = [d for d in (self.answered_at, self.hidden_at) if d is not None]
        return min(dates) if dates else None
