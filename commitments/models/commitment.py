"""Commitments: what a plan promises, who carries it, what it costs, and its stored figures."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .. import rules
from .people import Administration, Partner
from .plans import ActionPlan, Axis, TimeStamped


class CommitmentStatus(models.TextChoices):
    """The status of a commitment: one rule (``commitments.rules.commitment_status``), stored
    with the scores."""

    NOT_MEASURABLE = rules.STATUS_NOT_MEASURABLE, _("Non mesurable")
    NOT_STARTED = rules.STATUS_NOT_STARTED, _("Non commencé")
    ON_TRACK = rules.STATUS_ON_TRACK, _("En cours, dans les temps")
    LATE = rules.STATUS_LATE, _("En retard")
    MILESTONES_DONE = rules.STATUS_MILESTONES_DONE, _("Jalons réalisés, cible non atteinte")
    COMPLETED = rules.STATUS_COMPLETED, _("Terminé")


class Commitment(TimeStamped):
    class OgpCompletion(models.TextChoices):
        NO_EVIDENCE = "no_evidence", _("Pas d'information")
        NOT_STARTED = "not_started", _("Non commencé")
        LIMITED = "limited", _("Limité")
        SUBSTANTIAL = "substantial", _("Substantiel")
        COMPLETE = "complete", _("Complet")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    ogp_id = models.CharField(_("identifiant OGP"), max_length=20, blank=True, db_index=True)
    axis = models.ForeignKey(
        Axis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("axe"),
    )
    title = models.CharField(_("intitulé"), max_length=400)
    title_en = models.CharField(_("intitulé (anglais)"), max_length=400, blank=True)
    summary = models.TextField(_("résumé en langage clair"), blank=True)
    problem = models.TextField(_("problème traité"), blank=True)
    baseline_situation = models.TextField(_("situation de départ"), blank=True)
    objective = models.TextField(_("objectif"), blank=True)
    description = models.TextField(_("description"), blank=True)

    # OGP values the commitment is relevant to.
    value_access_to_information = models.BooleanField(_("accès à l'information"), default=False)
    value_civic_participation = models.BooleanField(_("participation citoyenne"), default=False)
    value_public_accountability = models.BooleanField(_("redevabilité"), default=False)
    value_technology_innovation = models.BooleanField(_("technologie et innovation"), default=False)

    # Implementation action types.
    action_law = models.BooleanField(_("texte de loi ou décret"), default=False)
    action_standard = models.BooleanField(_("nouvelle norme ou standard"), default=False)
    action_tool = models.BooleanField(_("outil ou service"), default=False)
    action_data = models.BooleanField(_("publication de données"), default=False)
    action_consultation = models.BooleanField(_("consultation"), default=False)
    action_other = models.BooleanField(_("autre action"), default=False)

    lead_administration = models.ForeignKey(
        Administration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_commitments",
        verbose_name=_("administration porteuse"),
    )
    co_owners = models.ManyToManyField(
        Administration,
        blank=True,
        related_name="co_owned_commitments",
        verbose_name=_("administrations co-porteuses"),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="commitments", verbose_name=_("partenaires")
    )
    contact_name = models.CharField(_("responsable nommé"), max_length=200, blank=True)
    contact_role = models.CharField(_("fonction du responsable"), max_length=200, blank=True)
    contact_email = models.EmailField(_("courriel du responsable"), blank=True)

    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)

    cost_amount = models.DecimalField(
        _("coût estimé (euros)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cost_staff_fte = models.DecimalField(
        _("moyens humains (ETP)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    cost_funding_source = models.CharField(_("source de financement"), max_length=300, blank=True)
    no_additional_cost = models.BooleanField(_("sans coût supplémentaire"), default=False)
    cost_is_illustrative = models.BooleanField(
        _("coût illustratif (données de démonstration)"), default=False
    )

    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("prolonge l'engagement"),
    )
    # A commitment may continue several earlier ones (the 2018-2020 plan does); ``continues``
    # keeps the first (the API's ``continues``), the others are here.
    also_continues = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="also_continued_by",
        verbose_name=_("prolonge aussi"),
    )
    ogp_completion = models.CharField(
        _("niveau d'achèvement (échelle OGP)"),
        max_length=20,
        choices=OgpCompletion.choices,
        blank=True,
    )
    irm_assessment = models.TextField(_("évaluation du MEI (IRM)"), blank=True)
    sources = models.TextField(_("sources"), blank=True)
    data_confidence = models.CharField(_("fiabilité des données"), max_length=200, blank=True)
    # What the coordination team could not confirm from the sources (a real plan often leaves
    # a French title or a cost unknown): shown as « à vérifier » on the public page.
    to_verify = models.BooleanField(
        _("à vérifier"),
        default=False,
        help_text=_("L'engagement entier reste à vérifier : la page publique le dit."),
    )
    fields_to_verify = models.JSONField(
        _("champs à vérifier"),
        default=list,
        blank=True,
        help_text=_("Les champs (par exemple « title », « cost_amount ») encore à vérifier."),
    )

    # Stored by scoring.recompute.scores_recompute (method v2); never typed by hand.
    progress = models.DecimalField(
        _("avancement (%)"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    points = models.DecimalField(
        _("points"), max_digits=10, decimal_places=2, default=0, editable=False
    )
    max_points = models.DecimalField(
        _("points maximum"), max_digits=10, decimal_places=2, default=0, editable=False
    )
    penalty = models.DecimalField(
        _("pénalités"), max_digits=10, decimal_places=2, default=0, editable=False
    )
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    late_milestones = models.PositiveIntegerField(_("jalons en retard"), default=0, editable=False)
    milestones_counted = models.PositiveIntegerField(
        _("jalons comptés (hors abandonnés)"), default=0, editable=False
    )
    milestones_completed = models.PositiveIntegerField(
        _("jalons réalisés"), default=0, editable=False
    )
    milestones_completed_on_time = models.PositiveIntegerField(
        _("jalons réalisés à temps"), default=0, editable=False
    )
    measurability = models.PositiveSmallIntegerField(
        _("mesurabilité (sur 8)"), default=0, editable=False
    )
    measurability_failures = models.JSONField(
        _("critères de mesurabilité non remplis"), default=list, blank=True, editable=False
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.NOT_MEASURABLE,
        editable=False,
        db_index=True,
    )
    scored_on = models.DateField(_("score calculé au"), null=True, blank=True, editable=False)
    method_version = models.CharField(
        _("version de la méthode"), max_length=10, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="commitment_number_unique_per_plan",
                violation_error_message=_("Ce numéro est déjà utilisé dans ce plan."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="commitment_number_positive"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="commitment_dates_in_order",
                violation_error_message=_("La date de fin doit suivre la date de début."),
            ),
            models.CheckConstraint(
                condition=Q(cost_amount__isnull=True) | Q(cost_amount__gte=0),
                name="commitment_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cost_staff_fte__isnull=True) | Q(cost_staff_fte__gte=0),
                name="commitment_staff_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="commitment_progress_in_range",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="commitment_score_in_range",
            ),
            models.CheckConstraint(
                condition=Q(no_additional_cost=False)
                | (Q(cost_amount__isnull=True) | Q(cost_amount=0)),
                name="commitment_no_cost_has_no_amount",
                violation_error_message=_(
                    "Un engagement « sans coût supplémentaire » ne peut pas avoir de montant."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    ACTION_TYPE_FIELDS = (
        ("law", "action_law"),
        ("standard", "action_standard"),
        ("tool", "action_tool"),
        ("data", "action_data"),
        ("consultation", "action_consultation"),
        ("other", "action_other"),
    )
    OGP_VALUE_FIELDS = (
        ("access_to_information", "value_access_to_information"),
        ("civic_participation", "value_civic_participation"),
        ("public_accountability", "value_public_accountability"),
        ("technology_innovation", "value_technology_innovation"),
    )

    @property
    def action_types(self) -> list[str]:
        return [code for code, field in self.ACTION_TYPE_FIELDS if getattr(self, field)]

    @property
    def ogp_values(self) -> list[str]:
        return [code for code, field in self.OGP_VALUE_FIELDS if getattr(self, field)]

    LIST_LABELS = {"ogp_values": _("valeurs OGP"), "action_types": _("types d'action")}

    @property
    def fields_to_verify_labels(self) -> list[str]:
        """The fields flagged « à vérifier », by their French (or English) name."""
        labels = []
        for key in self.fields_to_verify or []:
            if key in self.LIST_LABELS:
                labels.append(str(self.LIST_LABELS[key]))
                continue
            try:
                field = self._meta.get_field(key)
            except FieldDoesNotExist:
                labels.append(str(key))
            else:
                labels.append(str(getattr(field, "verbose_name", key)))
        return labels


# --- a lead administration is not also a co-owner ------------------------------------------

LEAD_IS_CO_OWNER = _("L'administration porteuse ne peut pas être aussi co-porteuse.")


def _co_owner_is_not_the_lead(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Refuses to add a commitment's lead administration to its co-owners, whoever adds it (the
    admin form and the import check it first, with a message next to the field).

    Changing the lead to an administration that is already a co-owner is not refused here: a
    form that swaps the two saves the new lead before it replaces the co-owners. The admin form
    and the import check that case; no other path changes the lead."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # administration.co_owned_commitments.add(commitment, …)
        clash = Commitment.objects.filter(pk__in=pk_set, lead_administration=instance).exists()
    else:
        clash = instance.lead_administration_id in pk_set
    if clash:
        raise ValidationError({"co_owners": [LEAD_IS_CO_OWNER]}, code="lead_is_co_owner")


models.signals.m2m_changed.connect(
    _co_owner_is_not_the_lead,
    sender=Commitment.co_owners.through,
    dispatch_uid="commitments_co_owner_is_not_the_lead",
)
